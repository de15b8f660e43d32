import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/description';
import { router } from './actions/router';
import { PROVIDERS } from '../shared/providers/registry';
import { credentialTestMethods } from '../shared/transport/credentialTest';

export class UserDirectory implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'User Directory',
		name: 'userDirectory',
		icon: { light: 'file:userDirectory.svg', dark: 'file:userDirectory.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read, watch and manage users and groups in Keeper, Kandji and Konnektive',
		defaults: { name: 'User Directory' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Spelled out (not built from the registry) so that n8n's verification can see each
		// credential's test; test/unit/registration.test.ts keeps this list in step with PROVIDERS.
		credentials: [
			{
				name: 'keeperScimApi',
				required: true,
				testedBy: 'keeperScimApiTest',
				displayOptions: { show: { provider: ['keeper'] } },
			},
			{
				name: 'kandjiApi',
				required: true,
				testedBy: 'kandjiApiTest',
				displayOptions: { show: { provider: ['kandji'] } },
			},
			{
				name: 'konnektiveApi',
				required: true,
				testedBy: 'konnektiveApiTest',
				displayOptions: { show: { provider: ['konnektive'] } },
			},
		],
		properties,
	};

	methods = { credentialTest: credentialTestMethods(PROVIDERS) };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
