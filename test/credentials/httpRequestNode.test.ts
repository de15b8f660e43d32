import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { HTTP_REQUEST, runWorkflow } from '../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../dev/harness/workflows';
import { useTally } from '../package/tally';
import { startSandboxServer, type SandboxServer } from '../../dev/sandboxes/http';

/**
 * Issue 9 §1: a credential never reaches a host or path the user did not configure — through
 * n8n's real HTTP Request node (4.2, which sends credentials on cross-origin redirects by
 * default, and 4.4) and through this package's node, against a server that redirects on purpose
 * to a trap server on another loopback port.
 */

const NODE_ID = '966183628062721';
const OTHER_NODE_ID = '111111111111111';
const KEEPER_TOKEN = 'c2FuZGJveC1rZWVwZXItc2NpbS10b2tlbi0wMDAwMDE=';
const KANDJI_TOKEN = '3f6b2a4e-91c7-4d0a-8e55-b2c1d9f04a17';
const KONNEKTIVE_PASSWORD = 'correct horse battery staple';

let origin: SandboxServer;
let trap: SandboxServer;
/** Where the origin server redirects the next request to (built from the request itself). */
let redirect: { status: number; location: (path: string, query: string) => string } | undefined;

beforeAll(async () => {
	trap = await startSandboxServer(() => ({ status: 200, body: { trapped: true } }));
	origin = await startSandboxServer((request) => {
		if (!redirect) return { status: 200, body: { Resources: [], results: [], result: 'SUCCESS', message: { data: [] } } };
		const query = request.query.toString();
		return { status: redirect.status, headers: { Location: redirect.location(request.path, query) }, body: '' };
	});
});

afterAll(async () => {
	await origin.close();
	await trap.close();
});

beforeEach(() => {
	origin.requests.length = 0;
	trap.requests.length = 0;
	redirect = undefined;
});

interface Provider {
	type: string;
	credentials: () => ICredentialDataDecryptedObject;
	/** A path the credential is configured for. */
	path: string;
	secrets: string[];
}

const PROVIDERS: Provider[] = [
	{
		type: 'keeperScimApi',
		credentials: () => ({ region: 'custom', baseUrl: origin.url, nodeId: NODE_ID, apiToken: KEEPER_TOKEN }),
		path: `/api/rest/scim/v2/${NODE_ID}/Users`,
		secrets: [KEEPER_TOKEN],
	},
	{
		type: 'kandjiApi',
		credentials: () => ({ region: 'custom', baseUrl: origin.url, apiToken: KANDJI_TOKEN }),
		path: '/api/v1/users',
		secrets: [KANDJI_TOKEN],
	},
	{
		type: 'konnektiveApi',
		credentials: () => ({ loginId: 'api-user', password: KONNEKTIVE_PASSWORD, baseUrl: origin.url }),
		path: '/customer/query/',
		secrets: [KONNEKTIVE_PASSWORD, 'correct+horse', 'correct%20horse'],
	},
];

const PROVIDER_ID: Record<string, string> = { keeperScimApi: 'keeper', kandjiApi: 'kandji', konnektiveApi: 'konnektive' };

/** Get Many users through this package's node, with the provider's credential (changed by `overrides`). */
async function directoryGetMany(provider: Provider, overrides: ICredentialDataDecryptedObject = {}) {
	const directory = node(
		'Directory',
		USER_DIRECTORY,
		{ provider: PROVIDER_ID[provider.type], resource: 'user', operation: 'getAll', returnAll: false, limit: 5, filters: {}, simplify: true },
		{ credentials: credentialRefs(provider.type) },
	);
	return await runWorkflow(singleNodeWorkflow(directory), {
		credentials: { [provider.type]: { ...provider.credentials(), ...overrides } },
	});
}

async function httpRequest(provider: Provider, version: number, parameters: INodeParameters) {
	const request = node(
		'HTTP Request',
		HTTP_REQUEST,
		{ authentication: 'predefinedCredentialType', nodeCredentialType: provider.type, options: {}, ...parameters },
		{ typeVersion: version, credentials: credentialRefs(provider.type) },
	);
	return await runWorkflow(singleNodeWorkflow(request), { credentials: { [provider.type]: provider.credentials() } });
}

const count = useTally('credential origin');

const REDIRECTS: Array<{ name: string; location: (provider: Provider) => (path: string, query: string) => string }> = [
	{ name: 'to another port, echoing the query', location: () => (path, query) => `${trap.url}${path}?${query}` },
	{ name: 'protocol-relative to another port', location: () => (_path, query) => `//127.0.0.1:${trap.port}/collect?${query}` },
	{ name: 'to another Keeper node on the same origin', location: () => (_path, query) => `${origin.url}/api/rest/scim/v2/${OTHER_NODE_ID}/Users?${query}` },
	{ name: 'to a path outside the API on the same origin', location: () => (_path, query) => `/collect?${query}` },
];

