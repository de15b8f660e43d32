import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SnapshotMode } from '../../../nodes/shared/changes';
import { runWorkflow } from '../../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY, USER_DIRECTORY_TRIGGER } from '../../../dev/harness/workflows';
import { startSandboxServer, type Fault, type SandboxServer } from '../../../dev/sandboxes/http';
import { KandjiDirectory, startKandjiSandbox, userRecord, type KandjiSandbox, type KandjiUser } from '../../../dev/sandboxes/kandji';
import { integerBetween, pick, seededRandom } from '../../../dev/sandboxes/random';
import { ActiveTrigger, EVERY_USER_EVENT, ITEM_KEYS, runRandomizedPolls, summary } from './support';

/** Small cursor pages so that every poll reads several of them. */
const PAGE_SIZE = 6;

function kandjiTrigger(sandbox: KandjiSandbox, parameters: INodeParameters = {}): ActiveTrigger {
	const triggerNode = node(
		'User Directory Trigger',
		USER_DIRECTORY_TRIGGER,
		{ provider: 'kandji', events: EVERY_USER_EVENT, ...parameters },
		{ credentials: credentialRefs('kandjiApi') },
	);
	return new ActiveTrigger(triggerNode, { kandjiApi: sandbox.credentials });
}

type Status = 'active' | 'suspended' | 'archived';
const statusOf = (user: KandjiUser): Status => (user.archived ? 'archived' : user.active ? 'active' : 'suspended');

