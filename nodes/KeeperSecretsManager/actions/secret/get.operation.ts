import { rawRecord, simplifyRecord } from '../../helpers/output';
import { readRecordLookup, recordLocator, simplifyProperty } from '../common.descriptions';
import type { KsmOperation } from '../types';

export const getSecret: KsmOperation = {
	resource: 'secret',
	value: 'get',
	name: 'Get',
	action: 'Get a secret',
	description:
		'Get one record with all its field values (login, password, URL, host, port, one-time code, custom fields) and the metadata of its files, by UID or exact title',
	properties: [recordLocator, simplifyProperty],
	async execute(context, itemIndex) {
		const record = await (await context.vault()).find(readRecordLookup(this, itemIndex));
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return [simplify ? simplifyRecord(record) : rawRecord(record)];
	},
};
