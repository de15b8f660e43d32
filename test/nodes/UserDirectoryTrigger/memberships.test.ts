import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { decodeSnapshot, encodeSnapshot, type StoredSnapshot } from '../../../nodes/shared/changes';
import { CompactSnapshot } from '../../../nodes/shared/changes/compact';
import { NO_GROUPS } from '../../../nodes/shared/changes/groups';
import { savedState, STATE_KEY, type SavedState } from '../../../nodes/shared/detection/state';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox, type KeeperUser } from '../../../dev/sandboxes/keeper';
import { ActiveTrigger, activeUsers, triggerNode } from './support';

/**
 * Membership events (a user joined or left a team) and group events (a team was created,
 * renamed or deleted) through n8n's engine against the Keeper sandbox, in both snapshot modes.
 */

const MEMBERSHIP = ['userAddedToGroup', 'userRemovedFromGroup'];
const GROUPS = ['groupCreated', 'groupUpdated', 'groupDeleted'];
const MEMBERSHIP_ITEM_KEYS = ['detectedAt', 'event', 'eventId', 'group', 'provider', 'user'];
const GROUP_ITEM_KEYS = ['detectedAt', 'event', 'eventId', 'group', 'previous', 'provider'];

let sandbox: KeeperSandbox;
let directory: KeeperDirectory;

beforeEach(async () => {
	directory = KeeperDirectory.seeded({ users: 40, teams: 4, seed: 31 });
	sandbox = await startKeeperSandbox({ directory, maxPageSize: 9 });
});
afterEach(async () => await sandbox.close());

function trigger(parameters: INodeParameters, name?: string): ActiveTrigger {
	return new ActiveTrigger(triggerNode(parameters, name), { keeperScimApi: sandbox.credentials });
}

/** `event user team` or `event team name`, in the order the trigger emitted them. */
function described(items: IDataObject[]): string[] {
	return items.map((item) => {
		const group = item.group as IDataObject;
		return item.user
			? `${String(item.event)} ${String((item.user as IDataObject).id)} ${String(group.name)}`
			: `${String(item.event)} ${String(group.name)}`;
	});
}

const teamNamed = (name: string) => [...directory.teams.values()].find((team) => team.displayName === name)!;
const byId = (first: { id: string }, second: { id: string }) => (first.id < second.id ? -1 : 1);
const groupRequests = () => sandbox.server.requests.filter((request) => request.path.endsWith('/Groups')).length;

describe.each(['compact', 'full'])('User Directory Trigger · membership and group events (%s snapshot)', (snapshotMode) => {
	it('reports each join, leave, new, renamed and deleted team once, one item per user and team', async () => {
		const active = trigger({ events: [...MEMBERSHIP, ...GROUPS], options: { snapshotMode } });
		expect(await active.activate()).toEqual([]);
		const [engineering, finance, sales] = ['Engineering', 'Finance', 'Sales'].map(teamNamed);
		const joiner = activeUsers(directory).find((user) => !user.teamIds.includes(finance.id))!;
		const salesMembers = directory.membersOf(sales.id).sort(byId);

		directory.setTeams(joiner.id, [...joiner.teamIds, finance.id]);
		const newTeam = directory.addTeam('Security');
		directory.renameTeam(engineering.id, 'Platform');
		directory.deleteTeam(sales.id);
		const items = await active.poll();

		expect(described(items)).toEqual([
			`userAddedToGroup ${joiner.id} Finance`,
			...salesMembers.map((user) => `userRemovedFromGroup ${user.id} Sales`),
			'groupCreated Security',
			'groupUpdated Platform',
			'groupDeleted Sales',
		]);
		const [added] = items;
		expect(Object.keys(added).sort()).toEqual(MEMBERSHIP_ITEM_KEYS);
		expect(added).toMatchObject({ provider: 'keeper', user: { id: joiner.id, email: joiner.email }, group: { id: finance.id, name: 'Finance' } });
		const groupItems = items.filter((item) => !item.user);
		for (const item of groupItems) expect(Object.keys(item).sort()).toEqual(GROUP_ITEM_KEYS);
		expect(groupItems.map((item) => [item.group, item.previous])).toEqual([
			[{ id: newTeam.id, name: 'Security' }, null],
			[{ id: engineering.id, name: 'Platform' }, { id: engineering.id, name: 'Engineering' }],
			[{ id: sales.id, name: 'Sales' }, { id: sales.id, name: 'Sales' }],
		]);
		expect(new Set(items.map((item) => item.eventId)).size).toBe(items.length);

		expect(await active.poll()).toEqual([]);
		expect(await active.restart()).toEqual([]);
	});

	it('reports a new hire\'s teams as joined and a leaver\'s as left', async () => {
		const active = trigger({ events: MEMBERSHIP, options: { snapshotMode } });
		await active.activate();
		const [finance, sales] = [teamNamed('Finance'), teamNamed('Sales')];
		const hire = directory.addUser({ email: 'new.hire@acme.example', teamIds: [finance.id, sales.id] });
		const leaver = directory.membersOf(finance.id).find((user) => user.id !== hire.id)!;
		const leaverTeams = leaver.teamIds.map((teamId) => directory.teams.get(teamId)!).sort(byId);
		directory.deleteUser(leaver.id);
		const items = await active.poll();
		const added = [finance, sales].sort(byId).map((team) => `userAddedToGroup ${hire.id} ${team.displayName}`);
		const removed = leaverTeams.map((team) => `userRemovedFromGroup ${leaver.id} ${team.displayName}`);
		expect(described(items)).toEqual([...added, ...removed]);
		// A user no longer listed is described as last seen: in Compact mode by ID, status and teams.
		const email = snapshotMode === 'full' ? leaver.email : null;
		expect(items.at(-1)).toMatchObject({ user: { id: leaver.id, email } });
	});

	it('reads the team list only when a group event is selected: one request per poll', async () => {
		const membershipOnly = trigger({ events: MEMBERSHIP, options: { snapshotMode } }, 'Memberships');
		await membershipOnly.activate();
		await membershipOnly.poll();
		expect(groupRequests()).toBe(0);
		const withGroups = trigger({ events: GROUPS, options: { snapshotMode } }, 'Groups');
		await withGroups.activate();
		await withGroups.poll();
		expect(groupRequests()).toBe(2);
	});
});

