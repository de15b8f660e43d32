import type { IAuthenticate, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { authenticateKeeperRequest } from '../nodes/shared/providers/keeper/credentials';
import { KEEPER_SCIM_REGIONS } from '../nodes/shared/providers/keeper/regions';

// The Test button is the User Directory node's `keeperScimApiTest` (see nodes/shared/transport/
// credentialTest.ts): it tells a wrong token from a wrong node id or region, which n8n's
// declarative credential tests cannot.
export class KeeperScimApi implements ICredentialType {
	name = 'keeperScimApi';

	displayName = 'Keeper SCIM API';

	icon: Icon = { light: 'file:icons/keeper.svg', dark: 'file:icons/keeper.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-user-directory/n8n-nodes-user-directory/blob/main/docs/keeper.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				...KEEPER_SCIM_REGIONS,
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
			required: true,
			placeholder: 'https://scim-proxy.example.com',
			description:
				'Scheme, host and optional port of the server that serves /api/rest/scim/v2/…; https://, or http:// for a server on this machine only',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Node ID',
			name: 'nodeId',
			type: 'string',
			default: '',
			required: true,
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
			required: true,
			description:
				'The SCIM token generated for this node (Provisioning → Add Method → SCIM → Generate); Keeper shows it only once',
		},
	];

	authenticate: IAuthenticate = authenticateKeeperRequest;
}
