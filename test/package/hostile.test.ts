/**
 * Servers that misbehave on purpose, class by class, through the engine: every input must end in
 * a clear error (or the correct result), never a false success, a raw JavaScript error or an
 * endless loop. With HOSTILE_REPORT=<file> the outcome of every input is written there, which is
 * how the before/after table of issue 9 was made (the same file run against the older build).
 */
import { writeFileSync } from 'node:fs';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow, testCredential, type WorkflowRun } from '../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../dev/harness/workflows';
import type { SandboxResponse } from '../../dev/sandboxes/http';
import { KandjiDirectory, startKandjiSandbox, type KandjiSandbox } from '../../dev/sandboxes/kandji';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox } from '../../dev/sandboxes/keeper';
import { startKonnektiveSandbox } from '../../dev/sandboxes/konnektive';
import { startKsmSandbox, type KsmSandbox } from '../../dev/sandboxes/ksm';
import { byTitle, byUid, credentialFor, runKsm, uidTitled } from '../nodes/KeeperSecretsManager/support';
import { ActiveTrigger, triggerNode } from '../nodes/UserDirectoryTrigger/support';

type Outcome = 'clear error' | 'correct' | 'false success' | 'raw error' | 'unbounded';

/** Messages of JavaScript's own errors: they say nothing to a user. */
const RAW = /Cannot read|is not a function|is not iterable|Maximum call stack|Invalid (array|string) length|\bundefined\b|\bNaN\b|\[object Object\]|Unexpected token|Unexpected end of JSON/;
/** Requests one input may cause before its loop counts as endless. */
const UNBOUNDED = 150;

const tally: Record<string, Record<string, number>> = {};
function record(kind: string, outcome: Outcome): Outcome {
	tally[kind] ??= {};
	tally[kind][outcome] = (tally[kind][outcome] ?? 0) + 1;
	return outcome;
}
afterAll(() => {
	if (process.env.HOSTILE_REPORT) writeFileSync(process.env.HOSTILE_REPORT, JSON.stringify(tally, null, 2));
});

function errorOutcome(error: Error | undefined, requests: number): Outcome {
	if (requests >= UNBOUNDED) return 'unbounded';
	if (!error) return 'false success';
	return RAW.test(error.message) ? 'raw error' : 'clear error';
}