describe('User Directory Trigger · Kandji', () => {
	let sandbox: KandjiSandbox;
	let directory: KandjiDirectory;
	let trap: SandboxServer;

	beforeEach(async () => {
		trap = await startSandboxServer(() => ({ status: 200, body: { next: null, results: [] } }));
		directory = KandjiDirectory.seeded({ users: 20, seed: 31, archivedRatio: 0, inactiveRatio: 0 });
		sandbox = await startKandjiSandbox({ directory, pageSize: PAGE_SIZE, nextOrigin: trap.url });
	});
	afterEach(async () => {
		await sandbox.close();
		await trap.close();
	});

	it('reports the five events, archival as a suspension, reading every cursor page from the configured host only', async () => {
		const [toDeactivate, toArchive, toRename, toReEmail, toDelete, toReactivate, toArchiveLater] = directory.list();
		directory.deactivateUser(toReactivate.id);
		directory.deactivateUser(toArchiveLater.id);
		const active = kandjiTrigger(sandbox, { options: { snapshotMode: 'full' } });
		expect(await active.activate()).toEqual([]);
		expect(sandbox.server.requests).toHaveLength(Math.ceil(20 / PAGE_SIZE));

		const joiner = directory.addUser({ name: 'New Hire' });
		directory.deactivateUser(toDeactivate.id);
		directory.archiveUser(toArchive.id);
		directory.reactivateUser(toReactivate.id);
		directory.archiveUser(toArchiveLater.id);
		directory.renameUser(toRename.id, 'Renamed Person');
		directory.changeEmail(toReEmail.id, 'moved@accuhive.example');
		directory.removeUser(toDelete.id);

		const items = await active.poll();
		expect(summary(items)).toEqual(
			[
				`userCreated ${joiner.id}`,
				`userSuspended ${toDeactivate.id}`,
				`userSuspended ${toArchive.id}`,
				`userReactivated ${toReactivate.id}`,
				`userUpdated ${toArchiveLater.id}`,
				`userUpdated ${toRename.id}`,
				`userUpdated ${toReEmail.id}`,
				`userDeleted ${toDelete.id}`,
			].sort(),
		);
		for (const item of items) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
		const byKey = new Map(items.map((item) => [summary([item])[0], item]));
		expect(byKey.get(`userSuspended ${toArchive.id}`)).toMatchObject({
			provider: 'kandji',
			user: { id: toArchive.id, status: 'archived' },
			previous: { status: 'active' },
		});
		expect(byKey.get(`userSuspended ${toDeactivate.id}`)).toMatchObject({ user: { status: 'suspended' } });
		expect(byKey.get(`userUpdated ${toArchiveLater.id}`)).toMatchObject({ changes: ['status'], user: { status: 'archived' } });
		expect(byKey.get(`userUpdated ${toRename.id}`)).toMatchObject({
			changes: ['displayName'],
			user: { displayName: 'Renamed Person' },
		});
		expect(byKey.get(`userUpdated ${toReEmail.id}`)).toMatchObject({ changes: ['email'], user: { email: 'moved@accuhive.example' } });
		expect(byKey.get(`userCreated ${joiner.id}`)).toMatchObject({
			user: { id: joiner.id, displayName: 'New Hire', createdAt: joiner.createdAt, groups: [] },
			previous: null,
		});

		expect(await active.poll()).toEqual([]);
		expect(trap.requests).toEqual([]);
		const host = new URL(sandbox.server.url).host;
		expect(sandbox.server.requests.every((request) => request.host === host)).toBe(true);
	});

	it('changes nothing when a later page fails, and reports the changes once on the next poll', async () => {
		const active = kandjiTrigger(sandbox);
		await active.activate();
		const saved = JSON.stringify(active.saved);
		const [leaver] = directory.list();
		directory.deactivateUser(leaver.id);

		sandbox.server.injectFault({
			pathIncludes: '/api/v1/users',
			queryIncludes: 'cursor=',
			times: 10,
			response: { status: 503, headers: { 'Retry-After': '0' }, body: '<html><title>Service Unavailable</title></html>' },
		});
		await expect(active.poll()).rejects.toMatchObject({
			description: expect.stringContaining('The saved state was not changed'),
		});
		expect(JSON.stringify(active.saved)).toBe(saved);

		sandbox.server.clearFaults();
		expect(summary(await active.poll())).toEqual([`userSuspended ${leaver.id}`]);
		expect(await active.poll()).toEqual([]);
	});

	it('offers the same detection as the Watch for Changes operation of the action node', async () => {
		const watch = singleNodeWorkflow(
			node(
				'Watch',
				USER_DIRECTORY,
				{ provider: 'kandji', resource: 'user', operation: 'watch', events: EVERY_USER_EVENT },
				{ credentials: credentialRefs('kandjiApi') },
			),
		);
		const runWatch = async (staticData: IDataObject) => {
			const result = await runWorkflow(watch, {
				credentials: { kandjiApi: sandbox.credentials },
				staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject,
				mode: 'trigger',
			});
			expect(result.error()).toBeUndefined();
			return { items: result.output('Watch'), staticData: JSON.parse(JSON.stringify(result.staticData)) as IDataObject };
		};
		const baseline = await runWatch({});
		expect(baseline.items).toEqual([]);
		const [archived] = directory.list();
		directory.archiveUser(archived.id);
		const second = await runWatch(baseline.staticData);
		expect(summary(second.items)).toEqual([`userSuspended ${archived.id}`]);
		expect((await runWatch(second.staticData)).items).toEqual([]);
	});

	it('gives a sample in the editor without touching the saved state', async () => {
		const active = kandjiTrigger(sandbox);
		await active.activate();
		const saved = JSON.stringify(active.saved);
		const sample = await active.fetchTestEvent();
		expect(sample.length).toBeGreaterThan(0);
		expect(sample[0]).toMatchObject({ provider: 'kandji' });
		expect(JSON.stringify(active.saved)).toBe(saved);
	});
});

/** What happened between two states of the tenant, worked out from the sandbox's records alone. */
function trueChanges(before: Map<string, KandjiUser>, now: Map<string, KandjiUser>): string[] {
	const expected: string[] = [];
	for (const [id, user] of now) {
		const old = before.get(id);
		if (!old) {
			expected.push(`userCreated ${id}`);
			continue;
		}
		const [was, is] = [statusOf(old), statusOf(user)];
		if (was === 'active' && is !== 'active') expected.push(`userSuspended ${id}`);
		if (was !== 'active' && is === 'active') expected.push(`userReactivated ${id}`);
		const edited = old.name !== user.name || old.email !== user.email || (was !== 'active' && is !== 'active' && was !== is);
		if (edited) expected.push(`userUpdated ${id}`);
	}
	for (const id of before.keys()) if (!now.has(id)) expected.push(`userDeleted ${id}`);
	return expected.sort();
}

function copyOf(directory: KandjiDirectory): Map<string, KandjiUser> {
	return new Map(directory.list().map((user) => [user.id, { ...user }]));
}

