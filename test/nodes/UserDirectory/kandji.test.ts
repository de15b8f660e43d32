import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow, testCredential, type WorkflowRun } from '../../../dev/harness/engine';
import { waits } from '../../jest/virtualClock';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../../dev/harness/workflows';
import { startSandboxServer, type SandboxServer } from '../../../dev/sandboxes/http';
import { KandjiDirectory, startKandjiSandbox, userRecord, type KandjiSandbox } from '../../../dev/sandboxes/kandji';

const UNIFIED_USER_KEYS = [
	'createdAt', 'displayName', 'email', 'externalId', 'firstName', 'groups', 'id', 'lastName',
	'provider', 'status', 'updatedAt', 'username',
];

let sandbox: KandjiSandbox;
/** Where a naive client would go if it followed Kandji's `next` links: it must never be called. */
let trap: SandboxServer;

beforeAll(async () => {
	trap = await startSandboxServer(() => ({ status: 200, body: { next: null, previous: null, results: [] } }));
	sandbox = await startKandjiSandbox({
		directory: KandjiDirectory.seeded({ users: 650, seed: 21, archivedRatio: 0.1, inactiveRatio: 0.1 }),
		nextOrigin: trap.url,
	});
});
afterAll(async () => {
	await sandbox.close();
	await trap.close();
});
beforeEach(() => {
	sandbox.server.requests.length = 0;
	trap.requests.length = 0;
	sandbox.server.clearFaults();
});

async function run(
	parameters: INodeParameters,
	options: { continueOnFail?: boolean; credentials?: IDataObject; target?: KandjiSandbox } = {},
): Promise<WorkflowRun> {
	const target = options.target ?? sandbox;
	const directoryNode = node(
		'Directory',
		USER_DIRECTORY,
		{ provider: 'kandji', ...parameters },
		{ credentials: credentialRefs('kandjiApi'), continueOnFail: options.continueOnFail },
	);
	return await runWorkflow(singleNodeWorkflow(directoryNode), {
		credentials: { kandjiApi: { ...target.credentials, ...options.credentials } },
	});
}

const getAll = (parameters: INodeParameters = {}) => ({ resource: 'user', operation: 'getAll', returnAll: true, ...parameters });

function description(error: Error | undefined): string {
	return String((error as { description?: string } | undefined)?.description ?? '');
}

/** Every request went to the configured host, with the token, and none to the trap. */
function expectOnlyConfiguredHost(target = sandbox) {
	expect(trap.requests).toEqual([]);
	for (const request of target.server.requests) expect(request.host).toBe(new URL(target.server.url).host);
}

async function withSandbox<T>(directory: KandjiDirectory, action: (target: KandjiSandbox) => Promise<T>): Promise<T> {
	const target = await startKandjiSandbox({ directory, nextOrigin: trap.url });
	try {
		return await action(target);
	} finally {
		await target.close();
	}
}