/** 2xx bodies that are not an answer of any of these APIs. */
const NOT_AN_ANSWER: Array<[string, SandboxResponse]> = [
	['an HTML login page', { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><head><title>Sign in - Corp SSO</title></head><body><form></form></body></html>' }],
	['an empty 200', { status: 200 }],
	['an empty JSON object', { status: 200, body: {} }],
	['a foreign JSON object', { status: 200, body: { status: 'ok', success: true } }],
	['a JSON list', { status: 200, body: [] }],
	['plain text', { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'OK' }],
];

// ---------------------------------------------------------------- Keeper

let keeper: KeeperSandbox;
beforeAll(async () => {
	keeper = await startKeeperSandbox({ directory: KeeperDirectory.seeded({ users: 20, teams: 3, seed: 9 }), maxPageSize: 5 });
});
afterAll(async () => await keeper.close());
beforeEach(() => {
	keeper.server.clearFaults();
	keeper.server.requests.splice(0);
	keeper.writeSettings.strictScim = false;
});

async function runKeeper(parameters: INodeParameters): Promise<WorkflowRun> {
	const directoryNode = node('Directory', USER_DIRECTORY, { provider: 'keeper', ...parameters }, { credentials: credentialRefs('keeperScimApi') });
	return await runWorkflow(singleNodeWorkflow(directoryNode), { credentials: { keeperScimApi: keeper.credentials } });
}

function keeperUsers() {
	return keeper.directory.list();
}

/** Each Keeper write with the request a proxy answers in its place. */
const KEEPER_WRITES: Array<{ name: string; method: string; path: string; parameters: () => INodeParameters }> = [
	{ name: 'suspend', method: 'PATCH', path: '/Users/', parameters: () => ({ resource: 'user', operation: 'suspend', userId: keeperUsers().find((user) => user.active)!.id }) },
	{
		name: 'unsuspend',
		method: 'PATCH',
		path: '/Users/',
		parameters: () => {
			const user = keeperUsers().find((candidate) => candidate.active)!;
			user.active = false;
			return { resource: 'user', operation: 'unsuspend', userId: user.id };
		},
	},
	{ name: 'delete user', method: 'DELETE', path: '/Users/', parameters: () => ({ resource: 'user', operation: 'delete', userId: keeperUsers()[0].id }) },
	{
		name: 'add to group',
		method: 'PATCH',
		path: '/Users/',
		parameters: () => {
			const team = [...keeper.directory.teams.values()][0];
			const user = keeperUsers().find((candidate) => !candidate.teamIds.includes(team.id))!;
			return { resource: 'user', operation: 'addToGroup', userId: user.id, groupId: team.id };
		},
	},
	{
		name: 'remove from group',
		method: 'PATCH',
		path: '/Users/',
		parameters: () => {
			const team = [...keeper.directory.teams.values()][0];
			const user = keeperUsers().find((candidate) => !candidate.teamIds.includes(team.id))!;
			user.teamIds.push(team.id);
			return { resource: 'user', operation: 'removeFromGroup', userId: user.id, groupId: team.id };
		},
	},
	{ name: 'create user', method: 'POST', path: '/Users', parameters: () => ({ resource: 'user', operation: 'create', email: `hire.${Math.random().toString(36).slice(2)}@example.com`, firstName: 'New' }) },
	{ name: 'update user', method: 'PATCH', path: '/Users/', parameters: () => ({ resource: 'user', operation: 'update', userId: keeperUsers()[1].id, updateFields: { displayName: `Renamed ${Math.random()}` } }) },
	{ name: 'create group', method: 'POST', path: '/Groups', parameters: () => ({ resource: 'group', operation: 'create', name: `Team ${Math.random()}` }) },
	{ name: 'update group', method: 'PATCH', path: '/Groups/', parameters: () => ({ resource: 'group', operation: 'update', groupId: [...keeper.directory.teams.values()][1].id, updateFields: { name: `Renamed ${Math.random()}` } }) },
	{ name: 'delete group', method: 'DELETE', path: '/Groups/', parameters: () => ({ resource: 'group', operation: 'delete', groupId: [...keeper.directory.teams.values()][2].id }) },
];

describe('§2 a Keeper write succeeds only on a SCIM answer', () => {
	const cases = KEEPER_WRITES.flatMap((write) => NOT_AN_ANSWER.map(([body, response]) => [write.name, body, write, response] as const));
	it.each(cases)('%s answered with %s', async (_name, _body, write, response) => {
		const parameters = write.parameters();
		keeper.server.injectFault({ method: write.method, pathIncludes: write.path, times: 1, response });
		const run = await runKeeper(parameters);
		const outcome = record('Keeper write on a non-SCIM 2xx', errorOutcome(run.error('Directory'), keeper.server.requests.length));
		expect(outcome).toBe('clear error');
		expect(run.error('Directory')?.message).toMatch(/answered (PATCH|POST|DELETE|GET) \/(Users|Groups)\S* with .*, not /);
	});

	it.each(NOT_AN_ANSWER)('the credential test fails on %s', async (_body, response) => {
		keeper.server.injectFault({ times: 1, response });
		const result = await testCredential('keeperScimApi', keeper.credentials);
		expect(record('Credential test on a non-API 200', result.status === 'OK' ? 'false success' : 'clear error')).toBe('clear error');
		expect(result.message).toMatch(/^Keeper \(SCIM\) answered with .*, not a SCIM ListResponse of users/);
	});
});

describe('§2 team membership on a spec-strict SCIM server (User.groups read-only)', () => {
	const team = () => [...keeper.directory.teams.values()][0];
	const cases: Array<[string, () => Promise<{ run: WorkflowRun; userId: string; member: boolean }>]> = [
		[
			'add to group',
			async () => {
				const user = keeperUsers().find((candidate) => !candidate.teamIds.includes(team().id))!;
				return { run: await runKeeper({ resource: 'user', operation: 'addToGroup', userId: user.id, groupId: team().id }), userId: user.id, member: true };
			},
		],
		[
			'remove from group',
			async () => {
				const user = keeperUsers().find((candidate) => candidate.teamIds.includes(team().id))!;
				return { run: await runKeeper({ resource: 'user', operation: 'removeFromGroup', userId: user.id, groupId: team().id }), userId: user.id, member: false };
			},
		],
		[
			'create with teams',
			async () => {
				const email = `strict.${Math.random().toString(36).slice(2)}@example.com`;
				const run = await runKeeper({ resource: 'user', operation: 'create', email, additionalFields: { teamIds: team().id } });
				return { run, userId: String(run.output('Directory')[0]?.id), member: true };
			},
		],
	];

	it.each(cases)('%s goes through the Group resource and is verified', async (_name, act) => {
		keeper.writeSettings.strictScim = true;
		const { run, userId, member } = await act();
		const applied = keeper.directory.users.get(userId)?.teamIds.includes(team().id) === member;
		const claimed = !run.error('Directory');
		const outcome = record('Membership on strict SCIM', claimed ? (applied ? 'correct' : 'false success') : 'clear error');
		expect(outcome).toBe('correct');
		expect(keeper.server.requests.some((request) => request.method === 'PATCH' && request.path.includes('/Groups/'))).toBe(true);
	});

	it.each(cases)('%s fails clearly when neither the user nor the group takes it', async (_name, act) => {
		keeper.writeSettings.strictScim = true;
		keeper.server.injectFault({ method: 'PATCH', pathIncludes: '/Groups/', times: 5, response: { status: 204 } });
		const { run } = await act();
		expect(record('Membership on strict SCIM', errorOutcome(run.error('Directory'), 0))).toBe('clear error');
		expect(run.error('Directory')?.message).toMatch(/^Keeper accepted the request but user \S+ is still (not )?in team/);
	});

	it('Keeper as documented still changes membership through the user alone', async () => {
		const user = keeperUsers().find((candidate) => !candidate.teamIds.includes(team().id))!;
		const run = await runKeeper({ resource: 'user', operation: 'addToGroup', userId: user.id, groupId: team().id });
		expect(run.output('Directory')[0]).toMatchObject({ changed: true });
		expect(keeper.server.requests.some((request) => request.path.includes('/Groups/') && request.method === 'PATCH')).toBe(false);
	});
});

// ------------------------------------------------ paging against a lying SCIM server

function scimUser(n: number): IDataObject {
	return { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: String(100000 + n), userName: `user${n}@example.com`, active: true };
}
function listPage(fields: IDataObject): SandboxResponse {
	return { status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], startIndex: 1, itemsPerPage: 5, ...fields } };
}
const fivePage = () => [1, 2, 3, 4, 5].map(scimUser);