describe('User Directory Trigger · membership and group events', () => {
	it('changes nothing when the team list fails, and reports the changes once on the next poll', async () => {
		const active = trigger({ events: [...MEMBERSHIP, ...GROUPS] });
		await active.activate();
		const saved = JSON.stringify(active.saved);
		directory.addTeam('Security');
		sandbox.server.injectFault({ pathIncludes: '/Groups', times: 10, response: { status: 403, body: { detail: 'no' } } });
		await expect(active.poll()).rejects.toThrow();
		expect(JSON.stringify(active.saved)).toBe(saved);
		sandbox.server.clearFaults();
		expect(described(await active.poll())).toEqual(['groupCreated Security']);
	});

	it('never replays history when membership events are selected later', async () => {
		const first = trigger({ events: ['userCreated'] });
		await first.activate();
		const finance = teamNamed('Finance');
		const joiner = activeUsers(directory).find((user) => !user.teamIds.includes(finance.id))!;
		// Joins while only new users are reported: nothing is emitted, so n8n saves nothing.
		directory.setTeams(joiner.id, [...joiner.teamIds, finance.id]);
		expect(await first.poll()).toEqual([]);
		const edited = trigger({ events: ['userCreated', ...MEMBERSHIP] });
		edited.saved = first.saved;
		expect(await edited.activate()).toEqual([]);
		const second = activeUsers(directory).find((user) => !user.teamIds.includes(finance.id) && user.id !== joiner.id)!;
		directory.setTeams(second.id, [...second.teamIds, finance.id]);
		expect(described(await edited.poll())).toEqual([`userAddedToGroup ${second.id} Finance`]);
	});

	it('filters membership and group events by their team, and user filters by the user', async () => {
		const [finance, sales] = [teamNamed('Finance'), teamNamed('Sales')];
		const active = trigger({ events: [...MEMBERSHIP, ...GROUPS], filters: { groups: [finance.id], statuses: ['active'] } });
		await active.activate();
		const candidates = activeUsers(directory).filter((user) => !user.teamIds.includes(finance.id) && !user.teamIds.includes(sales.id));
		const [toFinance, toSales, lockedToFinance] = candidates;
		directory.setTeams(toFinance.id, [...toFinance.teamIds, finance.id]);
		directory.setTeams(toSales.id, [...toSales.teamIds, sales.id]);
		directory.setTeams(lockedToFinance.id, [...lockedToFinance.teamIds, finance.id]);
		directory.lock(lockedToFinance.id);
		directory.renameTeam(finance.id, 'Finance & Ops');
		directory.renameTeam(sales.id, 'Revenue');
		expect(described(await active.poll())).toEqual([`userAddedToGroup ${toFinance.id} Finance & Ops`, 'groupUpdated Finance & Ops']);
	});

	it('gives a re-join its own eventId, and a repeated report of one join the same one', async () => {
		const active = trigger({ events: MEMBERSHIP });
		await active.activate();
		const beforeJoin = active.saved;
		const finance = teamNamed('Finance');
		const user = activeUsers(directory).find((candidate) => !candidate.teamIds.includes(finance.id))!;
		const teams = [...user.teamIds];
		directory.setTeams(user.id, [...teams, finance.id]);
		const [join] = await active.poll();
		// n8n's save after that poll failed, then n8n restarted: the join is reported again, with its id.
		active.saved = beforeJoin;
		const [repeat] = await active.restart();
		expect([repeat.event, repeat.eventId]).toEqual(['userAddedToGroup', join.eventId]);

		directory.setTeams(user.id, teams);
		expect(described(await active.poll())).toEqual([`userRemovedFromGroup ${user.id} Finance`]);
		directory.setTeams(user.id, [...teams, finance.id]);
		const [rejoin] = await active.poll();
		expect(rejoin.event).toBe('userAddedToGroup');
		expect(rejoin.eventId).not.toBe(join.eventId);
	});

	it('with Emit Existing Users, reports each user and each of their teams once on the first run', async () => {
		const active = trigger({ events: ['userCreated', ...MEMBERSHIP], options: { emitExistingUsers: true } });
		const items = await active.activate();
		const memberships = directory.list().flatMap((user) => user.teamIds.map((teamId) => `${user.id} ${teamId}`));
		expect(memberships.length).toBeGreaterThan(directory.users.size);
		expect(items.filter((item) => item.event === 'userCreated')).toHaveLength(directory.users.size);
		const added = items.filter((item) => item.event === 'userAddedToGroup');
		expect(added.map((item) => `${String((item.user as IDataObject).id)} ${String((item.group as IDataObject).id)}`).sort()).toEqual(memberships.sort());
		expect(await active.poll()).toEqual([]);
	});

	it('starts membership events after the first poll of a state saved before memberships were kept', async () => {
		const active = trigger({ events: MEMBERSHIP });
		await active.activate();
		// What an older version saved: the same compact snapshot without its team table (see memberships.test.ts in changes/).
		const legacy = olderState(active.saved);
		const upgraded = trigger({ events: MEMBERSHIP });
		upgraded.saved = legacy;
		const finance = teamNamed('Finance');
		const [first, second] = activeUsers(directory).filter((user) => !user.teamIds.includes(finance.id));
		directory.setTeams(first.id, [...first.teamIds, finance.id]);
		expect(await upgraded.activate()).toEqual([]);
		directory.setTeams(second.id, [...second.teamIds, finance.id]);
		expect(described(await upgraded.poll())).toEqual([`userAddedToGroup ${second.id} Finance`]);
	});

	it('shows real users in their first team as a sample of membership events, and real teams for group events', async () => {
		const membership = trigger({ events: ['userAddedToGroup'] });
		const sample = await membership.fetchTestEvent();
		expect(sample.length).toBeGreaterThan(0);
		for (const item of sample) {
			const user = directory.user(String((item.user as IDataObject).id)) as KeeperUser;
			expect(item).toMatchObject({ event: 'userAddedToGroup', sample: true, group: { id: user.teamIds[0] } });
		}
		const groups = trigger({ events: ['groupCreated'] });
		const teams = await groups.fetchTestEvent();
		expect(teams.map((item) => [item.event, (item.group as IDataObject).name, item.sample])).toEqual(
			[...directory.teams.values()].slice(0, 5).map((team) => ['groupCreated', team.displayName, true]),
		);
		expect(membership.saved).toEqual({});
	});
});

/**
 * The state as the previous version saved it: the same envelope, its compact snapshot without
 * the team table and the membership bits.
 */
function olderState(saved: IDataObject): IDataObject {
	const nodeKey = 'node:User Directory Trigger';
	const nodeData = saved[nodeKey] as IDataObject;
	const state = nodeData[STATE_KEY] as SavedState & { snapshot: StoredSnapshot };
	const { integerIds, textIds, statuses, digests, fieldTags } = decodeSnapshot(state.snapshot) as CompactSnapshot;
	const snapshot = encodeSnapshot(new CompactSnapshot(integerIds, textIds, statuses, digests, fieldTags, NO_GROUPS, null));
	expect(Object.keys(snapshot).sort()).toEqual(['data', 'mode', 'textIds', 'userCount']);
	return { ...saved, [nodeKey]: { ...nodeData, [STATE_KEY]: savedState(state.source, { snapshot }, { scope: state.scope!, savedAt: state.savedAt! }) } };
}
