import type { INodeParameters } from 'n8n-workflow';

import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox } from '../../../dev/sandboxes/keeper';
import { runKeeperNode, useKeeperSandbox } from './keeperSupport';

const UNIFIED_USER_KEYS = [
	'createdAt', 'displayName', 'email', 'externalId', 'firstName', 'groups', 'id', 'lastName',
	'provider', 'status', 'updatedAt', 'username',
];

const keeper = useKeeperSandbox({ users: 40, teams: 4, seed: 11 });
const run = keeper.run;

function usersRequested(target = keeper.sandbox) {
	return target.server.requests.filter((request) => request.path.endsWith('/Users'));
}

describe('User Directory · Keeper · users', () => {
	it('gets many users in the unified shape, all of them with Return All', async () => {
		const result = await run({ resource: 'user', operation: 'getAll', returnAll: true });
		expect(result.error()).toBeUndefined();
		const users = result.output('Directory');
		expect(users).toHaveLength(40);
		for (const user of users) expect(Object.keys(user).sort()).toEqual(UNIFIED_USER_KEYS);
		const first = keeper.sandbox.directory.list()[0];
		expect(users[0]).toMatchObject({
			id: first.id,
			provider: 'keeper',
			email: first.email,
			username: first.userName,
			firstName: first.givenName,
			lastName: first.familyName,
			displayName: first.displayName,
			status: first.active ? 'active' : 'suspended',
			externalId: null,
			createdAt: null,
			updatedAt: null,
		});
		expect(users.map((user) => user.id)).toEqual(keeper.sandbox.directory.list().map((user) => user.id));
	});

	it('maps locked users (active:false) to status "suspended"', async () => {
		const locked = keeper.sandbox.directory.list()[3];
		locked.active = false;
		try {
			const users = (await run({ resource: 'user', operation: 'getAll', returnAll: true })).output('Directory');
			expect(users.find((user) => user.id === locked.id)?.status).toBe('suspended');
		} finally {
			locked.active = true;
		}
	});

	it('stops fetching as soon as the limit is reached', async () => {
		const result = await run({ resource: 'user', operation: 'getAll', returnAll: false, limit: 7 });
		expect(result.output('Directory')).toHaveLength(7);
		const requests = usersRequested();
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toContain('count=7');
	});

	it('returns the raw SCIM resource untouched when Simplify is off', async () => {
		const result = await run({ resource: 'user', operation: 'getAll', returnAll: false, limit: 2, simplify: false });
		const [raw] = result.output('Directory');
		expect(raw.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User']);
		expect(raw.name).toEqual({
			givenName: keeper.sandbox.directory.list()[0].givenName,
			familyName: keeper.sandbox.directory.list()[0].familyName,
		});
		expect(raw).not.toHaveProperty('provider');
	});

	it('filters by user name with the SCIM filter (exact match)', async () => {
		const target = keeper.sandbox.directory.list()[5];
		const result = await run({
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
			filters: { userName: target.userName },
		});
		expect(result.output('Directory').map((user) => user.id)).toEqual([target.id]);
		expect(decodeURIComponent(usersRequested()[0].query)).toContain(`filter=userName eq "${target.userName}"`);
	});

	it('filters by email, falling back when the server rejects an emails filter', async () => {
		const target = keeper.sandbox.directory.list()[6];
		const found = await run({ resource: 'user', operation: 'getAll', returnAll: true, filters: { email: target.email.toUpperCase() } });
		expect(found.output('Directory').map((user) => user.id)).toEqual([target.id]);

		const missing = await run({ resource: 'user', operation: 'getAll', returnAll: true, filters: { email: 'nobody@acme-corp.example' } });
		expect(missing.error()).toBeUndefined();
		expect(missing.output('Directory')).toEqual([]);
	});

	it('gets one user by id', async () => {
		const target = keeper.sandbox.directory.list()[9];
		const [user] = (await run({ resource: 'user', operation: 'get', userId: target.id })).output('Directory');
		expect(user).toMatchObject({ id: target.id, email: target.email, provider: 'keeper' });
		expect(user.groups).toEqual(
			target.teamIds.map((teamId) => ({ id: teamId, name: keeper.sandbox.directory.teams.get(teamId)?.displayName })),
		);
	});

	it('says the id is unknown on a 404', async () => {
		const result = await run({ resource: 'user', operation: 'get', userId: '999999999999999' });
		const error = result.error('Directory');
		expect(error?.message).toBe('No Keeper user with ID "999999999999999"');
		expect((error as { description?: string }).description).toContain('Get Many');
	});
});

describe('User Directory · Keeper · groups (teams)', () => {
	it('gets many teams without members unless asked', async () => {
		const result = await run({ resource: 'group', operation: 'getAll', returnAll: true });
		const teams = result.output('Directory');
		expect(teams).toHaveLength(4);
		expect(teams[0]).toEqual({
			id: [...keeper.sandbox.directory.teams.keys()][0],
			provider: 'keeper',
			name: [...keeper.sandbox.directory.teams.values()][0].displayName,
			externalId: null,
			memberCount: null,
		});
		expect(keeper.sandbox.server.requests.at(-1)?.query).toContain('excludedAttributes=members');
	});

	it('includes members and their count when asked', async () => {
		const team = [...keeper.sandbox.directory.teams.values()][1];
		const [group] = (
			await run({ resource: 'group', operation: 'get', groupId: team.id, includeMembers: true })
		).output('Directory');
		const members = keeper.sandbox.directory.membersOf(team.id);
		expect(group.memberCount).toBe(members.length);
		expect(group.members).toEqual(members.map((user) => ({ id: user.id, display: user.userName })));
	});

	it('filters teams by name, ignoring case', async () => {
		const team = [...keeper.sandbox.directory.teams.values()][2];
		const result = await run({
			resource: 'group',
			operation: 'getAll',
			returnAll: true,
			filters: { name: team.displayName.toUpperCase() },
		});
		expect(result.output('Directory').map((group) => group.id)).toEqual([team.id]);
	});

	it('says a team id is unknown on a 404', async () => {
		const result = await run({ resource: 'group', operation: 'get', groupId: 'NoSuchTeamUid00000000A' });
		expect(result.error('Directory')?.message).toBe('No Keeper team with ID "NoSuchTeamUid00000000A"');
	});
});

describe('User Directory · Keeper · paging edges', () => {
	async function listAllFrom(target: KeeperSandbox, parameters: INodeParameters = {}) {
		const result = await runKeeperNode(target, { resource: 'user', operation: 'getAll', returnAll: true, ...parameters });
		expect(result.error()).toBeUndefined();
		return { users: result.output('Directory'), requests: usersRequested(target) };
	}

	async function withSandbox(options: Parameters<typeof startKeeperSandbox>[0], check: (target: KeeperSandbox) => Promise<void>) {
		const target = await startKeeperSandbox(options);
		try {
			await check(target);
		} finally {
			await target.close();
		}
	}

	it('reads an exact multiple of 1000 in exactly that many pages', async () => {
		await withSandbox({ directory: KeeperDirectory.seeded({ users: 2000, teams: 3, seed: 3 }) }, async (target) => {
			const { users, requests } = await listAllFrom(target);
			expect(new Set(users.map((user) => user.id)).size).toBe(2000);
			expect(requests.map((request) => new URLSearchParams(request.query).get('startIndex'))).toEqual(['1', '1001']);
		});
	});

	it('follows a server that returns fewer than asked, continuing after what arrived', async () => {
		await withSandbox({ directory: KeeperDirectory.seeded({ users: 21, teams: 2, seed: 4 }), maxPageSize: 7 }, async (target) => {
			const { users, requests } = await listAllFrom(target);
			expect(users.map((user) => user.id)).toEqual(target.directory.list().map((user) => user.id));
			expect(requests.map((request) => new URLSearchParams(request.query).get('startIndex'))).toEqual(['1', '8', '15']);
			for (const request of requests) expect(new URLSearchParams(request.query).get('count')).toBe('1000');
		});
	});

	it('returns nothing for an empty directory after one request', async () => {
		await withSandbox({ directory: KeeperDirectory.seeded({ users: 0, teams: 0, seed: 5 }) }, async (target) => {
			const { users, requests } = await listAllFrom(target);
			expect(users).toEqual([]);
			expect(requests).toHaveLength(1);
		});
	});

	it('stops exactly at a limit that spans pages', async () => {
		await withSandbox({ directory: KeeperDirectory.seeded({ users: 30, teams: 2, seed: 6 }), maxPageSize: 7 }, async (target) => {
			const { users, requests } = await listAllFrom(target, { returnAll: false, limit: 10 });
			expect(users.map((user) => user.id)).toEqual(target.directory.list().slice(0, 10).map((user) => user.id));
			expect(requests.map((request) => new URLSearchParams(request.query).get('count'))).toEqual(['10', '3']);
		});
	});
});
