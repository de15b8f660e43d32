import type { INode, INodeParameters } from 'n8n-workflow';

import { listSearch, packageUnderTest, runWorkflow, type TestCredentialStore } from '../../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../../dev/harness/workflows';
import { KandjiDirectory, startKandjiSandbox, type KandjiSandbox } from '../../../dev/sandboxes/kandji';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox } from '../../../dev/sandboxes/keeper';
import { KonnektiveCrm, startKonnektiveSandbox, type KonnektiveSandbox } from '../../../dev/sandboxes/konnektive';

/**
 * The user and team pickers: "From List" searches the directory through the node's listSearch
 * methods (called as the editor calls them, through n8n-core's LoadOptionsContext), "By ID" and
 * ids saved before the pickers (plain text) run the same operations.
 */

let keeper: KeeperSandbox;
let kandji: KandjiSandbox;
let konnektive: KonnektiveSandbox;

beforeAll(async () => {
	keeper = await startKeeperSandbox({ directory: KeeperDirectory.seeded({ users: 30, teams: 5, seed: 71 }) });
	kandji = await startKandjiSandbox({ directory: KandjiDirectory.seeded({ users: 120, seed: 72 }) });
	konnektive = await startKonnektiveSandbox({ crm: KonnektiveCrm.seeded({ customers: 40, seed: 73, spreadDays: 30 }) });
});
afterAll(async () => {
	await keeper.close();
	await kandji.close();
	await konnektive.close();
});

const CREDENTIAL = { keeper: 'keeperScimApi', kandji: 'kandjiApi', konnektive: 'konnektiveApi' } as const;
type ProviderId = keyof typeof CREDENTIAL;

function credentials(): TestCredentialStore {
	return { keeperScimApi: keeper.credentials, kandjiApi: kandji.credentials, konnektiveApi: konnektive.credentials };
}

function directoryNode(provider: ProviderId, parameters: INodeParameters): INode {
	return node('Directory', USER_DIRECTORY, { provider, ...parameters }, { credentials: credentialRefs(CREDENTIAL[provider]) });
}

async function search(provider: ProviderId, method: 'searchUsers' | 'searchGroups', filter?: string, paginationToken?: string) {
	const resource = method === 'searchUsers' ? `${provider}User` : `${provider}Group`;
	return await listSearch(directoryNode(provider, { resource, operation: 'get' }), method, {
		credentials: credentials(),
		filter,
		paginationToken,
	});
}

