import { textValue } from '../../../shared/helpers/values';
import { findFile } from '../../helpers/notation';
import { simplifyFile } from '../../helpers/output';
import { KsmError } from '../../transport';
import { readRecordLookup, recordLocator } from '../common.descriptions';
import type { KsmOperation } from '../types';
import { fileProperty } from './common';

export const deleteFile: KsmOperation = {
	resource: 'file',
	value: 'delete',
	name: 'Delete',
	action: 'Delete a file',
	description: 'Remove a file from a record; the record itself stays',
	properties: [recordLocator, fileProperty],
	async execute(context, itemIndex) {
		const vault = await context.vault();
		const record = await vault.find(readRecordLookup(this, itemIndex), { fresh: true });
		const file = findFile(record, textValue(this.getNodeParameter('file', itemIndex), 'File'));
		const data = structuredClone(record.data);
		// As the SDKs do: the file leaves the fileRef field, which goes when it lists nothing else.
		data.fields = data.fields
			.map((field) =>
				field.type === 'fileRef' ? { ...field, value: field.value.filter((uid) => uid !== file.fileUid) } : field,
			)
			.filter((field) => field.type !== 'fileRef' || field.value.length > 0);
		await vault.client.updateSecret({
			recordUid: record.recordUid,
			revision: record.revision,
			data,
			removeFileUids: [file.fileUid],
		});
		vault.forgetRecords();
		const after = await vault.find({ by: 'uid', value: record.recordUid }, { fresh: true });
		if (after.files.some((candidate) => candidate.fileUid === file.fileUid)) {
			throw new KsmError(`Keeper still lists file ${file.fileUid} on record ${record.recordUid} after removing it`);
		}
		return [{ recordUid: after.recordUid, revision: after.revision, ...simplifyFile(file), deleted: true }];
	},
};
