import {
	decodeSnapshot,
	diffSnapshot,
	encodeSnapshot,
	openDiff,
	takeSnapshot,
	type Snapshot,
	type SnapshotMode,
	type StoredSnapshot,
} from '../../../../nodes/shared/changes';
import { CompactSnapshot } from '../../../../nodes/shared/changes/compact';
import { NO_GROUPS } from '../../../../nodes/shared/changes/groups';
import {
	GROUP_EVENTS,
	MEMBERSHIP_EVENTS,
	type ChangeEvent,
	type DirectoryEvent,
	type GroupRef,
	type UnifiedUser,
} from '../../../../nodes/shared/domain';
import { integerBetween, seededRandom } from '../../../../dev/sandboxes/random';
import { makeUser, PROVIDER } from './support';

const MODES: SnapshotMode[] = ['compact', 'full'];
const DETECTED_AT = '2025-06-01T12:00:00.000Z';
const EVENTS: DirectoryEvent[] = ['userCreated', 'userDeleted', ...MEMBERSHIP_EVENTS, ...GROUP_EVENTS];

const finance: GroupRef = { id: 'g-finance', name: 'Finance' };
const sales: GroupRef = { id: 'g-sales', name: 'Sales' };
const legal: GroupRef = { id: 'g-legal', name: 'Legal' };

function user(id: string, groups: GroupRef[]): UnifiedUser {
	return makeUser(id, { groups });
}

/** A snapshot as a later poll reads it back from static data. */
function stored(snapshot: Snapshot): Snapshot {
	return decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(snapshot))));
}

/** One poll: the directory's users and, when given, its whole group list. */
function poll(previous: Snapshot | undefined, users: UnifiedUser[], mode: SnapshotMode, groups?: GroupRef[], events = EVENTS) {
	const diff = openDiff(previous, { events, provider: PROVIDER, detectedAt: DETECTED_AT, mode });
	if (groups) diff.listGroups(groups);
	diff.add(users);
	const result = diff.finish();
	return { events: result.events, next: stored(result.next) };
}

function summary(events: ChangeEvent[]): string[] {
	return events.map((event) => {
		if (!('user' in event)) return `${event.event} ${event.group.id} ${event.group.name}${event.previous ? ` (was ${event.previous.name})` : ''}`;
		return 'group' in event ? `${event.event} ${event.user.id} ${event.group.id} ${event.group.name}` : `${event.event} ${event.user.id}`;
	});
}

describe.each(MODES)('membership events (%s snapshot)', (mode) => {
	it('reports each user joining or leaving a group as one item per user and group, with the group\'s name', () => {
		const { next } = poll(undefined, [user('1', [finance]), user('2', [finance, sales]), user('3', [])], mode);
		const { events } = poll(next, [user('1', [finance, sales, legal]), user('2', [sales]), user('3', [])], mode);
		expect(summary(events)).toEqual([
			'userAddedToGroup 1 g-legal Legal',
			'userAddedToGroup 1 g-sales Sales',
			'userRemovedFromGroup 2 g-finance Finance',
		]);
		expect(events[0]).toEqual({
			event: 'userAddedToGroup',
			provider: PROVIDER,
			user: user('1', [finance, sales, legal]),
			group: legal,
			detectedAt: DETECTED_AT,
		});
	});

	it('reports a newcomer\'s groups as joined, and a leaver\'s as left', () => {
		const { next } = poll(undefined, [user('1', [finance, sales])], mode);
		const { events } = poll(next, [user('2', [legal])], mode);
		expect(summary(events)).toEqual([
			'userCreated 2',
			'userDeleted 1',
			'userAddedToGroup 2 g-legal Legal',
			'userRemovedFromGroup 1 g-finance Finance',
			'userRemovedFromGroup 1 g-sales Sales',
		]);
	});

	it('counts groups as a set: order, repeats and a changed name are no membership change', () => {
		const { next } = poll(undefined, [user('1', [finance, sales])], mode);
		const renamedInRecord = { id: finance.id, name: 'Finance & Ops' };
		expect(poll(next, [user('1', [sales, renamedInRecord, sales])], mode).events).toEqual([]);
	});

	it('keeps memberships exactly across many polls of a randomly changing directory', () => {
		const random = seededRandom(7);
		const teams = Array.from({ length: 20 }, (_, index): GroupRef => ({ id: `team-${index}`, name: `Team ${index}` }));
		const pickTeams = () => teams.filter(() => random() < 0.1);
		let users = Array.from({ length: 500 }, (_, index) => user(String(index + 1), pickTeams()));
		let snapshot = poll(undefined, users, mode).next;
		for (let round = 0; round < 5; round++) {
			const nextUsers = users.map((known) => (random() < 0.2 ? { ...known, groups: pickTeams() } : known));
			const expected: string[] = [];
			nextUsers.forEach((now, index) => {
				const before = new Set(users[index].groups.map((group) => group.id));
				const after = new Set(now.groups.map((group) => group.id));
				for (const group of now.groups) if (!before.has(group.id)) expected.push(`userAddedToGroup ${now.id} ${group.id} ${group.name}`);
				for (const group of users[index].groups) if (!after.has(group.id)) expected.push(`userRemovedFromGroup ${now.id} ${group.id} ${group.name}`);
			});
			const { events, next } = poll(snapshot, nextUsers, mode);
			expect(summary(events).sort()).toEqual(expected.sort());
			[users, snapshot] = [nextUsers, next];
		}
	});

	it('leaves a user whose absence is not confirmed as they were: no events, and their groups kept', () => {
		const { next } = poll(undefined, [user('1', [finance]), user('2', [sales])], mode);
		const diff = openDiff(next, { events: EVENTS, provider: PROVIDER, detectedAt: DETECTED_AT, mode });
		diff.add([user('1', [finance])]);
		const kept = diff.finish(new Set(['2']));
		expect(kept.events).toEqual([]);
		expect(summary(poll(stored(kept.next), [user('1', [finance]), user('2', [])], mode).events)).toEqual([
			'userRemovedFromGroup 2 g-sales Sales',
		]);
	});

	it('reports only the membership events asked for', () => {
		const { next } = poll(undefined, [user('1', [finance])], mode);
		const { events } = poll(next, [user('1', [sales])], mode, undefined, ['userRemovedFromGroup']);
		expect(summary(events)).toEqual(['userRemovedFromGroup 1 g-finance Finance']);
	});
});