/** First pages that lie about paging or hold what is not a resource. */
const LYING_PAGES: Array<[string, (hit: number) => SandboxResponse]> = [
	['fractional totalResults', () => listPage({ totalResults: 2.5, Resources: fivePage().slice(0, 2) })],
	['totalResults 1e9 with full pages of fresh users', (hit) => listPage({ totalResults: 1e9, Resources: [1, 2, 3, 4, 5].map((n) => scimUser(hit * 10 + n)) })],
	['totalResults 1e308', () => listPage({ totalResults: 1e308, Resources: fivePage() })],
	['negative totalResults', () => listPage({ totalResults: -1, Resources: fivePage() })],
	['totalResults as a string', () => listPage({ totalResults: '12', Resources: fivePage() })],
	['totalResults null', () => listPage({ totalResults: null, Resources: fivePage() })],
	['totalResults absent, full pages of fresh users', (hit) => listPage({ Resources: [1, 2, 3, 4, 5].map((n) => scimUser(hit * 10 + n)) })],
	['totalResults true', () => listPage({ totalResults: true, Resources: fivePage() })],
	['totalResults an object', () => listPage({ totalResults: { value: 5 }, Resources: fivePage() })],
	['Resources null', () => listPage({ totalResults: 5, Resources: null })],
	['Resources a string', () => listPage({ totalResults: 5, Resources: 'users' })],
	['Resources an object', () => listPage({ totalResults: 5, Resources: { 0: scimUser(1) } })],
	['a null entry', () => listPage({ totalResults: 5, Resources: [...fivePage().slice(0, 4), null] })],
	['a number entry', () => listPage({ totalResults: 5, Resources: [...fivePage().slice(0, 4), 7] })],
	['a string entry', () => listPage({ totalResults: 5, Resources: [...fivePage().slice(0, 4), 'user'] })],
	['an entry without id', () => listPage({ totalResults: 5, Resources: [...fivePage().slice(0, 4), { userName: 'x@example.com' }] })],
	['an entry with a null id', () => listPage({ totalResults: 5, Resources: [...fivePage().slice(0, 4), { id: null, userName: 'x@example.com' }] })],
	['an entry that is a list', () => listPage({ totalResults: 5, Resources: [...fivePage().slice(0, 4), [scimUser(9)]] })],
	['startIndex ignored (the same page forever)', () => listPage({ totalResults: 40, Resources: fivePage() })],
	['totalResults growing with every page of fresh users', (hit) => listPage({ totalResults: 10 * hit, Resources: [1, 2, 3, 4, 5].map((n) => scimUser(hit * 10 + n)) })],
	['an empty first page while totalResults is 5', () => listPage({ totalResults: 5, Resources: [] })],
	['more resources than asked for', () => listPage({ totalResults: 12, Resources: [...fivePage(), scimUser(6), scimUser(7)] })],
	['the body is a JSON string', () => ({ status: 200, body: JSON.stringify('users') })],
];

