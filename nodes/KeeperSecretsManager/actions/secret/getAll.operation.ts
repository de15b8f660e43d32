import type { IDataObject } from 'n8n-workflow';

import { textValue } from '../../../shared/helpers/values';
import { collectionProperty, limitProperty, returnAllProperty } from '../../../shared/helpers/descriptions';
import { recordSummary } from '../../helpers/output';
import type { KsmRecord } from '../../transport';
import type { KsmOperation } from '../types';

export const getManySecrets: KsmOperation = {
	resource: 'secret',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many secrets',
	description:
		'List the records shared with the application — UID, type, title and folder, without any field values. Use it to find the UID of a record before reading it.',
	properties: [
		returnAllProperty,
		limitProperty,
		collectionProperty({ displayName: 'Filters', name: 'filters', placeholder: 'Add Filter' }, [
			{
				displayName: 'Record Type',
				name: 'recordType',
				type: 'string',
				default: '',
				placeholder: 'login',
				description:
					'Only records of this type, such as login, databaseCredentials or serverCredentials (case-insensitive)',
			},
			{
				displayName: 'Title Contains',
				name: 'title',
				type: 'string',
				default: '',
				placeholder: 'MySQL',
				description: 'Only records whose title contains this text (case-insensitive)',
			},
		]),
	],
	async execute(context, itemIndex) {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const recordType = textValue(filters.recordType, 'Record Type').toLowerCase();
		const titlePart = textValue(filters.title, 'Title Contains').toLowerCase();
		const matches = (record: KsmRecord) =>
			(!recordType || record.data.type.toLowerCase() === recordType) &&
			(!titlePart || record.data.title.toLowerCase().includes(titlePart));

		const records = (await (await context.vault()).records())
			.filter(matches)
			.sort((a, b) => a.data.title.localeCompare(b.data.title) || a.recordUid.localeCompare(b.recordUid));
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		const limited = returnAll ? records : records.slice(0, this.getNodeParameter('limit', itemIndex) as number);
		return limited.map(recordSummary);
	},
};
