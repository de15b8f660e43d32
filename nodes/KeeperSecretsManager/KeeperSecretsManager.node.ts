import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/description';
import { router } from './actions/router';
import { getFolders, keeperSecretsManagerApiTest, searchRecords } from './methods';

export class KeeperSecretsManager implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Keeper Secrets Manager',
		name: 'keeperSecretsManager',
		icon: { light: 'file:keeperSecretsManager.svg', dark: 'file:keeperSecretsManager.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and write secrets in a Keeper vault through Keeper Secrets Manager: list, read, create, update and delete records, get one-time codes, download and attach files, generate passwords',
		defaults: { name: 'Keeper Secrets Manager' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'keeperSecretsManagerApi',
				required: true,
				testedBy: 'keeperSecretsManagerApiTest',
				// Generating a password needs no vault.
				displayOptions: { hide: { resource: ['password'] } },
			},
		],
		properties,
	};

	methods = {
		credentialTest: { keeperSecretsManagerApiTest },
		listSearch: { searchRecords },
		loadOptions: { getFolders },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
