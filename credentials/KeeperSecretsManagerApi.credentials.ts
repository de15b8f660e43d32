import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * A Secrets Manager device configuration. Keeper signs and encrypts every request with keys from
 * it, which a declarative `test` request cannot do: the Keeper Secrets Manager node tests this
 * credential (`testedBy`) with a real `get_secret` call, so there is deliberately no `test` here.
 */
export class KeeperSecretsManagerApi implements ICredentialType {
	name = 'keeperSecretsManagerApi';

	displayName = 'Keeper Secrets Manager API';

	icon: Icon = { light: 'file:icons/keeper.svg', dark: 'file:icons/keeper.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-user-directory/n8n-nodes-user-directory/blob/main/docs/keeper-secrets-manager.md';

	properties: INodeProperties[] = [
		// Holds the device's private key and the application key; n8n's scanner expects a masked
		// field to be named as a secret.
		{
			displayName: 'Configuration',
			name: 'secretConfig',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			placeholder: 'ewogICJob3N0bmFtZSI6ICJrZWVwZXJzZWN1cml0eS5jb20iLAog…',
			description:
				'The Secrets Manager device configuration, base64 or JSON. In the Keeper vault: Secrets Manager → your application → Devices → Add Device → Configuration File (Base64). With the KSM command line: run `ksm profile init --token &lt;one-time token&gt;` and paste the output of `ksm profile export`. A one-time access token (US:…) alone does not work: it can be used only once.',
		},
		{
			displayName: 'Custom Host',
			name: 'useCustomHost',
			type: 'boolean',
			default: false,
			description:
				'Whether to talk to a host other than the one in the configuration, with its own server key: a self-hosted or IL5 deployment, or the local sandbox',
		},
		{
			displayName: 'Hostname',
			name: 'hostname',
			type: 'string',
			default: '',
			placeholder: 'keepersecurity.eu',
			description:
				'Replaces the "hostname" of the configuration: a Keeper host or region code (US, EU, AU, CA, JP, GOV). Plain http is accepted only for a loopback test server.',
			displayOptions: { show: { useCustomHost: [true] } },
		},
		{
			displayName: 'Server Public Key ID',
			name: 'serverPublicKeyId',
			type: 'string',
			default: '',
			placeholder: '7',
			description:
				'The ID of the key below that the host currently uses. Leave empty to keep the ID from the configuration.',
			displayOptions: { show: { useCustomHost: [true] } },
		},
		{
			displayName: 'Server Public Key',
			name: 'serverPublicKey',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'BK9w6TZFxE6nFNbMfIpULCup2a8xc6w2tUTABjxny7yFmxW0dAEojwC6j6zb5nTlmb1dAx8nwo3qF7RPYGmloRM',
			description:
				"The host's P-256 public key, URL-safe base64. A host that rotates keys: give each as &lt;key ID&gt;:&lt;key&gt;, one per line. Leave empty to use the key in the configuration, or Keeper's published keys.",
			displayOptions: { show: { useCustomHost: [true] } },
		},
	];
}