describe('§3 SCIM references a server mangles', () => {
	const junk = [null, 'team-a', 7, ['x'], {}, { display: 'no id' }, { value: null }, { value: '' }, { value: { id: 1 } }, { value: 42, display: 'Answer' }, { value: ' t-1 ', display: ' One ' }];

	it('Get Many keeps the groups and members that have an id and leaves the rest out, without a raw error', async () => {
		keeper.server.injectFault({ method: 'GET', pathIncludes: '/Users', times: UNBOUNDED, response: listPage({ totalResults: 1, Resources: [{ ...scimUser(1), groups: junk }] }) });
		const users = await runKeeper({ resource: 'user', operation: 'getAll', returnAll: true });
		expect(users.error('Directory')).toBeUndefined();
		expect(users.output('Directory').map((user) => user.groups)).toEqual([[{ id: '42', name: 'Answer' }, { id: 't-1', name: 'One' }]]);
		keeper.server.clearFaults();
		const team = [...keeper.directory.teams.values()][0];
		keeper.server.injectFault({ method: 'GET', pathIncludes: '/Groups', times: UNBOUNDED, response: { status: 200, body: { id: team.id, displayName: 'Team', members: junk } } });
		const group = await runKeeper({ resource: 'group', operation: 'get', groupId: team.id, includeMembers: true });
		expect(group.error('Directory')).toBeUndefined();
		expect(group.output('Directory').map((entry) => [entry.memberCount, entry.members])).toEqual([[2, [{ id: '42', display: 'Answer' }, { id: 't-1', display: 'One' }]]]);
	});
});

describe('§3 SCIM paging ends against a lying server', () => {
	it.each(LYING_PAGES)('Get Many: %s', async (_name, respond) => {
		keeper.server.injectFault({ method: 'GET', pathIncludes: '/Users', times: UNBOUNDED, respond });
		const run = await runKeeper({ resource: 'user', operation: 'getAll', returnAll: true });
		expect(record('SCIM paging / page contents', errorOutcome(run.error('Directory'), keeper.server.requests.length))).toBe('clear error');
	});

	it.each(LYING_PAGES)('Get Many by email (the emails.value fallback): %s', async (_name, respond) => {
		keeper.server.injectFault({ method: 'GET', pathIncludes: '/Users', queryIncludes: 'emails.value', times: UNBOUNDED, respond });
		const run = await runKeeper({ resource: 'user', operation: 'getAll', returnAll: true, filters: { email: 'nobody.by.that.name@example.com' } });
		const outcome = errorOutcome(run.error('Directory'), keeper.server.requests.length);
		// One page is all this lookup reads: a lie about paging alone cannot mislead it.
		expect(record('SCIM paging / page contents', outcome === 'false success' && run.output('Directory').length <= 5 ? 'correct' : outcome)).not.toMatch(/raw error|unbounded/);
	});

	it.each(LYING_PAGES)('trigger: %s', async (_name, respond) => {
		keeper.server.injectFault({ method: 'GET', pathIncludes: '/Users', times: UNBOUNDED, respond });
		const trigger = new ActiveTrigger(triggerNode({ provider: 'keeper' }), { keeperScimApi: keeper.credentials });
		const error = await trigger.activate().then(() => undefined, (failure: Error) => failure);
		expect(record('SCIM paging / page contents', errorOutcome(error, keeper.server.requests.length))).toBe('clear error');
		expect(trigger.saved).toEqual({});
	});
});

/** Error bodies built to break a reader: deep, wide or odd (as JSON text: too deep to stringify here). */
const nested = (depth: number, open: string, close: string) => `${open.repeat(depth)}"bottom"${close.repeat(depth)}`;
const ODD_ERROR_BODIES: Array<[string, string]> = [
	['objects nested 5000 deep', nested(5000, '{"detail":', '}')],
	['lists nested 5000 deep', nested(5000, '[', ']')],
	['fields nested 5000 deep', nested(5000, '{"field":', '}')],
	['objects nested 100 000 deep', nested(100_000, '{"detail":', '}')],
	['100 000 strings', JSON.stringify(Array.from({ length: 100_000 }, (_, index) => `problem ${index}`))],
	['a 2 MB message', JSON.stringify({ detail: 'x'.repeat(2_000_000) })],
	['null', 'null'],
	['a number', '42'],
	['true', 'true'],
];