describe.each(MODES)('group events (%s snapshot)', (mode) => {
	it('reports groups created, renamed and deleted between two listings, and the members of a deleted group as removed', () => {
		const { next } = poll(undefined, [user('1', [finance]), user('2', [sales])], mode, [finance, sales, legal]);
		const marketing = { id: 'g-marketing', name: 'Marketing' };
		const salesRenamed = { id: sales.id, name: 'Revenue' };
		const { events } = poll(next, [user('1', []), user('2', [salesRenamed])], mode, [salesRenamed, legal, marketing]);
		expect(summary(events)).toEqual([
			'userRemovedFromGroup 1 g-finance Finance',
			'groupCreated g-marketing Marketing',
			'groupUpdated g-sales Revenue (was Sales)',
			'groupDeleted g-finance Finance (was Finance)',
		]);
		expect(events.find((event) => event.event === 'groupCreated')).toEqual({
			event: 'groupCreated',
			provider: PROVIDER,
			group: marketing,
			previous: null,
			detectedAt: DETECTED_AT,
		});
	});

	it('names membership events as the group is named now', () => {
		const { next } = poll(undefined, [user('1', []), user('2', [sales])], mode, [sales]);
		const renamed = { id: sales.id, name: 'Revenue' };
		const { events } = poll(next, [user('1', [{ id: sales.id, name: null }]), user('2', [])], mode, [renamed]);
		expect(summary(events)).toEqual([
			'userAddedToGroup 1 g-sales Revenue',
			'userRemovedFromGroup 2 g-sales Revenue',
			'groupUpdated g-sales Revenue (was Sales)',
		]);
	});

	it('reports no group events unless both polls listed the groups: a table of users\' groups does not know the empty ones', () => {
		const unlisted = poll(undefined, [user('1', [finance])], mode).next;
		expect(unlisted.groups.listed).toBe(false);
		const first = poll(unlisted, [user('1', [finance])], mode, [finance, legal]);
		expect(first.events).toEqual([]);
		expect(first.next.groups.listed).toBe(true);
		expect(summary(poll(first.next, [user('1', [finance])], mode, [finance]).events)).toEqual(['groupDeleted g-legal Legal (was Legal)']);
	});
});

