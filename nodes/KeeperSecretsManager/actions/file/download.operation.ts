import { textValue } from '../../../shared/helpers/values';
import { simplifyFile } from '../../helpers/output';
import { findFile } from '../../helpers/notation';
import { readRecordLookup, recordLocator } from '../common.descriptions';
import { BinaryItems, type KsmOperation } from '../types';
import { fileProperty } from './common';

export const downloadFile: KsmOperation = {
	resource: 'file',
	value: 'download',
	name: 'Download',
	action: 'Download a file',
	description:
		"Download a file attached to a record, decrypted, as binary data with its name and MIME type, plus the file's metadata",
	properties: [
		recordLocator,
		fileProperty,
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			required: true,
			default: 'data',
			hint: 'The name of the output binary field to put the file in',
		},
	],
	async execute(context, itemIndex) {
		const vault = await context.vault();
		const record = await vault.find(readRecordLookup(this, itemIndex));
		const file = findFile(record, textValue(this.getNodeParameter('file', itemIndex), 'File'));
		const content = await vault.client.downloadFile(record.recordUid, file.fileUid);
		const binaryField = textValue(this.getNodeParameter('binaryPropertyName', itemIndex), 'Put Output File in Field') || 'data';
		const binary = await this.helpers.prepareBinaryData(
			content,
			file.data.name ?? file.fileUid,
			file.data.type || 'application/octet-stream',
		);
		return new BinaryItems([
			{ json: { recordUid: record.recordUid, ...simplifyFile(file) }, binary: { [binaryField]: binary } },
		]);
	},
};