describe('§3 odd error bodies become clear errors', () => {
	it.each(ODD_ERROR_BODIES)('%s', async (_name, body) => {
		keeper.server.injectFault({ pathIncludes: '/Users', times: 1, response: { status: 400, headers: { 'Content-Type': 'application/json' }, body } });
		const run = await runKeeper({ resource: 'user', operation: 'getAll', returnAll: true });
		expect(record('Odd error bodies', errorOutcome(run.error('Directory'), keeper.server.requests.length))).toBe('clear error');
		expect(run.error('Directory')!.message.length).toBeLessThan(500);
	});
});

describe('§3 a request has a deadline, a poll a budget', () => {
	it('a body trickling one byte every 200 ms is cut at the Timeout, not after the whole body', async () => {
		const page = JSON.stringify(listPage({ totalResults: 0, Resources: [] }).body);
		keeper.server.injectFault({ method: 'GET', pathIncludes: '/Users', times: 1, trickleMs: 200, response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: page } });
		const trigger = new ActiveTrigger(triggerNode({ provider: 'keeper', options: { timeout: 500 } }), { keeperScimApi: keeper.credentials });
		const started = Date.now();
		await trigger.activate();
		const elapsed = Date.now() - started;
		// The whole body would take page.length × 200 ms; the retry after the cut answers at once.
		record('Trickling body', elapsed < 3000 ? 'clear error' : 'unbounded');
		expect(page.length * 200).toBeGreaterThan(10_000);
		expect(elapsed).toBeLessThan(3000);
		expect(keeper.server.requests.filter((request) => request.path.endsWith('/Users')).length).toBeGreaterThanOrEqual(2);
		// The request was aborted, not merely abandoned: the server saw the client hang up.
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(keeper.server.cutShort).toBe(1);
	});

	it('a poll that runs past its budget fails, names it and saves nothing', async () => {
		const { POLL_BUDGET_MS = 5 * 60_000 } = (await import('../../nodes/shared/detection/settings')) as { POLL_BUDGET_MS?: number };
		jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
		try {
			keeper.server.latencyMs = 30;
			const trigger = new ActiveTrigger(triggerNode({ provider: 'keeper', options: { pageConcurrency: 1 } }), { keeperScimApi: keeper.credentials });
			// The clock jumps past the budget while the first pages are being read.
			const jump = new Promise<void>((resolve) =>
				setTimeout(() => {
					jest.setSystemTime(Date.now() + POLL_BUDGET_MS + 1000);
					resolve();
				}, 45),
			);
			const error = await trigger.activate().then(() => undefined, (failure: Error) => failure);
			await jump;
			expect(record('Poll budget', errorOutcome(error, 0))).toBe('clear error');
			expect(error?.message).toMatch(/took longer than this run may take \(300 s in all\)/);
			expect(trigger.saved).toEqual({});
		} finally {
			keeper.server.latencyMs = 0;
			jest.useRealTimers();
		}
	});
});

// ---------------------------------------------------------------- Kandji

let kandji: KandjiSandbox;
let kandjiDirectory: KandjiDirectory;
beforeEach(async () => {
	kandjiDirectory = KandjiDirectory.seeded({ users: 8, seed: 3, devicesPerUser: [0, 1], unassignedDevices: 1 });
	kandji = await startKandjiSandbox({ directory: kandjiDirectory });
});
afterEach(async () => await kandji.close());

async function runKandji(parameters: INodeParameters): Promise<WorkflowRun> {
	const directoryNode = node('Kandji', USER_DIRECTORY, { provider: 'kandji', resource: 'user', ...parameters }, { credentials: credentialRefs('kandjiApi') });
	return await runWorkflow(singleNodeWorkflow(directoryNode), { credentials: { kandjiApi: kandji.credentials } });
}

function macUser() {
	const user = kandjiDirectory.addUser({ name: 'Mac Holder', email: `mac.${Math.random().toString(36).slice(2)}@accuhive.example` });
	kandjiDirectory.addDevice(user.id, 'Mac');
	return user;
}

