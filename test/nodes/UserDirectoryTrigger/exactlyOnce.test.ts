import type { IDataObject } from 'n8n-workflow';

import type { Fault } from '../../../dev/sandboxes/http';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox } from '../../../dev/sandboxes/keeper';
import { ActiveTrigger, keeperListResponse, summary, triggerNode } from './support';

const PAGE_SIZE = 5;
const STATE_KEY = 'userDirectory';
const LEASE_KEY = 'userDirectoryLease';

let sandbox: KeeperSandbox;
let directory: KeeperDirectory;

beforeEach(async () => {
	directory = KeeperDirectory.seeded({ users: 20, teams: 3, seed: 44 });
	sandbox = await startKeeperSandbox({ directory, maxPageSize: PAGE_SIZE });
});
afterEach(async () => await sandbox.close());

function trigger(snapshotMode: 'compact' | 'full' = 'compact'): ActiveTrigger {
	return new ActiveTrigger(triggerNode({ options: { snapshotMode, pageConcurrency: 1 } }), { keeperScimApi: sandbox.credentials });
}

/** The node's own part of the workflow's static data. */
function nodeData(staticData: IDataObject): IDataObject {
	return Object.values(staticData).find((value) => typeof value === 'object' && value !== null && STATE_KEY in value) as IDataObject;
}

const lookups = () => sandbox.server.requests.filter((request) => /\/Users\/[^/]+$/.test(request.path));

function scimError(status: number): Fault['response'] {
	return { status, headers: { 'Retry-After': '0' }, body: { detail: 'busy' } };
}

async function failure(poll: Promise<unknown>): Promise<Error & { description?: string }> {
	return await poll.then(
		() => {
			throw new Error('expected the poll to fail');
		},
		(error: Error) => error,
	);
}

describe('User Directory Trigger · confirmed deletions', () => {
	it('asks about a user the listing missed, and reports nothing while the directory still has them', async () => {
		const active = trigger();
		await active.activate();
		const missed = directory.list()[PAGE_SIZE];
		// Pages that skip one user and whose totals agree with what arrived: only the lookup can tell.
		const total = directory.users.size - 1;
		for (const [startIndex, from] of [[1, 0], [6, 6], [11, 11], [16, 16]]) {
			sandbox.server.injectFault({
				pathIncludes: '/Users',
				queryIncludes: `startIndex=${startIndex}&`,
				times: 1,
				response: keeperListResponse(directory, from, PAGE_SIZE, { totalResults: total }),
			});
		}
		expect(await active.poll()).toEqual([]);
		expect(lookups().map((request) => decodeURIComponent(request.path.split('/').at(-1) as string))).toEqual([missed.id]);
		expect(await active.poll()).toEqual([]);
	});

	it('reports a deletion once the directory answers 404, one lookup per deleted user', async () => {
		const active = trigger('full');
		await active.activate();
		const [first, second] = directory.list().slice(3, 5);
		directory.deleteUser(first.id);
		directory.deleteUser(second.id);
		const items = await active.poll();
		expect(summary(items)).toEqual([`userDeleted ${first.id}`, `userDeleted ${second.id}`].sort());
		expect(lookups()).toHaveLength(2);
		expect(await active.poll()).toEqual([]);
	});

	it('keeps a user it cannot confirm as it was, without an event, and reports the deletion on a later poll', async () => {
		const active = trigger();
		await active.activate();
		const leaver = directory.list()[2];
		directory.deleteUser(leaver.id);
		sandbox.server.injectFault({ pathIncludes: `/Users/${leaver.id}`, times: 5, response: scimError(503) });
		expect(await active.poll()).toEqual([]);
		expect(await active.poll()).toEqual([expect.objectContaining({ event: 'userDeleted' })]);
		expect(await active.poll()).toEqual([]);
	});

	it('fails the poll, naming the cause, when the directory refuses lookups (retrying cannot help)', async () => {
		const active = trigger();
		await active.activate();
		const saved = JSON.stringify(active.saved);
		const leaver = directory.list()[2];
		directory.deleteUser(leaver.id);
		const hire = directory.addUser({});
		sandbox.server.injectFault({ pathIncludes: '/Users/', times: 1, response: { status: 403, body: { detail: 'Forbidden' } } });
		const error = await failure(active.poll());
		expect(error.description).toContain('The saved state was not changed');
		expect(JSON.stringify(active.saved)).toBe(saved);
		// Once allowed again, nothing is lost.
		expect(summary(await active.poll())).toEqual([`userCreated ${hire.id}`, `userDeleted ${leaver.id}`]);
	});
});

