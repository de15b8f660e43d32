import type { IAuthenticate, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { authenticateKonnektiveRequest } from '../nodes/shared/providers/konnektive/credentials';

// The Test button is the User Directory node's `konnektiveApiTest` (nodes/shared/transport/
// credentialTest.ts): Konnektive answers errors with HTTP 200, and only code can tell a refused
// login from an account that has no customers yet, and name the cause (IP whitelist, permission).
export class KonnektiveApi implements ICredentialType {
	name = 'konnektiveApi';

	displayName = 'Konnektive API';

	icon: Icon = { light: 'file:icons/konnektive.svg', dark: 'file:icons/konnektive.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-user-directory/n8n-nodes-user-directory/blob/main/docs/konnektive.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Login ID',
			name: 'loginId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The login ID of a Konnektive user with the access level "Api User" (Admin → Users → Add User). Do not use your own sign-in.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The API user's password (Konnektive does not allow \"&\" in it)",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.konnektive.com',
			placeholder: 'https://api.konnektive.com',
			description:
				'https://api.konnektive.com for Konnektive, https://api.checkoutchamp.com for Checkout Champ. Another address only for a proxy or the local sandbox (scheme, host and port; plain http:// only for a server on this machine).',
		},
	];

	authenticate: IAuthenticate = authenticateKonnektiveRequest;
}