describe('§2 Kandji acts only on its own answer about the requested user', () => {
	const bodies = NOT_AN_ANSWER.concat([['a lock answer without PIN for a Mac', { status: 200, body: { PIN: null } }]]);
	it.each(bodies)('Lock Devices answered with %s', async (_body, response) => {
		const user = macUser();
		kandji.server.injectFault({ method: 'POST', pathIncludes: '/action/lock', times: 1, response });
		const run = await runKandji({ operation: 'lockDevices', userId: user.id, confirmLock: true });
		expect(record('Kandji write on a foreign 2xx', errorOutcome(run.error('Kandji'), kandji.server.requests.length))).toBe('clear error');
		expect(run.error('Kandji')?.message).toMatch(/could not be locked: Kandji answered POST \/devices\/\S+\/action\/lock with .*, not Kandji's lock answer/);
	});

	it.each(NOT_AN_ANSWER)('Delete answered with %s', async (_body, response) => {
		const user = kandjiDirectory.addUser({ name: 'No Devices', email: 'no.devices@accuhive.example' });
		kandji.server.injectFault({ method: 'DELETE', pathIncludes: '/users/', times: 1, response });
		const run = await runKandji({ operation: 'delete', userId: user.id });
		expect(record('Kandji write on a foreign 2xx', errorOutcome(run.error('Kandji'), kandji.server.requests.length))).toBe('clear error');
		expect(kandjiDirectory.users.has(user.id)).toBe(true);
	});

	const foreignUsers: Array<[string, (own: IDataObject, other: IDataObject) => unknown]> = [
		['another user', (_own, other) => other],
		['another user without email', (_own, other) => ({ ...other, email: '' })],
		['a user without id', (own) => ({ ...own, id: undefined })],
		['an HTML page', () => '<html><title>Login</title></html>'],
		['an empty object', () => ({})],
	];
	for (const operation of ['lockDevices', 'delete'] as const) {
		it.each(foreignUsers)(`${operation}: the user lookup answers with %s`, async (_name, answer) => {
			const own = macUser();
			const other = macUser();
			const body = answer({ id: own.id, email: own.email, name: own.name }, { id: other.id, email: other.email, name: other.name });
			kandji.server.injectFault({ method: 'GET', pathIncludes: `/users/${own.id}`, times: 1, response: { status: 200, body: body as IDataObject } });
			const run = await runKandji({ operation, userId: own.id, confirmLock: true });
			expect(record('Kandji answer about another user', errorOutcome(run.error('Kandji'), 0))).toBe('clear error');
			expect(kandji.server.requests.some((request) => request.method !== 'GET')).toBe(false);
		});
	}

	it('the foreign-device check does not pass when both emails are empty', async () => {
		const own = kandjiDirectory.addUser({ name: 'Blank', email: 'blank@accuhive.example' });
		const holder = macUser();
		const [device] = kandjiDirectory.devicesOf(holder.id);
		kandji.server.injectFault({ method: 'GET', pathIncludes: `/users/${own.id}`, times: 1, response: { status: 200, body: { id: own.id, email: '', name: 'Blank' } } });
		kandji.server.injectFault({
			method: 'GET',
			pathIncludes: '/devices',
			times: 1,
			response: { status: 200, body: [{ device_id: device.deviceId, device_name: 'Not theirs', platform: 'Mac', user: { id: 'someone-else', email: '', name: 'x' } }] },
		});
		const run = await runKandji({ operation: 'lockDevices', userId: own.id, confirmLock: true });
		expect(record('Kandji answer about another user', errorOutcome(run.error('Kandji'), 0))).toBe('clear error');
		expect(kandji.lockRequests).toHaveLength(0);
	});

	it.each(NOT_AN_ANSWER)('the credential test fails on %s', async (_body, response) => {
		kandji.server.injectFault({ times: 1, response });
		const result = await testCredential('kandjiApi', kandji.credentials);
		expect(record('Credential test on a non-API 200', result.status === 'OK' ? 'false success' : 'clear error')).toBe('clear error');
	});
});

describe('§3 Kandji paging ends against a lying server', () => {
	const user = (n: number) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, email: `u${n}@accuhive.example`, name: `u${n}`, active: true, archived: false });
	const next = (hit: number) => `https://accuhive.kandji.io/api/v1/users?cursor=c${hit}`;
	const pages: Array<[string, (hit: number) => SandboxResponse]> = [
		['empty pages with a fresh cursor', (hit) => ({ status: 200, body: { next: next(hit), previous: null, results: [] } })],
		['the same users with a fresh cursor', (hit) => ({ status: 200, body: { next: next(hit), previous: null, results: [user(1), user(2)] } })],
		['a null entry', () => ({ status: 200, body: { next: null, previous: null, results: [user(1), null] } })],
		['an entry without id', () => ({ status: 200, body: { next: null, previous: null, results: [user(1), { email: 'x@y.z' }] } })],
		['results null', () => ({ status: 200, body: { next: null, previous: null, results: null } })],
		['next as a number', () => ({ status: 200, body: { next: 2, previous: null, results: [user(1)] } })],
		['a JSON list', () => ({ status: 200, body: [user(1)] })],
	];
	for (const limit of [5, undefined]) {
		it.each(pages)(`Get Many (limit ${String(limit ?? 'none')}): %s`, async (_name, respond) => {
			kandji.server.injectFault({ method: 'GET', pathIncludes: '/users', times: UNBOUNDED, respond });
			const run = await runKandji({ operation: 'getAll', ...(limit ? { returnAll: false, limit } : { returnAll: true }) });
			expect(record('Kandji paging / page contents', errorOutcome(run.error('Kandji'), kandji.server.requests.length))).toBe('clear error');
		});
	}
});

