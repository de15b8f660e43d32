import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../../dev/harness/workflows';
import { useTally } from '../../package/tally';
import { startSandboxServer, type SandboxServer } from '../../../dev/sandboxes/http';

/**
 * Issue 9 §4: ids and parameters are checked before anything is sent. The server here says yes
 * to everything (a user, a team, an empty list, 204 to deletes), so a request that should never
 * have been made would be reported as a success: each case must fail with a clear message naming
 * what is wrong, and the server must see no request at all (or none outside the expected ones).
 */

const NODE_ID = '966183628062721';
const USER_UUID = '69c009ca-1f78-4bdf-bb93-08d6d39041db';
const DEVICE_UUID = '0c8b1f5e-7d55-4c4a-9a1e-4f1e6a3c2b10';

let server: SandboxServer;
/** Devices the yes-server lists for Kandji (their ids are what the lock puts in its path). */
let devices: IDataObject[] = [];

const scimUser = { id: '1099511627777', userName: 'jane@example.com', active: true, groups: [], emails: [{ value: 'jane@example.com' }] };

beforeAll(async () => {
	server = await startSandboxServer((request) => {
		if (request.method === 'DELETE') return { status: 204 };
		if (request.path.startsWith('/api/v1/devices')) {
			if (request.method === 'POST') return { status: 200, body: { PIN: '123456' } };
			return { status: 200, body: request.query.get('offset') === '0' ? devices : [] };
		}
		if (request.path.startsWith('/api/v1/users/')) {
			return { status: 200, body: { id: USER_UUID, email: 'jane@example.com', name: 'Jane', active: true } };
		}
		if (request.path.startsWith('/api/v1/users')) return { status: 200, body: { next: null, previous: null, results: [] } };
		if (request.path.startsWith('/customer/')) return { status: 200, body: { result: 'ERROR', message: 'No customers matching those parameters could be found' } };
		if (/\/Groups\/[^/]+$/.test(request.path)) return { status: 200, body: { id: 'team', displayName: 'Team', members: [] } };
		if (/\/(Users|Groups)$/.test(request.path) && request.method === 'GET') {
			return { status: 200, body: { Resources: [], totalResults: 0, itemsPerPage: 0, startIndex: 1 } };
		}
		return { status: 200, body: scimUser };
	});
});

afterAll(async () => {
	await server.close();
});

beforeEach(() => {
	server.requests.length = 0;
	devices = [];
});

const CREDENTIALS = () => ({
	keeperScimApi: { region: 'custom', baseUrl: server.url, nodeId: NODE_ID, apiToken: 'c2FuZGJveC1rZWVwZXItc2NpbS10b2tlbi0wMDAwMDE=' },
	kandjiApi: { region: 'custom', baseUrl: server.url, apiToken: '3f6b2a4e-91c7-4d0a-8e55-b2c1d9f04a17' },
	konnektiveApi: { loginId: 'api-user', password: 'pw-with-enough-length', baseUrl: server.url },
});
const CREDENTIAL_OF: Record<string, string> = { keeper: 'keeperScimApi', kandji: 'kandjiApi', konnektive: 'konnektiveApi' };

async function run(provider: string, parameters: INodeParameters) {
	const directory = node(
		'Directory',
		USER_DIRECTORY,
		{ provider, simplify: true, ...parameters },
		{ credentials: credentialRefs(CREDENTIAL_OF[provider]) },
	);
	const result = await runWorkflow(singleNodeWorkflow(directory), { credentials: CREDENTIALS() });
	const error = result.error('Directory') as (Error & { description?: string }) | undefined;
	return { error, text: `${error?.message ?? ''} ${error?.description ?? ''}`, output: result.output('Directory') };
}

const count = useTally('input checks');

/** Never a raw JavaScript error or a stringified object in what the user reads. */
const RAW = /\[object Object\]|is not a function|Cannot read propert|undefined is not|of undefined/;