describe('User Directory · Kandji · Get Many', () => {
	it('reads every user across cursor pages of 300 without following the next link’s host', async () => {
		const result = await run(getAll());
		expect(result.error()).toBeUndefined();
		const users = result.output('Directory');
		expect(users.map((user) => user.id)).toEqual(sandbox.directory.list().map((user) => user.id));
		for (const user of users) expect(Object.keys(user).sort()).toEqual(UNIFIED_USER_KEYS);
		const requests = sandbox.server.requests;
		expect(requests).toHaveLength(3);
		expect(requests[0].query).toBe('');
		expect(requests[1].query).toMatch(/^\?cursor=/);
		expect(requests.every((request) => request.authorization === `Bearer ${sandbox.apiToken}`)).toBe(true);
		expectOnlyConfiguredHost();
	});

	it('maps archived, inactive and active users to the unified status', async () => {
		const users = (await run(getAll())).output('Directory');
		const statusOf = new Map(users.map((user) => [user.id, user.status]));
		const expected = sandbox.directory
			.list()
			.map((user) => [user.id, user.archived ? 'archived' : user.active ? 'active' : 'suspended']);
		expect([...statusOf.entries()]).toEqual(expected);
		expect(new Set(statusOf.values())).toEqual(new Set(['active', 'suspended', 'archived']));
		const first = sandbox.directory.list()[0];
		expect(users[0]).toEqual({
			id: first.id,
			provider: 'kandji',
			email: first.email,
			username: null,
			firstName: null,
			lastName: null,
			displayName: first.name,
			status: expected[0][1],
			groups: [],
			externalId: null,
			createdAt: first.createdAt,
			updatedAt: first.updatedAt,
		});
	});

	it.each([
		[300, 1],
		[600, 2],
		[301, 2],
		[0, 1],
	])('reads a directory of %i users in %i request(s)', async (size, requests) => {
		await withSandbox(KandjiDirectory.seeded({ users: size, seed: size + 1 }), async (target) => {
			const result = await run(getAll(), { target });
			expect(result.error()).toBeUndefined();
			expect(result.output('Directory')).toHaveLength(size);
			expect(target.server.requests).toHaveLength(requests);
			expectOnlyConfiguredHost(target);
		});
	});

	it.each([
		[7, 1],
		[300, 1],
		[301, 2],
		[600, 2],
	])('stops fetching once the limit of %i is reached (%i requests)', async (limit, requests) => {
		const result = await run(getAll({ returnAll: false, limit }));
		expect(result.output('Directory').map((user) => user.id)).toEqual(
			sandbox.directory
				.list()
				.slice(0, limit)
				.map((user) => user.id),
		);
		expect(sandbox.server.requests).toHaveLength(requests);
	});

	it('returns the raw Kandji record when Simplify is off', async () => {
		const [raw] = (await run(getAll({ returnAll: false, limit: 1, simplify: false }))).output('Directory');
		const first = sandbox.directory.list()[0];
		expect(raw).toEqual(userRecord(sandbox.directory, first));
		expect(raw.integration).toMatchObject({ type: expect.any(String), uuid: first.integrationUuid });
	});

	it('filters by part of the email address, across pages, re-sending the filter with each cursor', async () => {
		const domain = '@accuhive.example';
		const result = await run(getAll({ filters: { email: domain.toUpperCase() } }));
		expect(result.output('Directory')).toHaveLength(650);
		const queries = sandbox.server.requests.map((request) => new URLSearchParams(request.query));
		expect(queries.map((query) => query.get('email'))).toEqual([domain.toUpperCase(), domain.toUpperCase(), domain.toUpperCase()]);
		expect(queries.slice(1).every((query) => query.get('cursor'))).toBe(true);
		expectOnlyConfiguredHost();

		const target = sandbox.directory.list()[42];
		const local = target.email.split('@')[0];
		const matches = sandbox.directory.list().filter((user) => user.email.includes(local));
		const found = (await run(getAll({ filters: { email: local } }))).output('Directory');
		expect(found.map((user) => user.id)).toEqual(matches.map((user) => user.id));
	});

	it.each([true, false])('filters by archived = %s', async (archived) => {
		const users = (await run(getAll({ filters: { archived } }))).output('Directory');
		const expected = sandbox.directory.list().filter((user) => user.archived === archived);
		expect(users.map((user) => user.id)).toEqual(expected.map((user) => user.id));
		expect(sandbox.server.requests[0].query).toBe(`?archived=${archived}`);
	});

	it('filters by directory integration', async () => {
		const integration = sandbox.directory.integrations[1];
		const users = (await run(getAll({ filters: { integrationId: integration.uuid } }))).output('Directory');
		const expected = sandbox.directory.list().filter((user) => user.integrationUuid === integration.uuid);
		expect(expected.length).toBeGreaterThan(0);
		expect(users.map((user) => user.id)).toEqual(expected.map((user) => user.id));
	});

	it('refuses an integration number where the UUID is needed, before any request', async () => {
		const result = await run(getAll({ filters: { integrationId: '634' } }));
		expect(result.error('Directory')?.message).toBe('"634" is not an integration UUID');
		expect(description(result.error('Directory'))).toContain('integration.uuid');
		expect(sandbox.server.requests).toEqual([]);
	});
});

