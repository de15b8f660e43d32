import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

// Mirrors KEEPER_REGION_HOSTS in nodes/shared/providers/keeper/credentials.ts: credential
// expressions cannot import code, so the test request spells the hosts out.
const SCIM_BASE_URL =
	"={{ ($credentials.region === 'custom' ? $credentials.baseUrl.trim().replace(/\\/+$/, '') : 'https://' + ($credentials.region === 'eu' ? 'keepersecurity.eu' : $credentials.region === 'au' ? 'keepersecurity.com.au' : $credentials.region === 'ca' ? 'keepersecurity.ca' : $credentials.region === 'jp' ? 'keepersecurity.jp' : $credentials.region === 'gov' ? 'govcloud.keepersecurity.us' : 'keepersecurity.com')) + '/api/rest/scim/v2/' + String($credentials.nodeId).trim() }}";

export class KeeperScimApi implements ICredentialType {
	name = 'keeperScimApi';

	displayName = 'Keeper SCIM API';

	icon: Icon = { light: 'file:icons/keeper.svg', dark: 'file:icons/keeper.dark.svg' };

	documentationUrl = 'https://docs.keeper.io/en/enterprise-guide/user-and-team-provisioning/automated-provisioning-with-scim';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'US (keepersecurity.com)', value: 'us' },
				{ name: 'EU (keepersecurity.eu)', value: 'eu' },
				{ name: 'Australia (keepersecurity.com.au)', value: 'au' },
				{ name: 'Canada (keepersecurity.ca)', value: 'ca' },
				{ name: 'Japan (keepersecurity.jp)', value: 'jp' },
				{ name: 'US GovCloud (govcloud.keepersecurity.us)', value: 'gov' },
				{ name: 'Custom (Proxy or Local Sandbox)', value: 'custom' },
			],
			default: 'us',
			description: 'The Keeper data center your tenant lives in: the host you sign in to the Admin Console at',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://scim-proxy.example.com',
			description: 'Scheme, host and optional port of the server that serves /api/rest/scim/v2/…',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Node ID',
			name: 'nodeId',
			type: 'string',
			default: '',
			placeholder: '123435384338765',
			description:
				'The 15-digit ID of the Keeper node that has the SCIM provisioning method (Admin Console → Admin → node → Provisioning). It is the number at the end of the SCIM URL.',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The SCIM token generated for this node (Provisioning → Add Method → SCIM → Generate); Keeper shows it only once',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken.trim()}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: SCIM_BASE_URL,
			url: '/Users',
			qs: { count: 1 },
			headers: { Accept: 'application/scim+json, application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Keeper rejected the API token. Check the token first (it is shown only once; regenerate it if unsure), then that the node ID is the node the token was generated for, then the region.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Keeper refused access: the token is not allowed on this node, or SCIM provisioning is disabled for it. Check the node ID and the SCIM method in the Admin Console.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No SCIM endpoint at this address: the node ID is probably wrong, or your tenant is in another region.',
				},
			},
		],
	};
}