describe.each([4.2, 4.4])('HTTP Request node %s with a predefined credential', (version) => {
	const cases = PROVIDERS.flatMap((provider) =>
		[301, 302, 303, 307, 308].flatMap((status) =>
			['GET', 'POST'].flatMap((method) => REDIRECTS.map((target) => ({ provider, status, method, target }))),
		),
	);

	it.each(cases.map((entry) => [`${entry.provider.type} ${entry.method} ${entry.status} ${entry.target.name}`, entry] as const))(
		'never follows a redirect: %s',
		async (_name, { provider, status, method, target }) => {
			redirect = { status, location: target.location(provider) };
			const run = await httpRequest(provider, version, { method, url: `${origin.url}${provider.path}` });
			const held = trap.requests.length === 0 && origin.requests.length === 1;
			count(`redirect ${version}`, held);
			const carried = trap.requests.some((request) =>
				provider.secrets.some((secret) => `${request.authorization ?? ''} ${request.query}`.includes(secret)),
			);
			count(`redirect ${version}: secret kept from the trap`, !carried);
			expect(trap.requests).toEqual([]);
			// The one request is the configured one; the redirect answer is an error, not followed.
			expect(origin.requests).toHaveLength(1);
			expect(run.error('HTTP Request')).toBeDefined();
		},
	);

	// Konnektive's base URL is its whole origin (its API spans many paths): only another origin or
	// an encoded slash is outside it.
	const outside = PROVIDERS.flatMap((provider) =>
		[
			'TRAP',
			`${provider.path.replace(/[^/]+\/?$/, '')}..%2F..%2Fcollect`,
		].concat(provider.type === 'konnektiveApi' ? [] : [
			'/collect',
			provider.type === 'keeperScimApi' ? `/api/rest/scim/v2/${OTHER_NODE_ID}/Users` : '/api/v2/users',
			provider.type === 'keeperScimApi' ? `/api/rest/scim/v2/${NODE_ID}/../${OTHER_NODE_ID}/Users` : '/api/v1/../../collect',
			`${provider.path.replace(/[^/]+\/?$/, '')}%2e%2e/%2e%2e/collect`,
		]).map((path) => ({ provider, path })),
	);

	it.each(outside.map((entry) => [`${entry.provider.type} ${entry.path}`, entry] as const))(
		'refuses a URL outside the configured base URL: %s',
		async (_name, { provider, path }) => {
			const url = path === 'TRAP' ? `${trap.url}${provider.path}` : `${origin.url}${path}`;
			const run = await httpRequest(provider, version, { method: 'GET', url });
			const refused = origin.requests.length === 0 && trap.requests.length === 0;
			count(`outside base URL ${version}`, refused);
			expect(run.error('HTTP Request')?.message).toMatch(/is only sent to http:\/\/127\.0\.0\.1:\d+/);
			expect(origin.requests).toEqual([]);
			expect(trap.requests).toEqual([]);
		},
	);

	it.each(PROVIDERS.map((provider) => [provider.type, provider] as const))(
		'refuses the Proxy option for a plain-http base URL (the proxy could read the secret): %s',
		async (_name, provider) => {
			const run = await httpRequest(provider, version, {
				method: 'GET',
				url: `${origin.url}${provider.path}`,
				options: { proxy: trap.url },
			});
			count(`proxy ${version}`, trap.requests.length === 0);
			expect(run.error('HTTP Request')?.message).toMatch(/through a proxy that could read it/);
			expect(trap.requests).toEqual([]);
			expect(origin.requests).toEqual([]);
		},
	);

	it.each(PROVIDERS.map((provider) => [provider.type, provider] as const))(
		'still sends the credential to the configured base URL: %s',
		async (_name, provider) => {
			const run = await httpRequest(provider, version, { method: 'GET', url: `${origin.url}${provider.path}` });
			expect(run.error('HTTP Request')).toBeUndefined();
			expect(origin.requests).toHaveLength(1);
			const [request] = origin.requests;
			expect(`${request.authorization ?? ''} ${decodeURIComponent(request.query.replace(/\+/g, ' '))}`).toContain(
				provider.secrets[0],
			);
		},
	);
});

describe('User Directory node against a redirecting server', () => {
	const cases = PROVIDERS.flatMap((provider) => [301, 302, 303, 307, 308].map((status) => ({ provider, status })));

	it.each(cases.map((entry) => [`${entry.provider.type} ${entry.status}`, entry] as const))(
		'does not follow it: %s',
		async (_name, { provider, status }) => {
			redirect = { status, location: (path, query) => `${trap.url}${path}?${query}` };
			const run = await directoryGetMany(provider);
			count('redirect User Directory', trap.requests.length === 0);
			expect(run.error('Directory')).toBeDefined();
			expect(trap.requests).toEqual([]);
		},
	);
});

describe('Directory credentials refuse plain http except to this machine', () => {
	const refused = [
		'http://scim.example.com',
		'http://10.0.0.5:8080',
		'http://192.168.1.20',
		'http://127.0.0.1.nip.io:8080',
		'http://localhost.example.com',
		'http://[::2]:8080',
		'http://0.0.0.0:8080',
		'HTTP://SCIM.EXAMPLE.COM',
	];
	const cases = PROVIDERS.flatMap((provider) => refused.map((baseUrl) => ({ provider, baseUrl })));

	it.each(cases.map((entry) => [`${entry.provider.type} ${entry.baseUrl}`, entry] as const))(
		'refuses %s',
		async (_name, { provider, baseUrl }) => {
			const run = await directoryGetMany(provider, { baseUrl });
			const message = run.error('Directory')?.message ?? '';
			count('plain http', /must start with https:\/\//.test(message));
			expect(message).toMatch(/must start with https:\/\/ \(plain http:\/\/ is accepted only for a server on this machine\)/);
		},
	);

	it.each(PROVIDERS.map((provider) => [provider.type, provider] as const))(
		'accepts a loopback test server over http (localhost, 127.0.0.1): %s',
		async (_name, provider) => {
			for (const host of ['127.0.0.1', 'localhost']) {
				const run = await directoryGetMany(provider, { baseUrl: `http://${host}:${origin.port}` });
				expect(run.error('Directory')?.message ?? '').not.toMatch(/must start with https/);
			}
		},
	);
});
