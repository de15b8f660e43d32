import type { IDataObject } from 'n8n-workflow';

import { optionsProperty } from '../../../shared/helpers/descriptions';
import { textValue } from '../../../shared/helpers/values';
import { simplifyFile } from '../../helpers/output';
import { KsmError } from '../../transport';
import { readRecordLookup, recordLocator } from '../common.descriptions';
import type { KsmOperation } from '../types';

export const uploadFile: KsmOperation = {
	resource: 'file',
	value: 'upload',
	name: 'Upload',
	action: 'Upload a file',
	description:
		'Attach binary data of the input item to a record as a file, encrypted as the Keeper apps do, and return its metadata with the new file UID',
	properties: [
		recordLocator,
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			required: true,
			default: 'data',
			hint: 'The name of the input binary field holding the file to attach',
		},
		optionsProperty([
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: 'Name of the file in the vault; by default the name of the binary data',
			},
			{
				displayName: 'MIME Type',
				name: 'mimeType',
				type: 'string',
				default: '',
				placeholder: 'application/pdf',
				description: 'By default the MIME type of the binary data',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				description: 'Title the Keeper vault shows for the file; by default its name',
			},
		]),
	],
	async execute(context, itemIndex) {
		const binaryField = textValue(this.getNodeParameter('binaryPropertyName', itemIndex), 'Input Binary Field') || 'data';
		const binary = this.helpers.assertBinaryData(itemIndex, binaryField);
		const content = await this.helpers.getBinaryDataBuffer(itemIndex, binaryField);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const name = textValue(options.fileName, 'File Name') || binary.fileName || 'file';
		const upload = {
			name,
			title: textValue(options.title, 'Title') || name,
			mimeType: textValue(options.mimeType, 'MIME Type') || binary.mimeType || 'application/octet-stream',
			content,
		};

		const vault = await context.vault();
		const record = await vault.find(readRecordLookup(this, itemIndex), { fresh: true });
		const fileUid = await vault.client.uploadFile(record, upload);
		vault.forgetRecords();
		// Success is what Keeper lists afterwards, not what the upload answered.
		const after = await vault.find({ by: 'uid', value: record.recordUid }, { fresh: true });
		const stored = after.files.find((file) => file.fileUid === fileUid);
		if (!stored) {
			throw new KsmError(`Keeper does not list file ${fileUid} on record ${record.recordUid} after the upload`);
		}
		return [{ recordUid: after.recordUid, revision: after.revision, ...simplifyFile(stored) }];
	},
};
