import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DIRECTORY_EVENTS } from '../../../nodes/shared/domain';
import { packageUnderTest, pollTrigger } from '../../../dev/harness/engine';
import { USER_DIRECTORY_TRIGGER } from '../../../dev/harness/workflows';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox, type KeeperUser } from '../../../dev/sandboxes/keeper';
import { ActiveTrigger, activeUsers, ITEM_KEYS, summary, triggerNode } from './support';

let sandbox: KeeperSandbox;
let directory: KeeperDirectory;

beforeEach(async () => {
	directory = KeeperDirectory.seeded({ users: 30, teams: 4, seed: 21 });
	// Small pages: every poll reads several pages, in parallel.
	sandbox = await startKeeperSandbox({ directory, maxPageSize: 7 });
});
afterEach(async () => await sandbox.close());

function trigger(parameters: INodeParameters = {}): ActiveTrigger {
	return new ActiveTrigger(triggerNode(parameters), { keeperScimApi: sandbox.credentials });
}

function listRequests() {
	return sandbox.server.requests.filter((request) => request.path.endsWith('/Users'));
}

describe('User Directory Trigger · node description', () => {
	const nodeType = () => packageUnderTest().nodeTypes[USER_DIRECTORY_TRIGGER];

	it('is a polling trigger without inputs, leaving the poll times to n8n', () => {
		const { description } = nodeType();
		expect(description.polling).toBe(true);
		expect(description.inputs).toEqual([]);
		expect(description.group).toEqual(['trigger']);
		expect(description.properties.map((property) => property.name)).not.toContain('pollTimes');
		expect(description.credentials).toContainEqual(
			expect.objectContaining({ name: 'keeperScimApi', displayOptions: { show: { provider: [{ _cnd: { eq: 'keeper' } }] } } }),
		);
	});

	it('offers every event for Keeper (user, membership and group events), new hires and suspensions by default', () => {
		const events = nodeType().description.properties.find(
			(property) => property.name === 'events' && property.displayOptions?.show?.provider?.includes('keeper'),
		);
		expect(events?.options?.map((option) => (option as { value: string }).value)).toEqual([...DIRECTORY_EVENTS]);
		expect(events?.default).toEqual(['userCreated', 'userSuspended']);
	});

	it('ships its codex file and both icons beside the built node', () => {
		const folder = dirname(packageUnderTest().nodeFiles[USER_DIRECTORY_TRIGGER]);
		for (const file of ['UserDirectoryTrigger.node.json', 'userDirectoryTrigger.svg', 'userDirectoryTrigger.dark.svg']) {
			expect(existsSync(join(folder, file))).toBe(true);
		}
	});
});