async function run(provider: ProviderId, parameters: INodeParameters) {
	return await runWorkflow(singleNodeWorkflow(directoryNode(provider, parameters)), { credentials: credentials() });
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const fromList = (value: string, name: string) => ({ __rl: true, mode: 'list', value, cachedResultName: name });

describe('User Directory · user and team pickers (From List)', () => {
	it('lists Keeper users by name and email, and narrows them by a search text', async () => {
		const users = keeper.directory.list();
		const all = await search('keeper', 'searchUsers');
		expect(all.results).toEqual(users.map((user) => ({ name: `${user.displayName} (${user.email})`, value: user.id })));
		expect(all.paginationToken).toBeUndefined();

		const wanted = users[7];
		const byName = await search('keeper', 'searchUsers', wanted.familyName.toUpperCase());
		const expected = users.filter((user) => `${user.displayName}\n${user.email}`.toLowerCase().includes(wanted.familyName.toLowerCase()));
		expect(byName.results.map((entry) => entry.value)).toEqual(expected.map((user) => user.id));
		expect(byName.results.map((entry) => entry.value)).toContain(wanted.id);

		const byEmail = await search('keeper', 'searchUsers', wanted.email);
		expect(byEmail.results).toEqual([{ name: `${wanted.displayName} (${wanted.email})`, value: wanted.id }]);
		expect((await search('keeper', 'searchUsers', 'nobody-has-this-name')).results).toEqual([]);
	});

	it('lists Keeper teams by name and narrows them by a search text', async () => {
		const teams = [...keeper.directory.teams.values()];
		const all = await search('keeper', 'searchGroups');
		expect(all.results).toEqual(teams.map((team) => ({ name: team.displayName, value: team.id })));
		const wanted = teams[2];
		const found = await search('keeper', 'searchGroups', wanted.displayName.slice(1, 5).toLowerCase());
		expect(found.results).toContainEqual({ name: wanted.displayName, value: wanted.id });
		for (const entry of found.results) expect(entry.name.toLowerCase()).toContain(wanted.displayName.slice(1, 5).toLowerCase());
	});

	it('pages a long Kandji list 50 at a time, in the directory order, and ends', async () => {
		const users = kandji.directory.list();
		const seen: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await search('kandji', 'searchUsers', undefined, token);
			seen.push(...page.results.map((entry) => String(entry.value)));
			token = page.paginationToken as string | undefined;
			pages++;
		} while (token !== undefined && pages < 10);
		expect(pages).toBe(3);
		expect(seen).toEqual(users.map((user) => user.id));

		const wanted = users[95];
		const found = await search('kandji', 'searchUsers', wanted.email.toUpperCase());
		expect(found.results).toEqual([{ name: `${wanted.name} (${wanted.email})`, value: wanted.id }]);
	});

	it('searches Konnektive customers by name, and asks Konnektive directly for a full email address', async () => {
		const customers = konnektive.crm.list();
		const wanted = customers[11];
		const entry = { name: `${wanted.firstName} ${wanted.lastName} (${wanted.emailAddress})`, value: String(wanted.customerId) };
		konnektive.server.requests.length = 0;
		expect((await search('konnektive', 'searchUsers', wanted.emailAddress.toUpperCase())).results).toEqual([entry]);
		const asked = konnektive.server.requests.map((request) => new URLSearchParams(request.query).get('emailAddress'));
		expect(asked).toEqual([wanted.emailAddress.toUpperCase()]);

		konnektive.server.requests.length = 0;
		const byName = await search('konnektive', 'searchUsers', wanted.lastName);
		expect(byName.results).toContainEqual(entry);
		const named = customers.filter((customer) => `${customer.firstName} ${customer.lastName}\n${customer.emailAddress}`.toLowerCase().includes(wanted.lastName.toLowerCase()));
		expect(byName.results).toHaveLength(named.length);
		for (const request of konnektive.server.requests) expect(new URLSearchParams(request.query).get('emailAddress')).toBeNull();
	});

	it('ends: a search that matches nothing pages through the first 5,000 users, 500 a page, and stops there', async () => {
		const large = await startKandjiSandbox({ directory: KandjiDirectory.seeded({ users: 5_200, seed: 74, devicesPerUser: [0, 0] }) });
		try {
			const tokens: Array<string | undefined> = [];
			let token: string | undefined;
			do {
				const page = await listSearch(directoryNode('kandji', { resource: 'kandjiUser', operation: 'get' }), 'searchUsers', {
					credentials: { ...credentials(), kandjiApi: large.credentials },
					filter: 'nobody-has-this-name',
					paginationToken: token,
				});
				expect(page.results).toEqual([]);
				token = page.paginationToken as string | undefined;
				tokens.push(token);
			} while (token !== undefined && tokens.length < 20);
			expect(tokens).toEqual([...Array.from({ length: 9 }, (_, index) => String((index + 1) * 500)), undefined]);
		} finally {
			await large.close();
		}
	});

	it('says clearly that Kandji has no teams to list', async () => {
		await expect(search('kandji', 'searchGroups')).rejects.toThrow('Kandji has no groups');
	});

	it('reports a wrong credential with the provider\'s own hint, without the token', async () => {
		const wrong = { ...credentials(), keeperScimApi: { ...keeper.credentials, apiToken: 'not-the-token-1234567890' } };
		const failure = listSearch(directoryNode('keeper', { resource: 'keeperUser', operation: 'get' }), 'searchUsers', { credentials: wrong });
		await expect(failure).rejects.toThrow(/401|token/i);
		await failure.catch((error: Error & { description?: string }) => {
			expect(`${error.message} ${error.description ?? ''}`).not.toContain('not-the-token-1234567890');
		});
	});
});