describe('older states and stored form', () => {
	/** A compact state as saved before memberships were kept: no `groups`, no membership bits. */
	function legacyCompact(users: UnifiedUser[]): StoredSnapshot {
		const current = takeSnapshot(users) as CompactSnapshot;
		const { integerIds, textIds, statuses, digests, fieldTags } = current;
		return encodeSnapshot(new CompactSnapshot(integerIds, textIds, statuses, digests, fieldTags, NO_GROUPS, null));
	}

	it('reads a compact state saved before memberships were kept, reports no membership events from it, and keeps them from then on', () => {
		const users = [user('1', [finance]), user('2', [sales])];
		const stored = encodeSnapshot(takeSnapshot(users)) as StoredSnapshot & { groups?: unknown };
		const legacyStored = legacyCompact(users);
		expect(Object.keys(legacyStored).sort()).toEqual(['data', 'mode', 'textIds', 'userCount']);
		const legacy = decodeSnapshot(legacyStored);
		expect(legacy.keepsGroups).toBe(false);
		expect(legacy.groupsAt(0)).toBeNull();
		expect(stored.groups).toEqual([
			[finance.id, finance.name],
			[sales.id, sales.name],
		]);

		const moved = [user('1', [finance, legal]), user('2', [sales])];
		const first = poll(legacy, moved, 'compact');
		expect(summary(first.events)).toEqual([]);
		expect(first.next.keepsGroups).toBe(true);
		expect(summary(poll(first.next, [user('1', [legal]), user('2', [sales])], 'compact').events)).toEqual([
			'userRemovedFromGroup 1 g-finance Finance',
		]);
	});

	it('stays within 24 bytes per user at 100,000 users in 20 teams with 1 to 3 memberships each', () => {
		const random = seededRandom(14);
		const teams = Array.from({ length: 20 }, (_, index): GroupRef => ({ id: `team-${index}`, name: `Team ${index}` }));
		let sequence = 1_000;
		const users = Array.from({ length: 100_000 }, () => {
			sequence += integerBetween(random, 1, 20);
			const first = integerBetween(random, 0, 17);
			return user(String(966_874_447_741_000 + sequence), teams.slice(first, first + integerBetween(random, 1, 3)));
		});
		const json = JSON.stringify(encodeSnapshot(poll(undefined, users, 'compact', teams).next));
		expect(json.length / users.length).toBeLessThanOrEqual(24);
	});

	it.each([
		['groups that are not pairs', { groups: [['g']] }],
		['groups out of order', { groups: [['b', null], ['a', null]] }],
		['a group name that is a number', { groups: [['a', 5]] }],
		['no listing flag', { groupsListed: 'yes' }],
	])('refuses a stored compact snapshot with %s', (_, damage) => {
		const good = encodeSnapshot(takeSnapshot([user('1', [finance])])) as Record<string, unknown>;
		expect(() => decodeSnapshot({ ...good, ...damage })).toThrow(/corrupt/);
	});

	it('refuses a user in a group the table does not hold', () => {
		const good = encodeSnapshot(takeSnapshot([user('1', [finance, sales])])) as Record<string, unknown>;
		expect(() => decodeSnapshot({ ...good, groups: [[finance.id, finance.name]] })).toThrow(/corrupt/);
	});

	it.each(MODES)('refuses a listing with more than 100,000 distinct groups (%s): no snapshot is taken', (mode) => {
		const diff = openDiff(undefined, { events: EVENTS, provider: PROVIDER, detectedAt: DETECTED_AT, mode });
		const groups = (first: number) => Array.from({ length: 1_000 }, (_, index): GroupRef => ({ id: `g${first + index}`, name: null }));
		expect(() => {
			for (let index = 0; index <= 100; index++) diff.add([user(String(index + 1), groups(index * 1_000))]);
			diff.finish();
		}).toThrow('more than 100,000 distinct groups');
	});

	it('refuses more than 20,000,000 memberships in a compact snapshot: no snapshot is taken', () => {
		const diff = openDiff(undefined, { events: [], provider: PROVIDER, detectedAt: DETECTED_AT, mode: 'compact' });
		const groups = Array.from({ length: 2_000 }, (_, index): GroupRef => ({ id: `g${index}`, name: null }));
		expect(() => {
			for (let id = 1; id <= 10_001; id++) diff.add([user(String(id), groups)]);
		}).toThrow('more than 20,000,000 group memberships');
	});

	it('refuses a stored group table longer than a snapshot keeps', () => {
		const good = encodeSnapshot(takeSnapshot([user('1', [finance])])) as Record<string, unknown>;
		const table = Array.from({ length: 100_001 }, (_, index) => [`g${String(index).padStart(6, '0')}`, null]);
		expect(() => decodeSnapshot({ ...good, groups: table })).toThrow(/more groups than a snapshot keeps/);
	});

	it('compares a full snapshot saved before group tables were kept, from its users\' groups', () => {
		const full = encodeSnapshot(takeSnapshot([user('1', [finance])], 'full')) as Record<string, unknown>;
		const { groups: _groups, groupsListed: _listed, ...older } = full;
		const { events } = diffSnapshot(decodeSnapshot(older), [user('1', [sales])], {
			events: EVENTS,
			provider: PROVIDER,
			detectedAt: DETECTED_AT,
		});
		expect(summary(events)).toEqual(['userAddedToGroup 1 g-sales Sales', 'userRemovedFromGroup 1 g-finance Finance']);
	});
});
