import type { IAuthenticate, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { authenticateKandjiRequest } from '../nodes/shared/providers/kandji/credentials';

// The Test button is the User Directory node's `kandjiApiTest` (nodes/shared/transport/
// credentialTest.ts): it validates the subdomain first, then tells a wrong token (401) from a
// token lacking the List Users permission (403) through the provider's error hints.
export class KandjiApi implements ICredentialType {
	name = 'kandjiApi';

	displayName = 'Kandji API';

	icon: Icon = { light: 'file:icons/kandji.svg', dark: 'file:icons/kandji.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-user-directory/n8n-nodes-user-directory/blob/main/docs/kandji.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'US (<subdomain>.api.kandji.io)', value: 'us' },
				{ name: 'EU (<subdomain>.api.eu.kandji.io)', value: 'eu' },
				{ name: 'Custom (Proxy or Local Sandbox)', value: 'custom' },
			],
			default: 'us',
			description: 'Where your Kandji tenant is hosted: the API URL under Settings → Access → API Token tells (".api.eu." means EU)',
		},
		{
			displayName: 'Subdomain',
			name: 'subdomain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description:
				'The first part of your Kandji API URL: for https://acme.api.kandji.io enter "acme". Pasting the whole API URL works too.',
			displayOptions: { show: { region: ['us', 'eu'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://kandji-proxy.example.com',
			description:
				'Scheme, host, optional port and path of a server that serves /api/v1/… like Kandji; https://, or http:// for a server on this machine only',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An API token from Kandji (Settings → Access → API Token → Add API Token), shown once when created. Under Configure, give it the permissions of the operations you use: List Users and Get User; Device list for devices; Lock Device and Delete User for those actions.',
		},
	];

	authenticate: IAuthenticate = authenticateKandjiRequest;
}