describe('User Directory Trigger · Keeper', () => {
	it('records a baseline on the first poll and emits nothing', async () => {
		const active = trigger();
		expect(await active.activate()).toEqual([]);
		// Paged in full: 30 users in pages of 7.
		expect(listRequests()).toHaveLength(Math.ceil(30 / 7));
		expect(Object.keys(active.saved)).toEqual(['node:User Directory Trigger']);
		expect(await active.poll()).toEqual([]);
	});

	it('reports each kind of change once, one item per user and event', async () => {
		const [toLock, toDelete, toRename, toReEmail, toRegroup] = activeUsers(directory);
		const toUnlock = directory.lock(activeUsers(directory)[5].id);
		const active = trigger({ options: { snapshotMode: 'full' } });
		await active.activate();
		const before = (user: KeeperUser) => ({ ...user, teamIds: [...user.teamIds] });
		const renamed = before(toRename);
		const reEmailed = before(toReEmail);
		const regrouped = before(toRegroup);

		const hire = directory.addUser({ givenName: 'Nia', familyName: 'Okafor', teamIds: [...directory.teams.keys()].slice(0, 1) });
		directory.lock(toLock.id);
		directory.unlock(toUnlock.id);
		directory.deleteUser(toDelete.id);
		directory.rename(toRename.id, 'Grace', 'Hopper');
		directory.changeEmail(toReEmail.id, 'renamed.person@acme-corp.example');
		const otherTeam = [...directory.teams.keys()].find((teamId) => !toRegroup.teamIds.includes(teamId)) as string;
		directory.setTeams(toRegroup.id, [otherTeam]);

		const items = await active.poll();
		expect(summary(items)).toEqual(
			[
				`userCreated ${hire.id}`,
				`userSuspended ${toLock.id}`,
				`userReactivated ${toUnlock.id}`,
				`userDeleted ${toDelete.id}`,
				`userUpdated ${toRename.id}`,
				`userUpdated ${toReEmail.id}`,
				`userUpdated ${toRegroup.id}`,
			].sort(),
		);
		for (const item of items) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
		const byUser = (id: string) => items.find((item) => (item.user as IDataObject).id === id) as IDataObject;

		expect(byUser(hire.id)).toMatchObject({
			event: 'userCreated',
			provider: 'keeper',
			previous: null,
			changes: [],
			user: { id: hire.id, firstName: 'Nia', lastName: 'Okafor', status: 'active', email: hire.email },
		});
		expect(byUser(toLock.id)).toMatchObject({
			changes: ['status'],
			user: { status: 'suspended' },
			previous: { status: 'active' },
		});
		expect(byUser(toUnlock.id)).toMatchObject({ changes: ['status'], user: { status: 'active' } });
		expect(byUser(toDelete.id)).toMatchObject({ user: { id: toDelete.id, email: toDelete.email } });
		expect(byUser(toRename.id)).toMatchObject({
			changes: ['firstName', 'lastName', 'displayName'],
			user: { firstName: 'Grace', lastName: 'Hopper', displayName: 'Grace Hopper' },
			previous: { firstName: renamed.givenName, lastName: renamed.familyName, displayName: renamed.displayName },
		});
		expect(byUser(toReEmail.id)).toMatchObject({
			changes: ['email', 'username'],
			previous: { email: reEmailed.email, username: reEmailed.userName },
		});
		expect(byUser(toRegroup.id).changes).toEqual(['groups']);
		expect((byUser(toRegroup.id).previous as IDataObject).groups).toEqual(
			regrouped.teamIds.map((teamId) => ({ id: teamId, name: directory.teams.get(teamId)?.displayName })),
		);
		expect(new Set(items.map((item) => item.detectedAt)).size).toBe(1);

		expect(await active.poll()).toEqual([]);
	});

	it('in compact mode reports the same events, with changed fields unknown in "previous"', async () => {
		const [toRename, toDelete] = activeUsers(directory);
		const active = trigger();
		await active.activate();
		directory.rename(toRename.id, 'Grace', 'Hopper');
		directory.deleteUser(toDelete.id);

		const items = await active.poll();
		expect(summary(items)).toEqual([`userDeleted ${toDelete.id}`, `userUpdated ${toRename.id}`].sort());
		const renamed = items.find((item) => item.event === 'userUpdated') as IDataObject;
		expect(renamed.previous).toMatchObject({ firstName: null, lastName: null, email: toRename.email });
		const deleted = items.find((item) => item.event === 'userDeleted') as IDataObject;
		expect(deleted.user).toMatchObject({ id: toDelete.id, status: 'active', email: null });
	});

	it('stays within 16 bytes of static data per user in compact mode', async () => {
		for (let index = 0; index < 2000; index++) directory.addUser({});
		sandbox.server.requests.length = 0;
		const active = trigger();
		await active.activate();
		const userCount = directory.users.size;
		expect(JSON.stringify(active.saved).length / userCount).toBeLessThanOrEqual(16);
		expect(listRequests().length).toBeLessThanOrEqual(Math.ceil(userCount / 7) + 1);
	});

	it('reads pages in parallel, never more at once than Page Concurrency', async () => {
		sandbox.server.latencyMs = 25;
		await trigger({ options: { pageConcurrency: 3 } }).activate();
		expect(sandbox.server.peakConcurrency).toBeGreaterThan(1);
		expect(sandbox.server.peakConcurrency).toBeLessThanOrEqual(3);
	});

	it('reports only the selected events', async () => {
		const [toLock, toRename] = activeUsers(directory);
		const active = trigger({ events: ['userCreated'] });
		await active.activate();
		directory.lock(toLock.id);
		directory.rename(toRename.id, 'Grace', 'Hopper');
		const hire = directory.addUser({});
		expect(summary(await active.poll())).toEqual([`userCreated ${hire.id}`]);
	});

	it('reports a newcomer who is already locked as created only, unless asked', async () => {
		const plain = trigger();
		const asked = new ActiveTrigger(
			triggerNode({ options: { reportNewSuspendedAsSuspended: true } }, 'Second Trigger'),
			{ keeperScimApi: sandbox.credentials },
		);
		await plain.activate();
		await asked.activate();
		const lockedHire = directory.addUser({ active: false });

		const items = await plain.poll();
		expect(summary(items)).toEqual([`userCreated ${lockedHire.id}`]);
		expect((items[0].user as IDataObject).status).toBe('suspended');
		expect(summary(await asked.poll())).toEqual([`userCreated ${lockedHire.id}`, `userSuspended ${lockedHire.id}`]);
	});

	it('emits every existing user on the first run when asked', async () => {
		const active = trigger({ events: ['userCreated'], options: { emitExistingUsers: true } });
		const items = await active.activate();
		expect(summary(items)).toEqual(directory.list().map((user) => `userCreated ${user.id}`).sort());
		expect(await active.poll()).toEqual([]);
	});

	it('refuses an unknown event or an empty selection with a clear error', async () => {
		const staticData: IDataObject = {};
		const credentials = { keeperScimApi: sandbox.credentials };
		await expect(pollTrigger(triggerNode({ events: ['userRenamed'] }), { credentials, staticData })).rejects.toThrow(
			'Unknown event "userRenamed"',
		);
		await expect(pollTrigger(triggerNode({ events: [] }), { credentials, staticData })).rejects.toThrow(
			'No event is selected',
		);
		expect(staticData).toEqual({});
		expect(sandbox.server.requests).toHaveLength(0);
	});

	it('starts over instead of reporting everyone when pointed at another directory', async () => {
		const active = trigger();
		await active.activate();
		const other = await startKeeperSandbox({ directory: KeeperDirectory.seeded({ users: 12, seed: 5 }) });
		try {
			const moved = new ActiveTrigger(active.node, { keeperScimApi: other.credentials });
			moved.saved = active.saved;
			expect(await moved.activate()).toEqual([]);
			const hire = other.directory.addUser({});
			expect(summary(await moved.poll())).toEqual([`userCreated ${hire.id}`]);
		} finally {
			await other.close();
		}
	});
});

