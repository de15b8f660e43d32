import { NodeOperationError } from 'n8n-workflow';

import { KsmError } from '../../transport';
import { readRecordLookup, recordLocator } from '../common.descriptions';
import type { KsmOperation } from '../types';

export const deleteSecret: KsmOperation = {
	resource: 'secret',
	value: 'delete',
	name: 'Delete',
	action: 'Delete a secret',
	description:
		'Delete a record, with its files, from the Keeper vault. It needs "Confirm Deletion" turned on and an application that may edit the record.',
	properties: [
		recordLocator,
		{
			displayName: 'Confirm Deletion',
			name: 'confirmDelete',
			type: 'boolean',
			default: false,
			description:
				'Whether you confirm that the record and its files are deleted from the vault for everyone it is shared with. The operation fails without this confirmation.',
		},
	],
	async execute(context, itemIndex) {
		if (this.getNodeParameter('confirmDelete', itemIndex) !== true) {
			throw new NodeOperationError(this.getNode(), 'Deleting the record was not confirmed', {
				description: 'Delete removes the record for everyone it is shared with. Turn on "Confirm Deletion" in this node to run it; nothing was deleted.',
				itemIndex,
			});
		}
		const vault = await context.vault();
		const record = await vault.find(readRecordLookup(this, itemIndex));
		const results = await vault.client.deleteSecrets([record.recordUid]);
		vault.forgetRecords();
		const outcome = results.find((result) => result.recordUid === record.recordUid);
		if (outcome?.responseCode !== 'ok') {
			throw new KsmError(
				`Keeper did not delete record ${record.recordUid}` +
					(outcome ? ` (${outcome.responseCode}${outcome.errorMessage ? `: ${outcome.errorMessage}` : ''})` : ''),
				'The application may only read this record: give it edit rights in the Keeper vault.',
			);
		}
		return [{ uid: record.recordUid, title: record.data.title, type: record.data.type, deleted: true }];
	},
};
