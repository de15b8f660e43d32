import { testCredential } from '../../../dev/harness/engine';
import { waits } from '../../jest/virtualClock';
import { startKeeperSandbox } from '../../../dev/sandboxes/keeper';
import { useKeeperSandbox } from './keeperSupport';

const keeper = useKeeperSandbox({ users: 12, teams: 2, seed: 5 });
const run = keeper.run;

const listAll = { resource: 'user', operation: 'getAll', returnAll: true };
const WRONG_TOKEN = 'd3JvbmctdG9rZW4td3JvbmctdG9rZW4td3JvbmctdG9rZW4=';

function describeError(error: Error | undefined): string {
	const { description } = (error ?? {}) as { description?: string };
	return `${error?.message ?? ''}\n${description ?? ''}`;
}

describe('Keeper errors name the cause and what to do', () => {
	it('a rejected token names token, node id and region as the culprits', async () => {
		const error = (await run(listAll, { credentials: { apiToken: WRONG_TOKEN } })).error('Directory');
		expect(error?.message).toMatch(/^Keeper rejected the API token \(401\)/);
		expect(describeError(error)).toMatch(/token.*node ID.*region/s);
	});

	it('an unknown node id points at the node id or the region', async () => {
		const error = (await run(listAll, { credentials: { nodeId: '123456789012345' } })).error('Directory');
		expect(error?.message).toMatch(/no SCIM endpoint at this address \(404\)/);
		expect(describeError(error)).toMatch(/no SCIM node with this ID in this region/);
	});

	it('refuses a node id that is not 15 digits before sending anything', async () => {
		const error = (await run(listAll, { credentials: { nodeId: '12345' } })).error('Directory');
		expect(error?.message).toBe('The Keeper node ID must be the 15-digit number of the SCIM node');
		expect(keeper.sandbox.server.requests).toHaveLength(0);
	});

	it('refuses a token that is not base64, and accepts URL-safe tokens from Commander', async () => {
		const bad = (await run(listAll, { credentials: { apiToken: 'not a token!' } })).error('Directory');
		expect(bad?.message).toBe('The Keeper API token is not a base64 token');
		expect(keeper.sandbox.server.requests).toHaveLength(0);

		const urlSafeToken = 'Zm9vYmFyLWJhei1xdXV4LWNvbW1hbmRlci10b2tlbi0_x';
		const commander = await startKeeperSandbox({ apiToken: urlSafeToken });
		try {
			const result = await run(listAll, { target: commander });
			expect(result.error()).toBeUndefined();
			expect(result.output('Directory')).toHaveLength(commander.directory.users.size);
		} finally {
			await commander.close();
		}
	});

	it('refuses a custom base URL with credentials or a query in it', async () => {
		const error = (
			await run(listAll, { credentials: { baseUrl: `http://user:pw@127.0.0.1:${keeper.sandbox.server.port}` } })
		).error('Directory');
		expect(error?.message).toBe('"Base URL" must not contain a user name, password, query string or fragment');
		expect(keeper.sandbox.server.requests).toHaveLength(0);
	});

	it('explains an unreachable host', async () => {
		const error = (await run(listAll, { credentials: { baseUrl: 'http://127.0.0.1:9' } })).error('Directory');
		expect(error?.message).toBe('Could not reach the Keeper SCIM API: the connection was refused');
	});

	it('turns a non-JSON error page into a readable message', async () => {
		keeper.sandbox.server.injectFault({
			pathIncludes: '/Users',
			times: 1,
			response: { status: 400, headers: { 'Content-Type': 'text/html' }, body: '<html><head><title>Bad gateway rule</title></head><body>x</body></html>' },
		});
		const error = (await run(listAll)).error('Directory');
		expect(error?.message).toBe('Keeper rejected the request: Bad gateway rule');
	});

	it('reads the SCIM error detail', async () => {
		keeper.sandbox.server.injectFault({
			pathIncludes: '/Users',
			times: 1,
			response: {
				status: 400,
				body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: 'Attribute count is invalid' },
			},
		});
		expect((await run(listAll)).error('Directory')?.message).toBe('Keeper rejected the request: Attribute count is invalid');
	});

	it('does not follow a redirect, so the token cannot reach another host', async () => {
		const elsewhere = await startKeeperSandbox();
		try {
			keeper.sandbox.server.injectFault({
				pathIncludes: '/Users',
				times: 1,
				response: { status: 302, headers: { Location: `${elsewhere.server.url}/api/rest/scim/v2/${elsewhere.nodeId}/Users` } },
			});
			const error = (await run(listAll)).error('Directory');
			expect(error?.message).toMatch(/redirect \(302\), which is not followed/);
			expect(elsewhere.server.requests).toHaveLength(0);
		} finally {
			await elsewhere.close();
		}
	});
});