describe('User Directory · Kandji · Get', () => {
	it('gets one user by ID, simplified or raw', async () => {
		const target = sandbox.directory.list()[9];
		const [user] = (await run({ resource: 'user', operation: 'get', userId: ` ${target.id} ` })).output('Directory');
		expect(user).toMatchObject({ id: target.id, email: target.email, displayName: target.name, provider: 'kandji' });
		const [raw] = (await run({ resource: 'user', operation: 'get', userId: target.id, simplify: false })).output('Directory');
		expect(raw).toEqual(userRecord(sandbox.directory, target));
	});

	it('says the user is unknown on a JSON 404', async () => {
		const result = await run({ resource: 'user', operation: 'get', userId: '00000000-0000-4000-a000-000000000000' });
		expect(result.error('Directory')?.message).toBe('No Kandji user with ID "00000000-0000-4000-a000-000000000000"');
	});

	it('refuses an email or number as user ID before any request', async () => {
		const result = await run({ resource: 'user', operation: 'get', userId: 'jane@accuhive.example' });
		expect(result.error('Directory')?.message).toBe('"jane@accuhive.example" is not a Kandji user ID');
		expect(description(result.error('Directory'))).toContain('Get Many with the Email filter');
		expect(sandbox.server.requests).toEqual([]);
	});

	it('pairs each output with its input item and goes on after a failed item with Continue On Fail', async () => {
		const known = sandbox.directory.list()[3];
		const trigger = node('Start', 'n8n-nodes-base.manualTrigger', {});
		const workflow = {
			nodes: [
				trigger,
				node(
					'Directory',
					USER_DIRECTORY,
					{ provider: 'kandji', resource: 'user', operation: 'get', userId: '={{ $json.id }}' },
					{ credentials: credentialRefs('kandjiApi'), continueOnFail: true },
				),
			],
			connections: { Start: { main: [[{ node: 'Directory', type: 'main' as const, index: 0 }]] } },
		};
		// The manual trigger gives one item; a second run maps a field the item does not have.
		const good = await runWorkflow(
			{ ...workflow, nodes: [trigger, { ...workflow.nodes[1], parameters: { ...workflow.nodes[1].parameters, userId: known.id } }] },
			{ credentials: { kandjiApi: sandbox.credentials } },
		);
		expect(good.items('Directory')).toEqual([{ json: expect.objectContaining({ id: known.id }), pairedItem: { item: 0 } }]);
		const bad = await runWorkflow(workflow, { credentials: { kandjiApi: sandbox.credentials } });
		expect(bad.items('Directory')).toEqual([
			{ json: { error: 'The User ID is empty', description: expect.stringContaining('input item has the field') }, pairedItem: { item: 0 } },
		]);
	});
});

describe('User Directory · Kandji · failures', () => {
	it('tells a bad token (401)', async () => {
		const result = await run(getAll(), { credentials: { apiToken: 'a3c5e0f2-0000-4000-8000-000000000000' } });
		expect(result.error('Directory')?.message).toBe('Kandji rejected the API token (401): Invalid token.');
		expect(description(result.error('Directory'))).toContain('deleted or revoked');
	});

	it('names the permission a token lacks (403)', async () => {
		sandbox.permissions.delete('users:list');
		try {
			const result = await run(getAll());
			expect(result.error('Directory')?.message).toContain('(403)');
			expect(description(result.error('Directory'))).toContain('"List Users" (GET /api/v1/users)');
		} finally {
			sandbox.permissions.add('users:list');
		}
	});

	it('says the address is wrong on an HTML 404 page', async () => {
		const result = await run(getAll(), { credentials: { baseUrl: `${sandbox.server.url}/not-kandji` } });
		expect(result.error('Directory')?.message).toBe('Kandji has no API at this address (404): Not Found');
		expect(description(result.error('Directory'))).toContain('subdomain and the region');
	});

	it.each([
		['a bare JSON string', JSON.stringify('Something went wrong.'), 'Something went wrong.'],
		['a JSON list of strings', JSON.stringify(['First problem.', 'Second problem.']), 'First problem.; Second problem.'],
		['a field dictionary', JSON.stringify({ email: ['Enter a valid value.'] }), 'email: Enter a valid value.'],
	])('reads %s error body', async (_shape, body, text) => {
		sandbox.server.injectFault({
			pathIncludes: '/users',
			times: 1,
			response: { status: 400, headers: { 'Content-Type': 'application/json' }, body },
		});
		const result = await run(getAll());
		expect(result.error('Directory')?.message).toBe(`Kandji rejected the request: ${text}`);
	});

	it('waits as Retry-After says on a 429 and carries on', async () => {
		sandbox.server.injectFault({
			pathIncludes: '/users',
			queryIncludes: 'cursor=',
			times: 1,
			response: { status: 429, headers: { 'Retry-After': '1' }, body: { detail: 'Request was throttled.' } },
		});
		const result = await run(getAll());
		expect(result.error()).toBeUndefined();
		expect(result.output('Directory')).toHaveLength(650);
		expect(sandbox.server.requests).toHaveLength(4);
		expect(sandbox.server.requests[1].query).toBe(sandbox.server.requests[2].query);
		expect(waits()).toEqual([1000]);
	});

	it('reports rate limiting that outlasts the retries', async () => {
		sandbox.server.injectFault({
			pathIncludes: '/users',
			times: 10,
			response: { status: 429, headers: { 'Retry-After': '0' }, body: '' },
		});
		const result = await run(getAll());
		expect(result.error('Directory')?.message).toBe('Kandji is rate limiting requests (429) (gave up after 5 attempts)');
	});

	it('refuses a next link without a cursor rather than returning a short list', async () => {
		sandbox.server.injectFault({
			pathIncludes: '/users',
			times: 1,
			response: {
				status: 200,
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ next: `${trap.url}/api/v1/users?page=2`, previous: null, results: [] }),
			},
		});
		const result = await run(getAll());
		expect(result.error('Directory')?.message).toBe('Kandji answered the user list inconsistently: a next-page link without a cursor');
		expectOnlyConfiguredHost();
	});

	it('never shows the token, even when the server echoes it in an error', async () => {
		sandbox.server.injectFault({
			pathIncludes: '/users',
			times: 1,
			response: { status: 400, body: { detail: `Token ${sandbox.apiToken} is not valid for this tenant` } },
		});
		const result = await run(getAll(), { continueOnFail: true });
		const [item] = result.output('Directory');
		expect(item.error).toBe('Kandji rejected the request: Token [redacted] is not valid for this tenant');
		expect(JSON.stringify(result.run.data)).not.toContain(sandbox.apiToken);
	});
});

