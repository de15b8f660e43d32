import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties, userDirectorySubtitle } from './actions/description';
import { router } from './actions/router';
import { searchGroups, searchUsers } from './methods/listSearch';
import { getFilterGroups } from '../shared/detection';
import { credentialDisplayOptions, providerBrands, PROVIDERS, withEveryProviderCredential } from '../shared/providers/registry';
import { credentialTestMethods } from '../shared/transport/credentialTest';

export class UserDirectory implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'User Directory',
		name: 'userDirectory',
		icon: { light: 'file:userDirectory.svg', dark: 'file:userDirectory.dark.svg' },
		group: ['input'],
		// n8n adds a "Custom API Call" resource and operation to the latest version of any node whose
		// credentials authenticate requests; this node could not run it (custom calls go through an
		// HTTP Request node with the credential, see docs/user-directory.md). n8n counts a node as its
		// latest version when `defaultVersion === version`, which an array never equals.
		version: [1],
		defaultVersion: 1,
		subtitle: userDirectorySubtitle,
		description: `Read, watch and manage users and groups in ${providerBrands()}`,
		defaults: { name: 'User Directory' },
		// An AI Agent's tool search looks at the display name only (n8n drops the codex aliases of tools).
		usableAsTool: { replacements: { displayName: `User Directory (${PROVIDERS.map((provider) => provider.brand).join(', ')})` } },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// The shipped providers' credentials spelled out, so that n8n's verification can see each
		// credential's test; the constructor adds any other registered provider's.
		credentials: [
			{ name: 'keeperScimApi', required: true, testedBy: 'keeperScimApiTest', displayOptions: credentialDisplayOptions('keeperScimApi') },
			{ name: 'kandjiApi', required: true, testedBy: 'kandjiApiTest', displayOptions: credentialDisplayOptions('kandjiApi') },
			{ name: 'konnektiveApi', required: true, testedBy: 'konnektiveApiTest', displayOptions: credentialDisplayOptions('konnektiveApi') },
		],
		properties,
	};

	methods = { credentialTest: credentialTestMethods(PROVIDERS), listSearch: { searchUsers, searchGroups },
		loadOptions: { getFilterGroups },
	};

	constructor() {
		this.description.credentials = withEveryProviderCredential(this.description.credentials);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
