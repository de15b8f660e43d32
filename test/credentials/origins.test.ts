import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { packageUnderTest } from '../../dev/harness/engine';

const { credentialTypes } = packageUnderTest();

async function authenticate(type: string, credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions) {
	const { authenticate: apply } = credentialTypes[type];
	if (typeof apply !== 'function') throw new Error(`${type} should authenticate in code`);
	return await apply(credentials, options);
}

const CASES: Array<{ type: string; credentials: ICredentialDataDecryptedObject; secret: string; configured: string }> = [
	{
		type: 'keeperScimApi',
		credentials: { region: 'custom', baseUrl: 'http://127.0.0.1:4100', nodeId: '966183628062721', apiToken: 'c2FuZGJveC1rZWVwZXItc2NpbS10b2tlbi0wMDAwMDE=' },
		secret: 'c2FuZGJveC1rZWVwZXItc2NpbS10b2tlbi0wMDAwMDE=',
		configured: 'http://127.0.0.1:4100/api/rest/scim/v2/966183628062721/Users',
	},
	{
		type: 'kandjiApi',
		credentials: { region: 'custom', baseUrl: 'http://127.0.0.1:4200', apiToken: '3f6b2a4e-91c7-4d0a-8e55-b2c1d9f04a17' },
		secret: '3f6b2a4e-91c7-4d0a-8e55-b2c1d9f04a17',
		configured: 'http://127.0.0.1:4200/api/v1/users',
	},
	{
		type: 'konnektiveApi',
		credentials: { loginId: 'api-user', password: 'pw-with-enough-length', baseUrl: 'http://127.0.0.1:4300' },
		secret: 'pw-with-enough-length',
		configured: 'http://127.0.0.1:4300/customer/query/',
	},
];

describe.each(CASES)('$type credential', ({ type, credentials, secret, configured }) => {
	it('adds the secret to requests for the configured host', async () => {
		const applied = await authenticate(type, credentials, { url: configured });
		expect(JSON.stringify({ headers: applied.headers, qs: applied.qs })).toContain(secret);
	});

	it('refuses to send it anywhere else, for example from the HTTP Request node', async () => {
		for (const url of ['https://attacker.example/collect', 'http://127.0.0.1:9999/x', 'http://user@127.0.0.1:4100/x']) {
			await expect(authenticate(type, credentials, { url })).rejects.toThrow(/is only sent to http:\/\/127\.0\.0\.1:4\d00[^;]*; this request was for/);
		}
	});
});

describe('what an allowed request may carry', () => {
	const https = {
		keeperScimApi: { region: 'us', nodeId: '966183628062721', apiToken: 'c2FuZGJveC1rZWVwZXItc2NpbS10b2tlbi0wMDAwMDE=', url: 'https://keepersecurity.com/api/rest/scim/v2/966183628062721/Users' },
		kandjiApi: { region: 'us', subdomain: 'acme', apiToken: '3f6b2a4e-91c7-4d0a-8e55-b2c1d9f04a17', url: 'https://acme.api.kandji.io/api/v1/users' },
		konnektiveApi: { loginId: 'api-user', password: 'pw-with-enough-length', url: 'https://api.konnektive.com/customer/query/' },
	};

	it.each(Object.entries(https))('%s: redirects are off in both request helpers\' option names', async (type, { url, ...credentials }) => {
		const applied = (await authenticate(type, credentials, { url, followRedirect: true, maxRedirects: 21 } as IHttpRequestOptions)) as IHttpRequestOptions & Record<string, unknown>;
		expect(applied).toMatchObject({
			disableFollowRedirect: true,
			followRedirect: false,
			followAllRedirects: false,
			maxRedirects: 0,
			sendCredentialsOnCrossOriginRedirect: false,
		});
	});

	it.each(Object.entries(https))('%s: a proxy only as a TLS tunnel with certificate checks on', async (type, { url, ...credentials }) => {
		const proxy = { host: '127.0.0.1', port: 3128, protocol: 'http' };
		await expect(authenticate(type, credentials, { url, proxy })).resolves.toBeDefined();
		for (const unverified of [{ rejectUnauthorized: false }, { skipSslCertificateValidation: true }]) {
			await expect(authenticate(type, credentials, { url, proxy, ...unverified } as IHttpRequestOptions)).rejects.toThrow(/through a proxy that could read it/);
		}
		const legacy = { uri: url, proxy: 'http://127.0.0.1:3128' } as unknown as IHttpRequestOptions;
		await expect(authenticate(type, credentials, legacy)).resolves.toBeDefined();
	});
});