const PATH_IDS = ['.', '..', '/', '?', '#', '%2F', '%2f', '..%2F..', '%2e%2e', 'a/b', '1/../2', '1?x=1', '1#frag', '1%2F2', '../Groups/1', '..\\..', '1 2', ' / ', './1', '%'];

const KEEPER_ID_OPERATIONS: Array<{ name: string; parameters: (id: string) => INodeParameters }> = [
	{ name: 'user get', parameters: (id) => ({ resource: 'user', operation: 'get', userId: id }) },
	{ name: 'user update', parameters: (id) => ({ resource: 'user', operation: 'update', userId: id, updateFields: { displayName: 'X' } }) },
	{ name: 'user suspend', parameters: (id) => ({ resource: 'user', operation: 'suspend', userId: id }) },
	{ name: 'user unsuspend', parameters: (id) => ({ resource: 'user', operation: 'unsuspend', userId: id }) },
	{ name: 'user delete', parameters: (id) => ({ resource: 'user', operation: 'delete', userId: id }) },
	{ name: 'addToGroup user', parameters: (id) => ({ resource: 'user', operation: 'addToGroup', userId: id, groupId: 'Vq2SlXlhuEWBRBAqEFGo7w' }) },
	{ name: 'addToGroup group', parameters: (id) => ({ resource: 'user', operation: 'addToGroup', userId: '1099511627777', groupId: id }) },
	{ name: 'removeFromGroup group', parameters: (id) => ({ resource: 'user', operation: 'removeFromGroup', userId: '1099511627777', groupId: id }) },
	{ name: 'group get', parameters: (id) => ({ resource: 'group', operation: 'get', groupId: id, includeMembers: false }) },
	{ name: 'group update', parameters: (id) => ({ resource: 'group', operation: 'update', groupId: id, updateFields: { name: 'X' } }) },
	{ name: 'group delete', parameters: (id) => ({ resource: 'group', operation: 'delete', groupId: id }) },
	{ name: 'create teamIds', parameters: (id) => ({ resource: 'user', operation: 'create', email: 'new@example.com', additionalFields: { teamIds: id } }) },
];

describe('Keeper ids with path characters are refused before anything is sent', () => {
	const cases = KEEPER_ID_OPERATIONS.flatMap((operation) => PATH_IDS.map((id) => ({ operation, id })));
	it.each(cases.map((entry) => [`${entry.operation.name} "${entry.id}"`, entry] as const))('%s', async (_name, { operation, id }) => {
		const { error, text } = await run('keeper', operation.parameters(id));
		count('Keeper path ids', error !== undefined && server.requests.length === 0);
		expect(error?.message).toMatch(/is not a Keeper (user ID|Team UID)|is empty/);
		expect(text).not.toMatch(RAW);
		expect(server.requests).toEqual([]);
	});
});