describe('User Directory Trigger · exactly once', () => {
	it('fires each event once across polls, restarts and JSON round trips', async () => {
		const [first, second] = activeUsers(directory);
		const active = trigger();
		await active.activate();
		directory.lock(first.id);
		expect(summary(await active.poll())).toEqual([`userSuspended ${first.id}`]);
		expect(await active.poll()).toEqual([]);
		expect(await active.restart()).toEqual([]);
		expect(await active.poll()).toEqual([]);

		const hire = directory.addUser({});
		directory.lock(second.id);
		// Changes made while n8n was down are reported on the poll after the restart, once.
		expect(summary(await active.restart())).toEqual([`userCreated ${hire.id}`, `userSuspended ${second.id}`].sort());
		expect(await active.poll()).toEqual([]);
		expect(await active.restart()).toEqual([]);
	});

	it('keeps its place when the workflow is deactivated and reactivated', async () => {
		const [first, second] = activeUsers(directory);
		const active = trigger();
		await active.activate();
		directory.lock(first.id);
		expect(summary(await active.poll())).toEqual([`userSuspended ${first.id}`]);

		active.deactivate();
		const hire = directory.addUser({});
		directory.lock(second.id);
		expect(summary(await active.activate())).toEqual([`userCreated ${hire.id}`, `userSuspended ${second.id}`].sort());
		expect(await active.poll()).toEqual([]);
		active.deactivate();
		expect(await active.activate()).toEqual([]);
	});

	it('reports again after a restart what n8n failed to save (the documented edge)', async () => {
		const [first] = activeUsers(directory);
		const active = trigger();
		await active.activate();
		directory.lock(first.id);
		const saved = active.saved;
		expect(summary(await active.poll())).toEqual([`userSuspended ${first.id}`]);
		// n8n saves static data after the poll returns, without waiting: simulate that save failing.
		active.saved = saved;
		expect(await active.poll()).toEqual([]);
		expect(summary(await active.restart())).toEqual([`userSuspended ${first.id}`]);
	});
});

/** JSON with object keys sorted, as version 1 of the package sealed its state. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (typeof value === 'object' && value !== null) {
		const entries = Object.entries(value).sort(([first], [second]) => (first < second ? -1 : 1));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

const NODE_DATA = 'node:User Directory Trigger';

function savedState(staticData: IDataObject): IDataObject {
	return (staticData[NODE_DATA] as IDataObject).userDirectory as IDataObject;
}

/** The state as version 1 saved it: a version inside the snapshot too, sealed the same way. */
function asVersion1(staticData: IDataObject): IDataObject {
	const { version, checksum: _checksum, snapshot, ...rest } = savedState(staticData);
	expect(version).toBe(2);
	const state: IDataObject = { version: 1, ...rest, snapshot: { version: 1, ...(snapshot as IDataObject) } };
	state.checksum = createHash('sha256').update(canonicalJson(state)).digest('base64url').slice(0, 22);
	return { ...staticData, [NODE_DATA]: { ...(staticData[NODE_DATA] as IDataObject), userDirectory: state } };
}