describe('§3 Kandji device paging ends against a lying server', () => {
	const device = (n: number, userId: string) => ({ device_id: `d-${n}`, device_name: `Mac ${n}`, platform: 'Mac', user: { id: userId, email: 'x@accuhive.example', name: 'x' } });
	const pages: Array<[string, (userId: string) => (hit: number) => SandboxResponse]> = [
		['a null entry', (userId) => () => ({ status: 200, body: [device(1, userId), null] })],
		['an entry without device_id', (userId) => () => ({ status: 200, body: [device(1, userId), { device_name: 'ghost' }] })],
		['a number entry', (userId) => () => ({ status: 200, body: [device(1, userId), 3] })],
		['an object instead of a list', (userId) => () => ({ status: 200, body: { results: [device(1, userId)] } })],
		['the same page forever (offset ignored)', (userId) => () => ({ status: 200, body: [device(1, userId), device(2, userId)] })],
		['an HTML page', () => () => NOT_AN_ANSWER[0][1]],
	];
	it.each(pages)('Get Devices: %s', async (_name, respond) => {
		const holder = macUser();
		kandji.server.injectFault({ method: 'GET', pathIncludes: '/devices', times: UNBOUNDED, respond: respond(holder.id) });
		const run = await runKandji({ operation: 'getDevices', userId: holder.id });
		expect(record('Kandji paging / page contents', errorOutcome(run.error('Kandji'), kandji.server.requests.length))).toBe('clear error');
	});
});

// ---------------------------------------------------------------- Konnektive

describe('§3 Konnektive paging ends against a lying server', () => {
	const customer = (n: number) => ({ customerId: n, emailAddress: `c${n}@shop.example`, firstName: 'C', lastName: String(n), dateCreated: '2024-01-01 10:00:00' });
	const fullPage = (first: number) => Array.from({ length: 200 }, (_, index) => customer(first + index));
	const page = (hit: number, message: IDataObject): SandboxResponse => ({ status: 200, body: { result: 'SUCCESS', message: { page: String(hit), resultsPerPage: 200, ...message } } });
	const pages: Array<[string, (hit: number) => SandboxResponse]> = [
		['the same full page forever', (hit) => page(hit, { data: fullPage(1) })],
		// Without totalResults (Konnektive documents it; the client does not depend on it) only the
		// 2,000,000-customer ceiling ends fresh full pages: 10,000 pages, too many for a test.
		['full pages of fresh customers, totalResults 1e308', (hit) => page(hit, { totalResults: 1e308, data: fullPage(hit * 1000) })],
		['full pages of fresh customers beyond totalResults 400', (hit) => page(hit, { totalResults: hit === 1 ? 400 : 10_000, data: fullPage(hit * 1000) })],
		['fractional totalResults', (hit) => page(hit, { totalResults: 2.5, data: fullPage(hit * 1000) })],
		['a null customer', (hit) => page(hit, { totalResults: 3, data: [customer(1), null, customer(2)] })],
		['a string customer', (hit) => page(hit, { totalResults: 3, data: [customer(1), 'customer'] })],
	];
	it.each(pages)('Get Many: %s', async (_name, respond) => {
		const konnektive = await startKonnektiveSandbox();
		try {
			konnektive.server.injectFault({ pathIncludes: '/customer/query/', times: UNBOUNDED, respond });
			const directoryNode = node('Directory', USER_DIRECTORY, { provider: 'konnektive', resource: 'user', operation: 'getAll', returnAll: true }, { credentials: credentialRefs('konnektiveApi') });
			const run = await runWorkflow(singleNodeWorkflow(directoryNode), { credentials: { konnektiveApi: konnektive.credentials } });
			expect(record('Konnektive paging / page contents', errorOutcome(run.error('Directory'), konnektive.server.requests.length))).toBe('clear error');
		} finally {
			await konnektive.close();
		}
	});
});