describe('Kandji ids', () => {
	const ids = [...PATH_IDS, 'jane@example.com', '12345', `${USER_UUID}/../x`, `${USER_UUID}?a=1`, `${USER_UUID.slice(0, -1)}g`];
	const operations = ['get', 'getDevices', 'delete'];
	const cases = operations.flatMap((operation) => ids.map((id) => ({ operation, id })));
	it.each(cases.map((entry) => [`${entry.operation} "${entry.id}"`, entry] as const))(
		'refuses a user id that is not a UUID: %s',
		async (_name, { operation, id }) => {
			const { error, text } = await run('kandji', { resource: 'user', operation, userId: id });
			count('Kandji user ids', error !== undefined && server.requests.length === 0);
			expect(error?.message).toMatch(/is not a Kandji user ID|is empty/);
			expect(text).not.toMatch(RAW);
			expect(server.requests).toEqual([]);
		},
	);

	// A device with no id at all makes the list itself untrustworthy (paging and the duplicate check
	// rest on ids): the whole list is refused, nothing is locked.
	it.each(['', null].map((id) => [JSON.stringify(id), id] as const))(
		'refuses a device list with an entry without an id: %s',
		async (_name, id) => {
			devices = [
				{ device_id: id, device_name: 'Hostile', serial_number: 'X', user: { id: USER_UUID, email: 'jane@example.com' } },
				{ device_id: DEVICE_UUID, device_name: 'Good', serial_number: 'Y', user: { id: USER_UUID, email: 'jane@example.com' } },
			];
			const { error, text } = await run('kandji', { resource: 'user', operation: 'lockDevices', userId: USER_UUID, confirmLock: true, lockOptions: {} });
			const posts = server.requests.filter((request) => request.method === 'POST');
			count('Kandji device ids', error !== undefined && posts.length === 0);
			expect(posts).toEqual([]);
			expect(error?.message).toMatch(/malformed device list/);
			expect(text).not.toMatch(RAW);
		},
	);

	const deviceIds = ['.', '..', '../../users/' + USER_UUID, '%2F..', 'a/b', '1?x', '#', 42];
	it.each(deviceIds.map((id) => [JSON.stringify(id), id] as const))(
		'never locks through a device id from the server that is not a UUID: %s',
		async (_name, id) => {
			devices = [
				{ device_id: id, device_name: 'Hostile', serial_number: 'X', user: { id: USER_UUID, email: 'jane@example.com' } },
				{ device_id: DEVICE_UUID, device_name: 'Good', serial_number: 'Y', user: { id: USER_UUID, email: 'jane@example.com' } },
			];
			const { output } = await run('kandji', { resource: 'user', operation: 'lockDevices', userId: USER_UUID, confirmLock: true, lockOptions: {} });
			const posts = server.requests.filter((request) => request.method === 'POST').map((request) => request.path);
			count('Kandji device ids', posts.length === 1);
			expect(posts).toEqual([`/api/v1/devices/${DEVICE_UUID}/action/lock`]);
			const outcomes = (output[0]?.devices ?? []) as IDataObject[];
			expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'locked']);
			expect(String(outcomes[0].reason)).toMatch(/is not a Kandji device ID|is empty/);
		},
	);
});

describe('Konnektive customer ids', () => {
	it.each([...PATH_IDS, 'abc', '12a', '-1', '1.5'].map((id) => [id] as const))('refuses "%s"', async (id) => {
		const { error } = await run('konnektive', { resource: 'user', operation: 'get', userId: id });
		count('Konnektive customer ids', error !== undefined && server.requests.length === 0);
		expect(error?.message).toMatch(/is not a Konnektive customer ID|is empty/);
		expect(server.requests).toEqual([]);
	});
});

const WRONG_TYPES: Array<[string, string]> = [
	['an object', '={{ { "email": "jane@example.com" } }}'],
	['a list', '={{ ["jane@example.com", "joe@example.com"] }}'],
	['a boolean', '={{ true }}'],
	['an empty object', '={{ {} }}'],
	['a nested list', '={{ [[1]] }}'],
];