describe('User Directory Trigger · lease', () => {
	it('makes a poll started while another holds the lease return nothing and change nothing, then lets the next one run', async () => {
		const active = trigger();
		await active.activate();
		const hire = directory.addUser({});
		const seconds: Array<{ items: IDataObject[]; changed: boolean }> = [];
		sandbox.server.beforeAnswer = async () => {
			if (seconds.length < 2) seconds.push(await active.pollAlongside(seconds.length === 1));
		};
		expect(summary(await active.poll())).toEqual([`userCreated ${hire.id}`]);
		sandbox.server.beforeAnswer = undefined;
		expect(seconds).toEqual([
			{ items: [], changed: false },
			{ items: [], changed: false },
		]);
		expect(JSON.stringify(active.saved)).not.toContain(LEASE_KEY);
		expect(await active.poll()).toEqual([]);
	});

	it('takes over a lease that expired or claims more than a lease can last, and a poll that lost its lease reports nothing', async () => {
		const active = trigger();
		await active.activate();
		for (const expiresAt of [Date.now() - 1, Date.now() + 3 * 3_600_000]) {
			active.editMemory((staticData) => {
				nodeData(staticData)[LEASE_KEY] = { token: 'stale', expiresAt };
			});
			const hire = directory.addUser({});
			expect(summary(await active.poll())).toEqual([`userCreated ${hire.id}`]);
		}
		// Another poll takes the lease over while this one is paging: only that one may report.
		const hire = directory.addUser({});
		sandbox.server.beforeAnswer = () => {
			active.editMemory((staticData) => {
				nodeData(staticData)[LEASE_KEY] = { token: 'newer poll', expiresAt: Date.now() + 60_000 };
			});
		};
		const memory = () => JSON.stringify({ ...nodeData(JSON.parse(active.memoryJson) as IDataObject), [LEASE_KEY]: undefined });
		const before = memory();
		expect(await active.poll()).toEqual([]);
		sandbox.server.beforeAnswer = undefined;
		expect(memory()).toBe(before);
		active.editMemory((staticData) => delete nodeData(staticData)[LEASE_KEY]);
		expect(summary(await active.poll())).toEqual([`userCreated ${hire.id}`]);
	});
});

describe('User Directory Trigger · state integrity and event ids', () => {
	it('starts a new baseline with a clear error when the saved state fails its checksum, never a storm of events', async () => {
		const active = trigger();
		await active.activate();
		active.editMemory((staticData) => {
			const snapshot = (nodeData(staticData)[STATE_KEY] as IDataObject).snapshot as IDataObject;
			const bytes = Buffer.from(String(snapshot.data), 'base64');
			bytes[3] ^= 0x10;
			snapshot.data = bytes.toString('base64');
		});
		// Made before the new baseline: part of it, not reported (the documented cost of a reset).
		directory.addUser({});
		const error = await failure(active.poll());
		expect(error.message).toBe(
			'The change detection state saved in this workflow failed its integrity check, so a new baseline was recorded',
		);
		expect(error.description).toContain('changes made between the last successful run and then are not reported');
		expect(await active.poll()).toEqual([]);
		const next = directory.addUser({});
		expect(summary(await active.poll())).toEqual([`userCreated ${next.id}`]);
	});

	it('reads a state whose keys a database reordered, and a state saved before checksums existed', async () => {
		const active = trigger('full');
		await active.activate();
		const reorder = (value: unknown): unknown =>
			Array.isArray(value)
				? value.map(reorder)
				: typeof value === 'object' && value !== null
					? Object.fromEntries(Object.entries(value).reverse().map(([key, entry]) => [key, reorder(entry)]))
					: value;
		active.saved = reorder(active.saved) as IDataObject;
		active.deactivate();
		const hire = directory.addUser({});
		expect(summary(await active.activate())).toEqual([`userCreated ${hire.id}`]);
		const legacy = active.saved;
		delete (nodeData(legacy)[STATE_KEY] as IDataObject).checksum;
		active.saved = legacy;
		active.deactivate();
		const next = directory.addUser({});
		expect(summary(await active.activate())).toEqual([`userCreated ${next.id}`]);
	});

	it('gives an event the same eventId when the same change is reported again, and different changes different ids', async () => {
		const active = trigger();
		await active.activate();
		const staleDatabase = active.saved;
		const [toLock, toRename] = directory.list();
		directory.lock(toLock.id);
		directory.rename(toRename.id, 'Ada', 'Lovelace');
		const first = await active.poll();
		// n8n restarts from a database that missed the save: the same changes come again.
		active.saved = staleDatabase;
		const again = await active.restart();
		const ids = (items: IDataObject[]) => items.map((item) => `${String(item.event)} ${String(item.eventId)}`).sort();
		expect(ids(again)).toEqual(ids(first));
		expect(new Set(first.map((item) => item.eventId)).size).toBe(first.length);
		directory.rename(toRename.id, 'Grace', 'Hopper');
		const [renamedAgain] = await active.poll();
		expect(renamedAgain.eventId).not.toBe(first.find((item) => item.event === 'userUpdated')?.eventId);
		expect(String(renamedAgain.eventId)).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});
});