describe('User Directory Trigger · state saved by the previous version', () => {
	it.each(['compact', 'full'])('is read in %s mode without replaying or dropping an event, and saved anew', async (snapshotMode) => {
		const [first, second] = activeUsers(directory);
		const active = trigger({ options: { snapshotMode } });
		await active.activate();
		directory.lock(first.id);
		expect(summary(await active.poll())).toEqual([`userSuspended ${first.id}`]);

		// An upgrade: n8n restarts with the state the previous version saved.
		active.saved = asVersion1(active.saved);
		const hire = directory.addUser({});
		directory.lock(second.id);
		expect(summary(await active.restart())).toEqual([`userCreated ${hire.id}`, `userSuspended ${second.id}`].sort());
		expect(savedState(active.saved).version).toBe(2);
		expect(await active.poll()).toEqual([]);
		expect(await active.restart()).toEqual([]);
	});
});

describe('User Directory Trigger · attributes asked for', () => {
	it('asks only for the attributes it reads, and reports the same when the server ignores that', async () => {
		const [first] = activeUsers(directory);
		const active = trigger({ options: { snapshotMode: 'full' } });
		await active.activate();
		expect(listRequests().every((request) => new URLSearchParams(request.query).get('attributes') === 'userName,name,displayName,emails,active,groups,externalId,meta')).toBe(true);
		// The sandbox ignores `attributes`, as a server may: every attribute still arrives.
		directory.rename(first.id, 'Grace', 'Hopper');
		const [renamed] = await active.poll();
		expect(renamed).toMatchObject({ event: 'userUpdated', changes: ['firstName', 'lastName', 'displayName'] });
	});

	it('asks again without them when the server refuses them', async () => {
		const [first] = activeUsers(directory);
		sandbox.server.injectFault({
			queryIncludes: 'attributes=',
			times: 100,
			response: { status: 400, headers: { 'Content-Type': 'application/scim+json' }, body: { detail: 'attributes is not supported', status: '400' } },
		});
		const active = trigger();
		await active.activate();
		directory.lock(first.id);
		expect(summary(await active.poll())).toEqual([`userSuspended ${first.id}`]);
		// Per poll: one refused first page, then every page without attributes.
		const refused = listRequests().filter((request) => request.query.includes('attributes='));
		expect(refused.length).toBe(2);
	});
});

describe('User Directory Trigger · Fetch test event', () => {
	it('returns a few real users as sample userCreated items without touching the saved state', async () => {
		const active = trigger();
		await active.activate();
		const saved = JSON.stringify(active.saved);
		sandbox.server.requests.length = 0;

		const sample = await active.fetchTestEvent();
		expect(sample).toHaveLength(5);
		expect(sample.map((item) => (item.user as IDataObject).id)).toEqual(directory.list().slice(0, 5).map((user) => user.id));
		for (const item of sample) {
			expect(item).toMatchObject({ event: 'userCreated', provider: 'keeper', previous: null, changes: [], sample: true });
		}
		expect(listRequests()).toHaveLength(1);
		expect(listRequests()[0].query).toContain('count=5');
		expect(JSON.stringify(active.saved)).toBe(saved);
	});

	it('shows the selected events: with only User Suspended, suspended users as userSuspended', async () => {
		const users = directory.list();
		for (const user of [users[7], users[19]]) directory.lock(user.id);
		const locked = directory.list().filter((user) => !user.active).map((user) => user.id);
		const sample = await trigger({ events: ['userSuspended'] }).fetchTestEvent();
		expect(sample.map((item) => (item.user as IDataObject).id).sort()).toEqual(locked.slice(0, 5).sort());
		expect(sample.every((item) => item.event === 'userSuspended' && (item.user as IDataObject).status === 'suspended')).toBe(true);
	});

	it('says which events found no user to show', async () => {
		for (const user of directory.list()) directory.unlock(user.id);
		const error = await trigger({ events: ['userSuspended'] })
			.fetchTestEvent()
			.then(() => undefined, (thrown: Error) => thrown);
		expect(error?.message).toBe('No user fits the selected events for a sample');
		expect((error as { description?: string }).description).toMatch(/None of the first 30 users of Keeper \(SCIM\) is suspended/);
	});

	it('does not record a baseline, so the first activation still starts from scratch', async () => {
		const staticData: IDataObject = {};
		await pollTrigger(triggerNode(), { credentials: { keeperScimApi: sandbox.credentials }, staticData, mode: 'manual' });
		expect(JSON.parse(JSON.stringify(staticData))).toEqual({});
	});

	it('says so clearly when the directory is empty', async () => {
		for (const user of directory.list()) directory.deleteUser(user.id);
		const error = await trigger()
			.fetchTestEvent()
			.then(() => undefined, (thrown: Error) => thrown);
		expect(error?.message).toBe('The directory has no users to show as a sample');
		expect((error as { description?: string }).description).toContain('Add a user');
	});
});