function mutate(directory: KandjiDirectory, random: () => number, counter: { value: number }): void {
	const users = directory.list();
	const someone = () => pick(random, directory.list());
	const withStatus = (status: Status) => users.filter((user) => statusOf(user) === status);
	const mutations = [
		() => directory.addUser({ active: random() < 0.2 ? false : undefined }),
		() => withStatus('active').length && directory.deactivateUser(pick(random, withStatus('active')).id),
		() => directory.archiveUser(someone().id),
		() => users.length > withStatus('active').length && directory.reactivateUser(pick(random, users.filter((user) => statusOf(user) !== 'active')).id),
		() => users.length > 10 && directory.removeUser(someone().id),
		() => directory.renameUser(someone().id, `Person ${++counter.value}`),
		() => directory.changeEmail(someone().id, `moved.${++counter.value}@accuhive.example`),
	];
	for (let count = integerBetween(random, 0, 3); count > 0; count--) pick(random, mutations)();
}

function json(status: number, body: unknown): Fault['response'] {
	return { status, headers: { 'Content-Type': 'application/json', 'Retry-After': '0' }, body: JSON.stringify(body) };
}

/** A random fault on the first or a later cursor page; `fatal` when it outlasts the retries or cannot be retried. */
function randomFault(directory: KandjiDirectory, random: () => number): { fault: Fault; fatal: boolean } {
	const laterPage = random() < 0.6;
	const where: Fault = { pathIncludes: '/api/v1/users', times: 1, ...(laterPage ? { queryIncludes: 'cursor=' } : {}) };
	const times = integerBetween(random, 1, 6);
	const retried = (response: Fault['response']) => ({ fault: { ...where, times, response }, fatal: times >= 5 });
	const once = (fault: Partial<Fault>, fatal: boolean) => ({ fault: { ...where, ...fault }, fatal });
	const firstPage = directory.list().slice(0, PAGE_SIZE).map((user) => userRecord(directory, user));
	const kinds = [
		() => retried(json(429, { detail: 'Request was throttled.' })),
		() => retried(json(503, 'Service temporarily unavailable.')),
		() => once({ dropConnection: true }, false),
		() => once({ delayMs: 1_000 }, false),
		() => once({ response: json(200, { next: 'https://accuhive.kandji.io/api/v1/users?page=2', previous: null, results: firstPage }) }, true),
		() => once({ response: { status: 200, body: 'upstream connect error' } }, true),
		() => once({ response: { status: 404, body: '<!doctype html><title>Not Found</title>' } }, true),
		// A page that repeats users already read: the list shifted while it was read.
		() =>
			laterPage
				? once({ response: json(200, { next: null, previous: null, results: firstPage }) }, true)
				: once({ dropConnection: true }, false),
	];
	return pick(random, kinds)();
}

describe.each<[SnapshotMode, number]>([
	['compact', 303],
	['full', 404],
])('User Directory Trigger · Kandji · randomized (%s snapshot, seed %i)', (snapshotMode, seed) => {
	let sandbox: KandjiSandbox;
	let directory: KandjiDirectory;
	let trap: SandboxServer;

	beforeAll(async () => {
		trap = await startSandboxServer(() => ({ status: 200, body: { next: null, results: [] } }));
		directory = KandjiDirectory.seeded({ users: 30, seed, archivedRatio: 0.1, inactiveRatio: 0.1 });
		sandbox = await startKandjiSandbox({ directory, pageSize: PAGE_SIZE, nextOrigin: trap.url });
	});
	afterAll(async () => {
		await sandbox.close();
		await trap.close();
	});

	it('emits exactly the true changes, whatever the faults and restarts, and never calls the next link’s host', async () => {
		const random = seededRandom(seed);
		const counter = { value: 0 };
		const { emitted, happened, outcomes } = await runRandomizedPolls({
			active: kandjiTrigger(sandbox, { options: { snapshotMode, timeout: 250 } }),
			server: sandbox.server,
			rounds: 40,
			random,
			mutate: () => mutate(directory, random, counter),
			randomFault: () => randomFault(directory, random),
			snapshot: () => copyOf(directory),
			trueChanges,
		});
		expect(emitted).toEqual(happened);
		// The scenario really exercised what it claims to.
		expect(happened.length).toBeGreaterThan(20);
		expect(outcomes.failed).toBeGreaterThan(0);
		expect(outcomes.recovered).toBeGreaterThan(0);
		expect(outcomes.restarts).toBeGreaterThan(0);
		expect(trap.requests).toEqual([]);
	});
});
