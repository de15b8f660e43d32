import type { INodeProperties } from 'n8n-workflow';

export const fileProperty: INodeProperties = {
	displayName: 'File',
	name: 'file',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'backup.tar.gz',
	description: "The attached file's name, title or UID (Get lists them under files)",
};