describe('§2 the Konnektive credential test passes only on its answer', () => {
	it.each(NOT_AN_ANSWER)('%s', async (_body, response) => {
		const konnektive = await startKonnektiveSandbox();
		try {
			konnektive.server.injectFault({ times: 1, response });
			const result = await testCredential('konnektiveApi', konnektive.credentials);
			expect(record('Credential test on a non-API 200', result.status === 'OK' ? 'false success' : 'clear error')).toBe('clear error');
		} finally {
			await konnektive.close();
		}
	});
});

// ---------------------------------------------------------------- Keeper Secrets Manager

describe('§6 Keeper Secrets Manager edge cases', () => {
	let ksm: KsmSandbox;
	beforeAll(async () => {
		ksm = await startKsmSandbox({ seed: 77 });
	});
	afterAll(async () => await ksm.close());
	const readWrite = () => credentialFor(ksm.applications.readWrite);
	const folder = () => ksm.applications.readWrite.sharedFolderUids[0];

	it.each([
		['no title', { type: 'login', fields: [{ type: 'login', value: ['a'] }] }],
		['a number as title', { type: 'login', title: 42, fields: [] }],
		['no fields', { type: 'login', title: 'Bare' }],
		['a field that is null', { type: 'login', title: 'Odd', fields: [null, { type: 'login', value: ['a'] }] }],
	])('Get Many lists the others when one record has %s', async (_name, data) => {
		const uid = ksm.vault.addRecord(data as never, folder());
		const run = await runKsm({ operation: 'getAll', returnAll: true }, readWrite());
		const records = run.output('Vault');
		const outcome = run.error('Vault') ? errorOutcome(run.error('Vault'), 0) : records.some((entry) => entry.uid === uid) && records.length > 1 ? 'correct' : 'false success';
		expect(record('KSM records of odd shape', outcome)).toBe('correct');
	});

	it.each([
		['a string value', 'secret-password', 'secret-password'],
		['a number value', 6432, 6432],
		['a list value', ['first', 'second'], 'first'],
	])('Get Value of a field holding %s returns the whole value', async (_name, value, expected) => {
		const title = `Value ${Math.random().toString(36).slice(2)}`;
		ksm.vault.addRecord({ type: 'login', title, fields: [{ type: 'password', value }] } as never, folder());
		const run = await runKsm({ operation: 'getValue', notation: `keeper://${title}/field/password` }, readWrite());
		const got = run.output('Vault')[0]?.value;
		expect(record('KSM records of odd shape', got === expected ? 'correct' : run.error('Vault') ? errorOutcome(run.error('Vault'), 0) : 'false success')).toBe('correct');
	});

	const emptyReads: Array<[string, () => INodeParameters]> = [
		['Get Many', () => ({ operation: 'getAll', returnAll: true })],
		['Get', () => ({ operation: 'get', record: byUid(uidTitled(ksm, 'Postgres primary')), simplify: true })],
		['Get Value', () => ({ operation: 'getValue', notation: 'keeper://Postgres primary/field/password' })],
	];
	it.each(emptyReads)('%s refuses an empty 200 answer', async (_name, parameters) => {
		const resolved = parameters();
		ksm.injectNetworkFault({ pathIncludes: 'get_secret', times: 1, response: { status: 200 } });
		const run = await runKsm(resolved, readWrite());
		expect(record('KSM empty 200', errorOutcome(run.error('Vault'), 0))).toBe('clear error');
		expect(run.error('Vault')?.message).toMatch(/answered get_secret with an empty body/);
	});

	it('the credential test refuses an empty 200 answer', async () => {
		ksm.injectNetworkFault({ pathIncludes: 'get_secret', times: 1, response: { status: 200 } });
		const result = await testCredential('keeperSecretsManagerApi', readWrite());
		expect(record('Credential test on a non-API 200', result.status === 'OK' ? 'false success' : 'clear error')).toBe('clear error');
	});

	it.each([
		['update', () => ({ operation: 'update', record: byTitle('Postgres primary'), updateFields: { password: `p-${Math.random()}` } }), 'update_secret'],
		['create', () => ({ operation: 'create', folderUid: folder(), title: `Robot ${Math.random()}`, login: 'robot' }), 'create_secret'],
	])('%s is not reported when an empty 200 came back but nothing changed', async (_name, parameters, endpoint) => {
		ksm.injectNetworkFault({ pathIncludes: endpoint, times: 1, response: { status: 200 } });
		const run = await runKsm(parameters() as INodeParameters, readWrite());
		expect(record('KSM write not applied', errorOutcome(run.error('Vault'), 0))).toBe('clear error');
		expect(run.error('Vault')?.message).toMatch(/reading it back does not show the change/);
	});
});
