import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectionProperty } from '../../../shared/helpers/descriptions';
import { textValue } from '../../../shared/helpers/values';
import { simplifyRecord } from '../../helpers/output';
import {
	newRecord,
	TEMPLATE_CHANGES,
	type RecordChanges,
	type TemplateRecordType,
	type TextChange,
} from '../../helpers/recordData';
import { customFieldsProperty, readCustomFields } from '../common.descriptions';
import type { KsmOperation } from '../types';

const RECORD_TYPES: Array<{ value: TemplateRecordType; name: string }> = [
	{ value: 'databaseCredentials', name: 'Database Credentials' },
	{ value: 'general', name: 'General' },
	{ value: 'login', name: 'Login' },
	{ value: 'serverCredentials', name: 'Server Credentials' },
	{ value: 'sshKeys', name: 'SSH Keys' },
];

const typesTaking = (change: TextChange): TemplateRecordType[] =>
	RECORD_TYPES.map(({ value }) => value).filter((type) => TEMPLATE_CHANGES[type].includes(change));

export const createSecret: KsmOperation = {
	resource: 'secret',
	value: 'create',
	name: 'Create',
	action: 'Create a secret',
	description:
		'Create a record (login, database credentials, server credentials, SSH keys or general) with its fields, notes and custom fields in a shared folder the application may edit, and return it with its new UID',
	properties: [
		{
			displayName: 'Record Type',
			name: 'recordType',
			type: 'options',
			options: RECORD_TYPES,
			default: 'login',
			description: 'The Keeper record type, which decides the standard fields of the record',
		},
		{
			displayName: 'Folder Name or ID',
			name: 'folderUid',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getFolders' },
			required: true,
			default: '',
			description:
				'A shared folder the application may edit, or one of its sub-folders. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
			description: 'The password; for SSH keys, the passphrase of the private key',
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/login',
			displayOptions: { show: { recordType: typesTaking('url') } },
		},
		{
			displayName: 'Database Type',
			name: 'databaseType',
			type: 'string',
			default: '',
			placeholder: 'postgresql',
			displayOptions: { show: { recordType: typesTaking('databaseType') } },
		},
		{
			displayName: 'Host Name',
			name: 'hostName',
			type: 'string',
			default: '',
			placeholder: 'db.example.com',
			displayOptions: { show: { recordType: typesTaking('hostName') } },
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'string',
			default: '',
			placeholder: '5432',
			displayOptions: { show: { recordType: typesTaking('port') } },
		},
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			placeholder: 'ssh-ed25519 AAAA...',
			displayOptions: { show: { recordType: typesTaking('publicKey') } },
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { recordType: typesTaking('privateKey') } },
		},
		collectionProperty({ displayName: 'Additional Fields', name: 'additionalFields', placeholder: 'Add Field' }, [
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			customFieldsProperty,
		]),
	],
	async execute(context, itemIndex) {
		const folderUid = textValue(this.getNodeParameter('folderUid', itemIndex, ''), 'Folder Name or ID');
		const title = textValue(this.getNodeParameter('title', itemIndex, ''), 'Title');
		if (!folderUid || !title) {
			throw new NodeOperationError(this.getNode(), `The ${folderUid ? 'title' : 'folder'} is empty`, {
				description: 'A new record needs a folder the application may edit and a title.',
				itemIndex,
			});
		}
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const recordType = this.getNodeParameter('recordType', itemIndex, 'login') as TemplateRecordType;
		if (!(recordType in TEMPLATE_CHANGES)) {
			throw new NodeOperationError(this.getNode(), `The record type "${String(recordType)}" is not supported`, {
				description: `Pick one of ${RECORD_TYPES.map(({ value }) => value).join(', ')}.`,
				itemIndex,
			});
		}
		const changes: RecordChanges = {
			notes: typeof additional.notes === 'string' ? additional.notes : undefined,
			customFields: readCustomFields(this, additional.customFields as IDataObject | undefined, itemIndex),
		};
		for (const name of TEMPLATE_CHANGES[recordType]) {
			// Secrets are taken as typed; other values without surrounding spaces. Empty leaves the field empty.
			const raw = String(this.getNodeParameter(name, itemIndex, ''));
			const value = name === 'password' || name === 'privateKey' ? raw : raw.trim();
			if (value !== '') changes[name] = value;
		}
		const data = newRecord(recordType, title, changes);

		const vault = await context.vault();
		const recordUid = await vault.client.createSecret(folderUid, data);
		vault.forgetRecords();
		return [simplifyRecord(await vault.readBack(recordUid))];
	},
};
