import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { simplifyRecord } from '../../helpers/output';
import { newLoginRecord } from '../../helpers/recordData';
import { customFieldsProperty, readCustomFields } from '../common.descriptions';
import type { SecretOperation } from '../types';

export const createSecret: SecretOperation = {
	value: 'create',
	name: 'Create',
	action: 'Create a login secret',
	description:
		'Create a login record (login, password, URL, notes, custom fields) in a shared folder the application may edit, and return it with its new UID',
	properties: [
		{
			displayName: 'Folder Name or ID',
			name: 'folderUid',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getFolders' },
			required: true,
			default: '',
			description:
				'A shared folder the application may edit, or one of its sub-folders. Choose from the list, or specify a folder UID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'Staging database',
		},
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			default: '',
			placeholder: 'admin@example.com',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/login',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Notes',
					name: 'notes',
					type: 'string',
					typeOptions: { rows: 3 },
					default: '',
				},
				customFieldsProperty,
			],
		},
	],
	async execute(context, itemIndex) {
		const text = (name: string) => String(this.getNodeParameter(name, itemIndex, '')).trim();
		const folderUid = text('folderUid');
		const title = text('title');
		if (!folderUid || !title) {
			throw new NodeOperationError(this.getNode(), `The ${folderUid ? 'title' : 'folder'} is empty`, {
				description: 'A new record needs a folder the application may edit and a title.',
				itemIndex,
			});
		}
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const optional = (value: string) => (value === '' ? undefined : value);
		const data = newLoginRecord(title, {
			login: optional(text('login')),
			password: optional(String(this.getNodeParameter('password', itemIndex, ''))),
			url: optional(text('url')),
			notes: typeof additional.notes === 'string' ? additional.notes : undefined,
			customFields: readCustomFields(this, additional.customFields as IDataObject | undefined, itemIndex),
		});

		const vault = await context.vault();
		const recordUid = await vault.client.createSecret(folderUid, data);
		vault.forgetRecords();
		return [simplifyRecord(await vault.readBack(recordUid))];
	},
};