describe('Kandji credential: subdomains that could redirect the token', () => {
	it.each(['evil.com/x#', 'a@b', 'acme.evil.com', `127.0.0.1:${'{port}'}/x#`, 'https://acme.api.kandji.io@evil.com'])(
		'refuses %j in a workflow before any request, saying what to enter',
		async (pattern) => {
			const subdomain = pattern.replace('{port}', String(trap.port));
			const result = await run(getAll(), { credentials: { region: 'us', subdomain } });
			expect(result.error('Directory')?.message).toMatch(/^The Kandji subdomain /);
			expect(description(result.error('Directory'))).toContain('enter "acme"');
			expect(trap.requests).toEqual([]);
			expect(sandbox.server.requests).toEqual([]);
		},
	);
});

describe('Kandji credential: Test button', () => {
	it('succeeds with a valid token', async () => {
		expect(await testCredential('kandjiApi', sandbox.credentials)).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(sandbox.server.requests.map((request) => request.path)).toEqual(['/api/v1/users']);
		expectOnlyConfiguredHost();
	});

	it('tells a rejected token (401) from one lacking the List Users permission (403)', async () => {
		const rejected = await testCredential('kandjiApi', { ...sandbox.credentials, apiToken: 'b3c5e0f2-0000-4000-8000-000000000000' });
		expect(rejected.status).toBe('Error');
		expect(rejected.message).toMatch(/^Kandji rejected the API token \(401\): Invalid token\.+ The token is wrong/);

		sandbox.permissions.delete('users:list');
		try {
			const forbidden = await testCredential('kandjiApi', sandbox.credentials);
			expect(forbidden.status).toBe('Error');
			expect(forbidden.message).toContain('lacks the "List Users" (GET /api/v1/users) permission');
		} finally {
			sandbox.permissions.add('users:list');
		}
	});

	it('says what to enter for an unusable subdomain, and sends nothing', async () => {
		for (const subdomain of ['evil.com/x#', 'a@b', `127.0.0.1:${trap.port}/x#`]) {
			const result = await testCredential('kandjiApi', { region: 'us', subdomain, apiToken: sandbox.apiToken });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^The Kandji subdomain .*enter "acme"/);
			expect(result.message).not.toContain(sandbox.apiToken);
		}
		expect(trap.requests).toEqual([]);
		expect(sandbox.server.requests).toEqual([]);
	});

	it('says the address is wrong when it serves no Kandji API, without echoing the token', async () => {
		const result = await testCredential('kandjiApi', { ...sandbox.credentials, baseUrl: `${sandbox.server.url}/elsewhere` });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^Kandji has no API at this address \(404\)/) });
		expect(result.message).not.toContain(sandbox.apiToken);
	});
});
