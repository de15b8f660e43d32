import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectionProperty, optionsProperty } from '../../../shared/helpers/descriptions';
import { simplifyRecord } from '../../helpers/output';
import { applyChanges, hasChanges, type RecordChanges, type TextChange } from '../../helpers/recordData';
import { customFieldsProperty, readCustomFields, readRecordLookup, recordLocator } from '../common.descriptions';
import type { KsmOperation } from '../types';

const TEXT_CHANGES: readonly TextChange[] = [
	'title',
	'notes',
	'login',
	'password',
	'url',
	'hostName',
	'port',
	'databaseType',
	'publicKey',
	'privateKey',
];

export const updateSecret: KsmOperation = {
	resource: 'secret',
	value: 'update',
	name: 'Update',
	action: 'Update a secret',
	description:
		'Set or clear fields of an existing record (title, login, password, URL, notes, host, port, database type, SSH key pair, custom fields). If someone changed the record in the meantime, the update is refused rather than overwriting their change.',
	properties: [
		recordLocator,
		collectionProperty({ displayName: 'Update Fields', name: 'updateFields', placeholder: 'Add Field' }, [
			customFieldsProperty,
			{ displayName: 'Database Type', name: 'databaseType', type: 'string', default: '', placeholder: 'postgresql' },
			{ displayName: 'Host Name', name: 'hostName', type: 'string', default: '', placeholder: 'db.example.com' },
			{ displayName: 'Login', name: 'login', type: 'string', default: '' },
			{ displayName: 'Notes', name: 'notes', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
			{ displayName: 'Port', name: 'port', type: 'string', default: '', placeholder: '5432' },
			{
				displayName: 'Private Key',
				name: 'privateKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
			},
			{ displayName: 'Public Key', name: 'publicKey', type: 'string', typeOptions: { rows: 2 }, default: '' },
			{ displayName: 'Title', name: 'title', type: 'string', default: '' },
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
		], { description: 'The fields to set; fields not added here keep their values. An empty value clears the field.' }),
		optionsProperty([
			{
				displayName: 'Only If Revision Is',
				name: 'expectedRevision',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description:
					'Refuse the update unless the record is still at this revision, e.g. the `revision` a Get earlier in the workflow returned. Without it, the revision read just before the update is used.',
			},
		]),
	],
	async execute(context, itemIndex) {
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const changes: RecordChanges = {
			customFields: readCustomFields(this, fields.customFields as IDataObject | undefined, itemIndex),
		};
		for (const key of TEXT_CHANGES) if (fields[key] !== undefined) changes[key] = String(fields[key]);
		if (!hasChanges(changes)) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update', {
				description: 'Add the fields to set under Update Fields.',
				itemIndex,
			});
		}
		if (changes.title?.trim() === '') {
			throw new NodeOperationError(this.getNode(), 'The new title is empty', {
				description: 'A record needs a title: enter one, or remove Title from Update Fields.',
				itemIndex,
			});
		}
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

		const vault = await context.vault();
		const current = await vault.find(readRecordLookup(this, itemIndex), { fresh: true });
		const revision = typeof options.expectedRevision === 'number' ? options.expectedRevision : current.revision;
		await vault.client.updateSecret({ recordUid: current.recordUid, revision, data: applyChanges(current.data, changes) });
		vault.forgetRecords();
		return [simplifyRecord(await vault.readBack(current.recordUid, current.revision))];
	},
};