describe('User Directory · picked ids run the operations', () => {
	const keeperUser = () => keeper.directory.list()[4];
	const keeperTeam = () => [...keeper.directory.teams.values()][1];

	it.each([
		['a user picked from the list', () => fromList(keeperUser().id, keeperUser().displayName)],
		['a user id given By ID', () => byId(` ${keeperUser().id} `)],
		['a plain id saved before the pickers', () => keeperUser().id],
	])('gets a Keeper user from %s', async (_label, value) => {
		const result = await run('keeper', { resource: 'keeperUser', operation: 'get', userId: value() });
		expect(result.error()).toBeUndefined();
		expect(result.output('Directory')).toMatchObject([{ id: keeperUser().id, email: keeperUser().email }]);
	});

	it('gets a Keeper team picked from the list, and one saved as a plain id under the old resource value', async () => {
		const picked = await run('keeper', { resource: 'keeperGroup', operation: 'get', groupId: fromList(keeperTeam().id, keeperTeam().displayName) });
		expect(picked.output('Directory')).toMatchObject([{ id: keeperTeam().id, name: keeperTeam().displayName }]);
		const old = await run('keeper', { resource: 'group', operation: 'get', groupId: keeperTeam().id });
		expect(old.output('Directory')).toMatchObject([{ id: keeperTeam().id, name: keeperTeam().displayName }]);
	});

	it('adds a picked user to a picked team, and removes them again with plain ids', async () => {
		const user = keeper.directory.list()[9];
		const team = [...keeper.directory.teams.values()].find((candidate) => !user.teamIds.includes(candidate.id))!;
		const added = await run('keeper', {
			resource: 'keeperUser',
			operation: 'addToGroup',
			userId: fromList(user.id, user.displayName),
			groupId: byId(team.id),
		});
		expect(added.error()).toBeUndefined();
		expect(added.output('Directory')).toMatchObject([{ id: user.id, changed: true, alreadyMember: false }]);
		expect(keeper.directory.users.get(user.id)?.teamIds).toContain(team.id);

		const removed = await run('keeper', { resource: 'user', operation: 'removeFromGroup', userId: user.id, groupId: team.id });
		expect(removed.output('Directory')).toMatchObject([{ id: user.id, changed: true, wasMember: true }]);
		expect(keeper.directory.users.get(user.id)?.teamIds).not.toContain(team.id);
	});

	it('gets a Kandji user and their devices, and a Konnektive customer, by picked or plain ids', async () => {
		const user = kandji.directory.list().find((candidate) => kandji.directory.devicesOf(candidate.id).length > 0)!;
		const got = await run('kandji', { resource: 'kandjiUser', operation: 'get', userId: fromList(user.id, user.name) });
		expect(got.output('Directory')).toMatchObject([{ id: user.id, email: user.email }]);
		const devices = await run('kandji', { resource: 'user', operation: 'getDevices', userId: user.id });
		expect(devices.error()).toBeUndefined();
		expect(devices.output('Directory').map((device) => device.deviceId).sort()).toEqual(
			kandji.directory.devicesOf(user.id).map((device) => device.deviceId).sort(),
		);

		const customer = konnektive.crm.list()[5];
		for (const userId of [byId(String(customer.customerId)), String(customer.customerId)]) {
			const found = await run('konnektive', { resource: 'konnektiveUser', operation: 'get', userId });
			expect(found.output('Directory')).toMatchObject([{ id: String(customer.customerId), email: customer.emailAddress }]);
		}
	});

	it('refuses an id of the wrong shape before anything is sent: typed (n8n checks the rule) or mapped (the node does)', async () => {
		kandji.server.requests.length = 0;
		// n8n 2.8 says "The workflow has issues"; newer lines name the node and the rule's message.
		await expect(run('kandji', { resource: 'kandjiUser', operation: 'get', userId: byId('../devices') })).rejects.toThrow(
			/The workflow has issues|'Directory' node has issues:\s+- Not a Kandji user ID/,
		);
		const mapped = await run('kandji', { resource: 'kandjiUser', operation: 'get', userId: byId("={{ '../devices' }}") });
		expect(mapped.error('Directory')?.message).toBe('"../devices" is not a Kandji user ID');
		const plain = await run('kandji', { resource: 'user', operation: 'get', userId: '12345' });
		expect(plain.error('Directory')?.message).toBe('"12345" is not a Kandji user ID');
		const empty = await run('keeper', { resource: 'keeperUser', operation: 'get', userId: byId("={{ $json.missing ?? '' }}") });
		expect(empty.error('Directory')?.message).toBe('The User ID is empty');
		expect(kandji.server.requests).toEqual([]);
	});

	it('takes the id an AI Agent gives the tool ($fromAI in By ID), as n8n runs a tool node with the call\'s arguments', async () => {
		const user = keeperUser();
		const toolNode = directoryNode('keeper', {
			resource: 'keeperUser',
			operation: 'get',
			userId: byId("={{ $fromAI('User_ID', 'The Keeper user ID', 'string') }}"),
		});
		const result = await runWorkflow(
			{ nodes: [toolNode], connections: {} },
			{ credentials: credentials(), trigger: { nodeName: 'Directory', items: [[{ json: { User_ID: user.id } }]] } },
		);
		expect(result.error()).toBeUndefined();
		expect(result.output('Directory')).toMatchObject([{ id: user.id, email: user.email }]);
	});
});

describe('User Directory · picker parameters', () => {
	it('offers From List and By ID (checked with the provider\'s id rule) for every user and team id', () => {
		const { properties } = packageUnderTest().nodeTypes[USER_DIRECTORY].description;
		const pickers = properties.filter((property) => property.name === 'userId' || property.name === 'groupId');
		expect(pickers.length).toBeGreaterThanOrEqual(10);
		for (const picker of pickers) {
			expect(picker.type).toBe('resourceLocator');
			expect(picker.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
			expect(picker.modes?.[0].typeOptions?.searchListMethod).toBe(picker.name === 'userId' ? 'searchUsers' : 'searchGroups');
			const rule = picker.modes?.[1].validation?.[0];
			expect(typeof rule === 'object' && rule.type === 'regex').toBe(true);
		}
	});
});
