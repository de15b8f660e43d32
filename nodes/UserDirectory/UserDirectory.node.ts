import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { credentials, properties } from './actions/description';
import { router } from './actions/router';

export class UserDirectory implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'User Directory',
		name: 'userDirectory',
		icon: { light: 'file:userDirectory.svg', dark: 'file:userDirectory.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read users and groups from Keeper, Kandji and Konnektive, and watch them for changes',
		defaults: { name: 'User Directory' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