describe('parameters of the wrong type are named, never "[object Object]" or a raw error', () => {
	const parameterCases: Array<{ provider: string; name: string; parameters: (value: string) => INodeParameters; label: RegExp }> = [
		{ provider: 'keeper', name: 'Get user ID', parameters: (value) => ({ resource: 'user', operation: 'get', userId: value }), label: /"User ID"/ },
		{ provider: 'keeper', name: 'Update email', parameters: (value) => ({ resource: 'user', operation: 'update', userId: '1099511627777', updateFields: { email: value } }), label: /"email"/ },
		{ provider: 'keeper', name: 'Update display name', parameters: (value) => ({ resource: 'user', operation: 'update', userId: '1099511627777', updateFields: { displayName: value } }), label: /"displayName"/ },
		{ provider: 'keeper', name: 'Create email', parameters: (value) => ({ resource: 'user', operation: 'create', email: value }), label: /"email"/ },
		{ provider: 'keeper', name: 'Create first name', parameters: (value) => ({ resource: 'user', operation: 'create', email: 'new@example.com', firstName: value }), label: /"First Name"/ },
		{ provider: 'keeper', name: 'Group create name', parameters: (value) => ({ resource: 'group', operation: 'create', name: value }), label: /"team name"/ },
		{ provider: 'keeper', name: 'Email filter', parameters: (value) => ({ resource: 'user', operation: 'getAll', returnAll: true, filters: { email: value } }), label: /"Email"/ },
		{ provider: 'keeper', name: 'Group name filter', parameters: (value) => ({ resource: 'group', operation: 'getAll', returnAll: true, includeMembers: false, filters: { name: value } }), label: /"Name"/ },
		{ provider: 'kandji', name: 'Email Contains filter', parameters: (value) => ({ resource: 'user', operation: 'getAll', returnAll: true, filters: { email: value } }), label: /"Email Contains"/ },
		{ provider: 'kandji', name: 'Integration ID filter', parameters: (value) => ({ resource: 'user', operation: 'getAll', returnAll: true, filters: { integrationId: value } }), label: /"Integration ID"/ },
		{ provider: 'kandji', name: 'Lock message', parameters: (value) => ({ resource: 'user', operation: 'lockDevices', userId: USER_UUID, confirmLock: true, lockOptions: { message: value } }), label: /"message"/ },
		{ provider: 'konnektive', name: 'Email filter', parameters: (value) => ({ resource: 'user', operation: 'getAll', returnAll: true, filters: { emailAddress: value } }), label: /"Email"/ },
		{ provider: 'konnektive', name: 'Phone filter', parameters: (value) => ({ resource: 'user', operation: 'getAll', returnAll: true, filters: { phoneNumber: value } }), label: /"Phone"/ },
	];
	const cases = parameterCases.flatMap((parameter) => WRONG_TYPES.map(([kind, value]) => ({ parameter, kind, value })));

	it.each(cases.map((entry) => [`${entry.parameter.provider} ${entry.parameter.name} as ${entry.kind}`, entry] as const))(
		'%s',
		async (_name, { parameter, value }) => {
			devices = [{ device_id: DEVICE_UUID, device_name: 'Mac', serial_number: 'Y', user: { id: USER_UUID, email: 'jane@example.com' } }];
			const { error, text } = await run(parameter.provider, parameter.parameters(value));
			const writes = server.requests.filter((request) => request.method !== 'GET');
			count('wrong parameter types', error !== undefined && !RAW.test(text) && writes.length === 0);
			expect(error?.message).toMatch(/must be text, but it is (an object|a list|a boolean)/);
			expect(error?.message).toMatch(parameter.label);
			expect(text).not.toMatch(RAW);
			expect(writes).toEqual([]);
		},
	);

	it.each(['not-an-email', 'jane@', '@example.com', 'jane doe@example.com', 'jane@example'].map((email) => [email] as const))(
		'Update validates the email like Create: "%s"',
		async (email) => {
			const { error } = await run('keeper', { resource: 'user', operation: 'update', userId: '1099511627777', updateFields: { email } });
			count('Update email', error !== undefined && server.requests.length === 0);
			expect(error?.message).toBe(`"${email}" is not an email address`);
			expect(server.requests).toEqual([]);
		},
	);

	it('a number where text is expected counts as its digits (a Keeper user id mapped as a number)', async () => {
		const { error, output } = await run('keeper', { resource: 'user', operation: 'get', userId: '={{ 1099511627777 }}' });
		expect(error).toBeUndefined();
		expect(output[0]).toMatchObject({ id: '1099511627777' });
		expect(server.requests.map((request) => request.path)).toEqual([`/api/rest/scim/v2/${NODE_ID}/Users/1099511627777`]);
	});
});