describe('Keeper retries', () => {
	it('retries 429 and 503, honouring Retry-After, then succeeds', async () => {
		keeper.sandbox.server.injectFault({ pathIncludes: '/Users', times: 1, response: { status: 429, headers: { 'Retry-After': '1' }, body: { detail: 'slow down' } } });
		keeper.sandbox.server.injectFault({ pathIncludes: '/Users', times: 1, response: { status: 503, body: 'upstream unavailable' } });
		const result = await run(listAll);
		expect(result.error()).toBeUndefined();
		expect(result.output('Directory')).toHaveLength(12);
		expect(keeper.sandbox.server.requests).toHaveLength(3);
		// Retry-After, then the second backoff step (500-1000 ms with jitter) for the bare 503.
		const [afterThrottle, afterUnavailable] = waits();
		expect(afterThrottle).toBe(1000);
		expect(afterUnavailable).toBeGreaterThanOrEqual(500);
		expect(afterUnavailable).toBeLessThanOrEqual(1000);
	});

	it('gives up after a bounded number of attempts with a clear message', async () => {
		keeper.sandbox.server.injectFault({ pathIncludes: '/Users', times: 50, response: { status: 429, headers: { 'Retry-After': '0' } } });
		const error = (await run(listAll)).error('Directory');
		expect(error?.message).toBe('Keeper is rate limiting requests (429) (gave up after 5 attempts)');
		expect(keeper.sandbox.server.requests).toHaveLength(5);
	});

	it('does not retry a 4xx other than 429', async () => {
		const error = (await run(listAll, { credentials: { apiToken: WRONG_TOKEN } })).error('Directory');
		expect(error).toBeDefined();
		expect(keeper.sandbox.server.requests).toHaveLength(1);
	});
});

describe('Per-item errors', () => {
	it('continues on fail with one error item per failed input, each paired to its item', async () => {
		const result = await run({ resource: 'user', operation: 'get', userId: '000000000000001' }, { continueOnFail: true });
		const [item] = result.items('Directory');
		expect(item.json.error).toBe('No Keeper user with ID "000000000000001"');
		expect(item.pairedItem).toEqual({ item: 0 });
	});
});

describe('Secrets stay secret', () => {
	it('never puts the token into an error message, description or output', async () => {
		const token = keeper.sandbox.apiToken;
		const failures = [
			await run(listAll, { credentials: { nodeId: '123456789012345' } }),
			await run({ resource: 'user', operation: 'get', userId: '1' }),
			await run(listAll, { credentials: { baseUrl: 'http://127.0.0.1:9' } }),
			await run({ resource: 'user', operation: 'get', userId: '1' }, { continueOnFail: true }),
		];
		keeper.sandbox.server.injectFault({ pathIncludes: '/Users', times: 1, response: { status: 400, body: `echo: Bearer ${token}` } });
		failures.push(await run(listAll));
		for (const failure of failures) {
			const serialised = JSON.stringify({
				error: failure.error('Directory'),
				description: (failure.error('Directory') as { description?: string } | undefined)?.description,
				message: failure.error('Directory')?.message,
				output: failure.output('Directory'),
				run: failure.run.data.resultData,
			});
			expect(serialised).not.toContain(token);
		}
		expect(failures[4].error('Directory')?.message).toContain('[redacted]');
	});
});

describe('Credential test button', () => {
	it('succeeds with good values', async () => {
		expect(await testCredential('keeperScimApi', keeper.sandbox.credentials)).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(keeper.sandbox.server.requests[0].path).toBe(`/api/rest/scim/v2/${keeper.sandbox.nodeId}/Users`);
		expect(keeper.sandbox.server.requests[0].query).toBe('?count=1');
	});

	it('says which value is likely wrong', async () => {
		const badToken = await testCredential('keeperScimApi', { ...keeper.sandbox.credentials, apiToken: WRONG_TOKEN });
		expect(badToken.status).toBe('Error');
		expect(badToken.message).toMatch(/rejected the API token.*node ID.*region/s);

		const badNode = await testCredential('keeperScimApi', { ...keeper.sandbox.credentials, nodeId: '123456789012345' });
		expect(badNode.message).toMatch(/no SCIM endpoint at this address \(404\).*no SCIM node with this ID in this region/s);

		const malformed = await testCredential('keeperScimApi', { ...keeper.sandbox.credentials, nodeId: 'abc' });
		expect(malformed.message).toMatch(/^The Keeper node ID must be the 15-digit number/);

		const unreachable = await testCredential('keeperScimApi', { ...keeper.sandbox.credentials, baseUrl: 'http://127.0.0.1:9' });
		expect(unreachable.message).toMatch(/^Could not reach the Keeper SCIM API: the connection was refused/);
		for (const result of [badToken, badNode, malformed, unreachable]) expect(result.message).not.toContain(WRONG_TOKEN);
	});
});
