import {
	decodeSnapshot,
	diffSnapshot as diffAllEvents,
	encodeSnapshot,
	openDiff,
	takeSnapshot,
	type DiffOptions,
	type Snapshot,
	type SnapshotMode,
} from '../../../../nodes/shared/changes';
import {
	TRACKED_FIELDS,
	USER_EVENTS,
	type DirectoryEvent,
	type UserChangeEvent,
	type TrackedField,
	type UnifiedUser,
	type UserStatus,
} from '../../../../nodes/shared/domain';
import { isPlainInteger } from '../../../../nodes/shared/changes/table';
import { makeUser, PROVIDER } from './support';
import { integerBetween, pick, seededRandom } from '../../../../dev/sandboxes/random';

const MODES: SnapshotMode[] = ['compact', 'full'];

/** The engine with user events only (membership and group events: memberships.test.ts). */
function diffSnapshot(...args: Parameters<typeof diffAllEvents>): { events: UserChangeEvent[]; next: Snapshot } {
	const result = diffAllEvents(...args);
	return { events: result.events as UserChangeEvent[], next: result.next };
}
const DETECTED_AT = '2025-06-01T12:00:00.000Z';
const KEEPER_ENTERPRISE_BASE = 30_000 * 2 ** 32;

function keeperId(sequence: number): string {
	return String(KEEPER_ENTERPRISE_BASE + sequence);
}


/** The snapshot as the trigger would read it back from static data. */
function stored(users: UnifiedUser[], mode: SnapshotMode): Snapshot {
	return decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(takeSnapshot(users, mode)))));
}

function diff(
	before: UnifiedUser[],
	now: UnifiedUser[],
	mode: SnapshotMode,
	options: Partial<DiffOptions> = {},
) {
	return diffSnapshot(stored(before, mode), now, {
		events: USER_EVENTS,
		provider: PROVIDER,
		detectedAt: DETECTED_AT,
		...options,
	});
}

/** A compact snapshot keeps a user's groups in id order. */
function sortedById(groups: UnifiedUser['groups']): UnifiedUser['groups'] {
	return [...groups].sort((first, second) => (first.id < second.id ? -1 : 1));
}

function summary(events: UserChangeEvent[]): string[] {
	return events.map((event) => `${event.event} ${event.user.id} [${event.changes.join(',')}]`);
}

describe.each(MODES)('event rules (%s snapshot)', (mode) => {
	const alice = makeUser(keeperId(10));
	const bob = makeUser(keeperId(12), { firstName: 'Bob', displayName: 'Bob Lovelace' });

	it('reports nothing when nothing changed', () => {
		const result = diff([alice, bob], [{ ...bob }, { ...alice }], mode);
		expect(result.events).toEqual([]);
	});

	it('reports a new id as userCreated with no previous and no changes', () => {
		const carol = makeUser(keeperId(15));
		const { events } = diff([alice], [alice, carol], mode);
		expect(events).toEqual([
			{
				event: 'userCreated',
				provider: PROVIDER,
				user: carol,
				previous: null,
				changes: [],
				detectedAt: DETECTED_AT,
			},
		]);
		expect(events[0].user).toBe(carol);
	});

	it('reports a user who first appears suspended only as created, unless asked', () => {
		const suspended = makeUser(keeperId(20), { status: 'suspended' });
		const archived = makeUser(keeperId(21), { status: 'archived' });
		expect(summary(diff([alice], [alice, suspended, archived], mode).events)).toEqual([
			`userCreated ${suspended.id} []`,
			`userCreated ${archived.id} []`,
		]);

		const { events } = diff([alice], [alice, suspended, archived], mode, {
			reportNewSuspendedAsSuspended: true,
		});
		expect(summary(events)).toEqual([
			`userCreated ${suspended.id} []`,
			`userCreated ${archived.id} []`,
			`userSuspended ${suspended.id} []`,
			`userSuspended ${archived.id} []`,
		]);
		expect(events.every((event) => event.previous === null)).toBe(true);
	});

	const inactive: UserStatus[] = ['suspended', 'archived'];

	it.each(inactive)('reports active → %s as userSuspended', (status) => {
		const { events } = diff([alice], [{ ...alice, status }], mode);
		expect(summary(events)).toEqual([`userSuspended ${alice.id} [status]`]);
		expect(events[0].previous).toMatchObject({ status: 'active', email: alice.email });
		expect(events[0].user.status).toBe(status);
	});

	it.each(inactive)('reports %s → active as userReactivated', (status) => {
		const { events } = diff([{ ...alice, status }], [alice], mode);
		expect(summary(events)).toEqual([`userReactivated ${alice.id} [status]`]);
		expect(events[0].previous?.status).toBe(status);
	});

	it('reports suspended ↔ archived as userUpdated with status in changes', () => {
		const suspended = { ...alice, status: 'suspended' as const };
		const archived = { ...alice, status: 'archived' as const };
		expect(summary(diff([suspended], [archived], mode).events)).toEqual([
			`userUpdated ${alice.id} [status]`,
		]);
		expect(summary(diff([archived], [{ ...suspended, lastName: 'Byron' }], mode).events)).toEqual([
			`userUpdated ${alice.id} [lastName,status]`,
		]);
	});

	it.each<[TrackedField, Partial<UnifiedUser>]>([
		['email', { email: 'ada@example.org' }],
		['email', { email: null }],
		// Values picked among the 63 in 64 whose 6-bit compact tag differs (see the `unknown` test).
		['username', { username: 'augusta' }],
		['firstName', { firstName: 'Augusta' }],
		['firstName', { firstName: '' }],
		['lastName', { lastName: 'King' }],
		['displayName', { displayName: 'Augusta Ada King' }],
		['externalId', { externalId: null }],
		['groups', { groups: [{ id: 'g-eng', name: 'Engineering' }] }],
		['groups', { groups: [] }],
	])('reports a change of %s as userUpdated', (field, change) => {
		const { events } = diff([alice], [{ ...alice, ...change }], mode);
		expect(summary(events)).toEqual([`userUpdated ${alice.id} [${field}]`]);
	});

	it('compares text exactly, case included', () => {
		const shouting = { ...alice, email: 'USER@EXAMPLE.COM' };
		const { events } = diff([{ ...alice, email: 'user@example.com' }], [shouting], mode);
		expect(summary(events)).toEqual([`userUpdated ${alice.id} [email]`]);
	});

	it('lists several changed fields in TRACKED_FIELDS order', () => {
		const changed = { ...alice, groups: [], lastName: 'King', email: 'ada@king.example' };
		expect(summary(diff([alice], [changed], mode).events)).toEqual([
			`userUpdated ${alice.id} [email,lastName,groups]`,
		]);
	});

	it('compares groups as a set of ids: order, duplicates and names do not count', () => {
		const reordered = {
			...alice,
			groups: [
				{ id: 'g-all', name: 'All staff' },
				{ id: 'g-eng', name: null },
				{ id: 'g-all', name: 'Everyone' },
			],
		};
		expect(diff([alice], [reordered], mode).events).toEqual([]);
	});

	it('ignores fields that are not tracked', () => {
		const touched = { ...alice, updatedAt: '2025-05-05T00:00:00.000Z', createdAt: null };
		expect(diff([alice], [touched], mode).events).toEqual([]);
	});

	it('reports both userSuspended and userUpdated for a user suspended and renamed at once', () => {
		const suspendedAndRenamed = { ...alice, status: 'suspended' as const, displayName: 'A. L.' };
		const { events } = diff([alice], [suspendedAndRenamed], mode);
		expect(summary(events)).toEqual([
			`userSuspended ${alice.id} [status]`,
			`userUpdated ${alice.id} [displayName]`,
		]);
	});

	it('reports an id no longer listed as userDeleted, with user and previous the same', () => {
		const { events } = diff([alice, bob], [alice], mode);
		expect(summary(events)).toEqual([`userDeleted ${bob.id} []`]);
		expect(events[0].previous).toBe(events[0].user);
		expect(events[0].user).toMatchObject({ id: bob.id, provider: PROVIDER, status: 'active' });
	});

	it('returns only the events asked for, yet the next snapshot covers everyone', () => {
		const carol = makeUser(keeperId(30));
		const first = diff([alice, bob], [{ ...alice, status: 'suspended' }, carol], mode, {
			events: ['userDeleted'],
		});
		expect(summary(first.events)).toEqual([`userDeleted ${bob.id} []`]);

		const second = diffSnapshot(first.next, [{ ...alice, status: 'suspended' }, carol], {
			events: USER_EVENTS,
			provider: PROVIDER,
			detectedAt: DETECTED_AT,
		});
		expect(second.events).toEqual([]);
	});

	it('orders events by event, then by id', () => {
		const ids = ['b', 'a', keeperId(3), keeperId(1)];
		const { events } = diff(
			ids.map((id) => makeUser(id)),
			[...ids.map((id) => makeUser(id, { status: 'suspended' })), makeUser('c'), makeUser('0')],
			mode,
		);
		expect(summary(events)).toEqual([
			'userCreated 0 []',
			'userCreated c []',
			`userSuspended ${keeperId(1)} [status]`,
			`userSuspended ${keeperId(3)} [status]`,
			'userSuspended a [status]',
			'userSuspended b [status]',
		]);
	});

	it('works with opaque ids such as UUIDs', () => {
		const ids = [
			'3f2a6c1e-8d4b-4f7a-9c2e-1b5d7e9f0a12',
			'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
			'00000000-0000-4000-8000-000000000000',
		];
		const before = ids.map((id) => makeUser(id));
		const now = [
			{ ...before[0], username: 'augusta' },
			before[2],
			makeUser('ffffffff-0000-4000-8000-000000000001'),
		];
		expect(summary(diff(before, now, mode).events)).toEqual([
			'userCreated ffffffff-0000-4000-8000-000000000001 []',
			`userDeleted ${ids[1]} []`,
			`userUpdated ${ids[0]} [username]`,
		]);
	});

	it('throws on a listing with a duplicate id instead of computing changes', () => {
		expect(() => diff([alice], [alice, bob, { ...alice }], mode)).toThrow(
			`The directory listing holds user id "${alice.id}" twice`,
		);
		expect(() => takeSnapshot([bob, bob], mode)).toThrow(/twice/);
	});
});

describe('previous user', () => {
	const alice = makeUser(keeperId(10));
	const renamedAndSuspended = {
		...alice,
		status: 'suspended' as const,
		lastName: 'King',
		groups: [{ id: 'g-new', name: 'New' }],
		updatedAt: '2025-05-05T00:00:00.000Z',
	};

	it('holds the exact old values in full mode', () => {
		const { events } = diff([alice], [renamedAndSuspended], 'full');
		expect(summary(events)).toEqual([
			`userSuspended ${alice.id} [status]`,
			`userUpdated ${alice.id} [lastName,groups]`,
		]);
		for (const event of events) expect(event.previous).toEqual(alice);
	});

	it('in compact mode has the old status and groups, null for other changed fields, else current values', () => {
		const { events } = diff([alice], [renamedAndSuspended], 'compact');
		expect(summary(events)).toEqual([
			`userSuspended ${alice.id} [status]`,
			`userUpdated ${alice.id} [lastName,groups]`,
		]);
		for (const event of events) {
			expect(event.previous).toEqual({
				...alice,
				lastName: null,
				groups: sortedById(alice.groups),
				updatedAt: null,
			});
		}
	});

	it('of a deleted user is complete in full mode, only id, status and groups in compact mode', () => {
		const archived = { ...alice, status: 'archived' as const };
		expect(diff([archived], [], 'full').events[0].user).toEqual(archived);
		expect(diff([archived], [], 'compact').events[0].user).toEqual({
			id: alice.id,
			provider: PROVIDER,
			email: null,
			username: null,
			firstName: null,
			lastName: null,
			displayName: null,
			status: 'archived',
			groups: sortedById(alice.groups),
			externalId: null,
			createdAt: null,
			updatedAt: null,
		});
	});

	it('in compact mode reports `unknown` when a changed field\'s tag collides', () => {
		// Tags are 6 bits: among a few hundred names, some collide with the original one.
		const candidates = Array.from({ length: 500 }, (_, index) => ({
			...alice,
			firstName: `Name ${index}`,
		}));
		const unknown = candidates.filter(
			(candidate) => diff([alice], [candidate], 'compact').events[0]?.changes[0] === 'unknown',
		);
		expect(unknown.length).toBeGreaterThan(0);
		expect(unknown.length).toBeLessThan(30);

		const { events } = diff([alice], [unknown[0]], 'compact');
		expect(summary(events)).toEqual([`userUpdated ${alice.id} [unknown]`]);
		expect(events[0].previous).toMatchObject({
			email: null,
			username: null,
			firstName: null,
			lastName: null,
			displayName: null,
			groups: sortedById(alice.groups),
			externalId: null,
			status: 'active',
		});
		expect(summary(diff([alice], [unknown[0]], 'full').events)).toEqual([
			`userUpdated ${alice.id} [firstName]`,
		]);
	});
});

describe('switching mode', () => {
	const alice = makeUser(keeperId(1));
	const bob = makeUser(keeperId(2));

	it.each<[SnapshotMode, SnapshotMode]>([
		['compact', 'full'],
		['full', 'compact'],
	])('diffs a %s snapshot into a %s one', (from, to) => {
		const now = [{ ...alice, email: 'new@example.com' }];
		const result = diff([alice, bob], now, from, { mode: to });
		expect(summary(result.events)).toEqual([
			`userDeleted ${bob.id} []`,
			`userUpdated ${alice.id} [email]`,
		]);
		expect(result.next.mode).toBe(to);
		expect(encodeSnapshot(result.next)).toEqual(encodeSnapshot(takeSnapshot(now, to)));
	});

	it('keeps the previous mode by default', () => {
		expect(diff([alice], [alice], 'full').next.mode).toBe('full');
		expect(diff([alice], [alice], 'compact').next.mode).toBe('compact');
	});
});

describe('users kept without confirmation', () => {
	const alice = makeUser(keeperId(1));
	const bob = makeUser(keeperId(2));

	it.each<[SnapshotMode, SnapshotMode]>([
		['compact', 'compact'],
		['full', 'full'],
		['full', 'compact'],
	])('carry a missing user over unchanged and without an event (%s → %s)', (from, to) => {
		const result = diff([alice, bob], [alice], from, { mode: to, kept: new Set([bob.id]) });
		expect(result.events).toEqual([]);
		expect(result.next.mode).toBe(to);
		expect(encodeSnapshot(result.next)).toEqual(encodeSnapshot(takeSnapshot([alice, bob], to)));
		// Once the directory lists the user again, nothing is reported either.
		expect(diffSnapshot(result.next, [alice, bob], { events: USER_EVENTS, provider: PROVIDER, detectedAt: DETECTED_AT }).events).toEqual([]);
	});

	it('postpone a switch from compact to full, which could not hold the kept user', () => {
		const result = diff([alice, bob], [alice], 'compact', { mode: 'full', kept: new Set([bob.id]) });
		expect(result.next.mode).toBe('compact');
		expect(diff([alice], [alice], 'compact', { mode: 'full', kept: new Set() }).next.mode).toBe('full');
	});
});

describe('stored snapshot', () => {
	const mixedIds = [
		keeperId(7),
		keeperId(9),
		'0',
		'42',
		String(Number.MAX_SAFE_INTEGER),
		'9007199254740993',
		'007',
		'-5',
		'1e3',
		'',
		'3f2a6c1e-8d4b-4f7a-9c2e-1b5d7e9f0a12',
		'Zoë',
	];
	const statuses: UserStatus[] = ['active', 'suspended', 'archived'];
	const users = mixedIds.map((id, index) =>
		makeUser(id, {
			status: statuses[index % 3],
			email: index % 4 === 0 ? null : `u${index}@example.com`,
		}),
	);
	const roundTrip = (snapshot: Snapshot) =>
		decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(snapshot))));

	it.each(MODES)('survives JSON in %s mode exactly', (mode) => {
		const snapshot = takeSnapshot(users, mode);
		const encoded = encodeSnapshot(snapshot);
		const parsed: unknown = JSON.parse(JSON.stringify(encoded));
		expect(parsed).toEqual(encoded);
		const decoded = decodeSnapshot(parsed);
		expect(decoded).toEqual(snapshot);
		expect(encodeSnapshot(decoded)).toEqual(encoded);
	});

	it('round-trips an empty directory', () => {
		for (const mode of MODES) {
			const empty = roundTrip(takeSnapshot([], mode));
			expect([empty.mode, empty.size]).toEqual([mode, 0]);
		}
	});

	it('round-trips integer ids with huge random gaps', () => {
		const random = seededRandom(7);
		const ids = new Set<string>(['1', String(Number.MAX_SAFE_INTEGER)]);
		while (ids.size < 2000) ids.add(String(Math.floor(random() * Number.MAX_SAFE_INTEGER)));
		const snapshot = takeSnapshot([...ids].map((id) => makeUser(id)));
		expect(roundTrip(snapshot)).toEqual(snapshot);
	});

	it('keeps 100,000 Keeper users in 20 teams, 1 to 3 each, within 18 bytes each in compact mode', () => {
		const random = seededRandom(2025);
		let sequence = 5_000;
		const teams = Array.from({ length: 20 }, (_, index) => ({ id: `team-${index}`, name: `Team ${index}` }));
		const keeperUsers = Array.from({ length: 100_000 }, () => {
			sequence += integerBetween(random, 1, 20);
			const first = integerBetween(random, 0, 17);
			return makeUser(keeperId(sequence), {
				status: random() < 0.1 ? 'suspended' : 'active',
				groups: teams.slice(first, first + integerBetween(random, 1, 3)),
			});
		});
		const json = JSON.stringify(encodeSnapshot(takeSnapshot(keeperUsers)));
		expect(json.length).toBeLessThanOrEqual(18 * keeperUsers.length);
		const decoded = decodeSnapshot(JSON.parse(json));
		expect(JSON.stringify(encodeSnapshot(decoded))).toBe(json);
		for (let index = 0; index < keeperUsers.length; index += 997) {
			expect(decoded.groupsAt(decoded.find(keeperUsers[index].id))).toEqual(sortedById(keeperUsers[index].groups));
		}
	});

	it('round-trips 1,000,000 users without groups fed page by page, within 16 bytes each, and finds every one', () => {
		const random = seededRandom(11);
		let sequence = 1;
		const ids: number[] = [];
		const diff = openDiff(undefined, { events: [], provider: PROVIDER, detectedAt: DETECTED_AT });
		for (let page = 0; page < 1000; page++) {
			const users: UnifiedUser[] = [];
			for (let index = 0; index < 1000; index++) {
				sequence += integerBetween(random, 1, 20);
				ids.push(KEEPER_ENTERPRISE_BASE + sequence);
				users.push({ ...makeUser(keeperId(sequence)), status: random() < 0.03 ? 'suspended' : 'active', groups: [] });
			}
			// Pages arrive out of order with page concurrency.
			diff.add(page % 2 === 0 ? users.reverse() : users);
		}
		const { next } = diff.finish();
		const json = JSON.stringify(encodeSnapshot(next));
		expect(json.length).toBeLessThanOrEqual(16 * ids.length);
		const decoded = decodeSnapshot(JSON.parse(json));
		expect(decoded.size).toBe(ids.length);
		expect(JSON.stringify(encodeSnapshot(decoded))).toBe(json);
		for (let index = 0; index < ids.length; index += 9973) expect(decoded.idAt(decoded.find(String(ids[index])))).toBe(String(ids[index]));
		expect(decoded.find(String(ids[0] + 1_000_000_000))).toBe(-1);
	});

	it('round-trips ids that are not numbers, alone', () => {
		const opaque = ['3f2a6c1e-8d4b-4f7a-9c2e-1b5d7e9f0a12', 'Zoë', '', '007', '-5', '1e3', '9007199254740993'];
		const snapshot = takeSnapshot(opaque.map((id) => makeUser(id)));
		const decoded = roundTrip(snapshot);
		expect(decoded).toEqual(snapshot);
		expect(opaque.map((id) => decoded.idAt(decoded.find(id)))).toEqual(opaque);
		expect(decoded.find('7')).toBe(-1);
	});

	describe('that is corrupt', () => {
		const good = encodeSnapshot(takeSnapshot(users));
		if (good.mode !== 'compact') throw new Error('expected a compact snapshot');
		const goodFull = encodeSnapshot(takeSnapshot(users, 'full'));
		if (goodFull.mode !== 'full') throw new Error('expected a full snapshot');
		const [firstUser] = goodFull.users;
		const firstUserWith = (index: number, value: unknown) =>
			firstUser.map((item, at) => (at === index ? value : item));

		it.each<[string, unknown]>([
			['not an object', 'snapshot'],
			['null', null],
			['a list', [good]],
			['of an unknown mode', { ...good, mode: 'tiny' }],
			['with a negative user count', { ...good, userCount: -1 }],
			['with a user count too high', { ...good, userCount: good.userCount + 1 }],
			['with a user count too low', { ...good, userCount: good.userCount - 1 }],
			['with unsorted text ids', { ...good, textIds: [...good.textIds].reverse() }],
			['with an integer among text ids', { ...good, textIds: ['12'] }],
			['with text ids missing', { ...good, textIds: undefined }],
			['with data that is not base64', { ...good, data: `${good.data.slice(0, -4)}!!!!` }],
			['with truncated data', { ...good, data: good.data.slice(0, -8) }],
			['with data too long', { ...good, data: `${good.data}AAAA` }],
			['with a full user that is not a tuple', { ...goodFull, users: [{ id: '1' }] }],
			['with a full user of unknown status', { ...goodFull, users: [firstUserWith(1, 'gone')] }],
			['with a full user with odd groups', { ...goodFull, users: [firstUserWith(8, [['g']])] }],
			['with a full user whose name is a number', { ...goodFull, users: [firstUserWith(4, 7)] }],
			['with a full user id twice', { ...goodFull, users: [firstUser, firstUser] }],
		])('is rejected when %s', (_description, value) => {
			expect(() => decodeSnapshot(value)).toThrow('The stored user snapshot is corrupt');
		});
	});
});

describe('random directories (property test)', () => {
	type Random = () => number;

	interface Expected {
		event: DirectoryEvent;
		id: string;
		changes: string[];
	}

	function sameGroupIds(first: UnifiedUser['groups'], second: UnifiedUser['groups']): boolean {
		const firstIds = new Set(first.map((group) => group.id));
		const secondIds = new Set(second.map((group) => group.id));
		return firstIds.size === secondIds.size && [...firstIds].every((id) => secondIds.has(id));
	}

	/** What the engine must report, worked out directly from the two directories. */
	function expectedEvents(before: Map<string, UnifiedUser>, now: UnifiedUser[]): Expected[] {
		const expected: Expected[] = [];
		const add = (event: DirectoryEvent, id: string, changes: string[]) =>
			expected.push({ event, id, changes });
		const nowIds = new Set(now.map((user) => user.id));
		for (const id of before.keys()) if (!nowIds.has(id)) add('userDeleted', id, []);
		for (const user of now) {
			const old = before.get(user.id);
			if (!old) {
				add('userCreated', user.id, []);
				continue;
			}
			const changed: string[] = TRACKED_FIELDS.filter((field) =>
				field === 'groups' ? !sameGroupIds(old.groups, user.groups) : old[field] !== user[field],
			);
			const wasActive = old.status === 'active';
			const isActive = user.status === 'active';
			if (wasActive && !isActive) add('userSuspended', user.id, ['status']);
			if (!wasActive && isActive) add('userReactivated', user.id, ['status']);
			if (!wasActive && !isActive && old.status !== user.status) changed.push('status');
			if (changed.length > 0) add('userUpdated', user.id, changed);
		}
		return expected;
	}

	function key(event: DirectoryEvent, id: string): string {
		return `${event} ${id}`;
	}

	function shuffle<T>(random: Random, values: T[]): T[] {
		for (let index = values.length - 1; index > 0; index--) {
			const other = Math.floor(random() * (index + 1));
			[values[index], values[other]] = [values[other], values[index]];
		}
		return values;
	}

	const NAMES = ['Ada', 'ada', 'Alan', 'Grace', 'Linus', '', 'Zoë', 'Ünal', '李'];
	const STATUSES: UserStatus[] = ['active', 'active', 'suspended', 'archived'];
	const GROUP_IDS = ['g1', 'g2', 'g3', 'g4', 'g5'];
	// Group order and names are edits that must not count.
	const EDITS = [...TRACKED_FIELDS, 'status', 'status', 'groupOrder', 'groupNames'] as const;

	function randomGroups(random: Random): UnifiedUser['groups'] {
		return Array.from({ length: integerBetween(random, 0, 4) }, () => ({
			id: pick(random, GROUP_IDS),
			name: pick(random, ['Group', null]),
		}));
	}

	function randomText(random: Random): string | null {
		return random() < 0.15 ? null : `${pick(random, NAMES)}${integerBetween(random, 0, 3)}`;
	}

	/** One random edit; it may well leave the user as it was. */
	function edit(random: Random, user: UnifiedUser): UnifiedUser {
		const field = pick(random, EDITS);
		switch (field) {
			case 'status':
				return { ...user, status: pick(random, STATUSES) };
			case 'groups':
				return { ...user, groups: randomGroups(random) };
			case 'groupOrder':
				return { ...user, groups: [...user.groups].reverse() };
			case 'groupNames':
				return { ...user, groups: user.groups.map((group) => ({ ...group, name: '' })) };
			default:
				return { ...user, [field]: randomText(random) };
		}
	}

	it.each([
		['compact', 'keeper', 101],
		['compact', 'opaque', 202],
		['full', 'keeper', 303],
		['full', 'opaque', 404],
	] as const)('reports exactly the changes made (%s snapshot, %s ids)', (mode, idKind, seed) => {
		const random = seededRandom(seed);
		let sequence = 1;
		const newUser = (): UnifiedUser => {
			sequence += integerBetween(random, 1, 20);
			const opaqueId = `id-${Math.floor(random() * 1e9).toString(36)}-${sequence}`;
			return {
				...makeUser(idKind === 'keeper' ? keeperId(sequence) : opaqueId),
				email: randomText(random),
				firstName: randomText(random),
				status: pick(random, STATUSES),
				groups: randomGroups(random),
			};
		};

		let directory = Array.from({ length: 150 }, newUser);
		let previous = stored(directory, mode);
		let changedFieldCount = 0;
		let namedFieldCount = 0;
		const seenEvents = new Set<DirectoryEvent>();
		for (let round = 0; round < 60; round++) {
			const before = new Map(directory.map((user) => [user.id, user]));
			directory = directory
				.filter(() => random() > 0.03)
				.map((user) => (random() < 0.15 ? edit(random, user) : user))
				.map((user) => (random() < 0.05 ? edit(random, user) : user));
			const arrivals = integerBetween(random, 0, 5);
			for (let index = 0; index < arrivals; index++) directory.push(newUser());
			shuffle(random, directory);

			const result = diffSnapshot(previous, directory, {
				events: USER_EVENTS,
				provider: PROVIDER,
				detectedAt: DETECTED_AT,
			});
			const expected = new Map(
				expectedEvents(before, directory).map((event) => [key(event.event, event.id), event]),
			);
			const reportedKeys = result.events.map((event) => key(event.event, event.user.id));
			expect(reportedKeys.sort()).toEqual([...expected.keys()].sort());

			for (const event of result.events) {
				seenEvents.add(event.event);
				const truth = expected.get(key(event.event, event.user.id))?.changes;
				if (mode === 'compact' && event.event === 'userUpdated') {
					// A compact snapshot may miss a field (1 in 64) but never names an unchanged one.
					const named = event.changes.filter((field) => field !== 'unknown');
					expect(truth).toEqual(expect.arrayContaining(named));
					expect(event.changes.includes('status')).toBe(truth?.includes('status'));
					changedFieldCount += truth?.length ?? 0;
					namedFieldCount += named.length;
				} else {
					expect(event.changes).toEqual(truth);
				}
				const old = before.get(event.user.id);
				if (event.event === 'userCreated') expect(event.previous).toBeNull();
				else if (mode === 'full') expect(event.previous).toEqual(old);
				else expect(event.previous?.status).toBe(old?.status);
			}
			previous = decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(result.next))));
		}
		expect([...seenEvents].sort()).toEqual([...USER_EVENTS].sort());
		if (mode === 'compact') {
			expect(changedFieldCount).toBeGreaterThan(500);
			expect(namedFieldCount).toBeGreaterThanOrEqual(changedFieldCount * 0.9);
		}
	});
});

describe('ids kept as numbers', () => {
	/** The rule: a plain decimal integer, no leading zero, that a double holds exactly. */
	const oracle = (id: string) => /^(?:0|[1-9][0-9]{0,15})$/.test(id) && Number(id) <= Number.MAX_SAFE_INTEGER;

	it.each(['0', '00', '01', '1', '9007199254740991', '9007199254740992', '9999999999999999', '10000000000000000', '', '-1', '1e3', '12a', '٣', '１', ' 1', '1 ', '0x10', '+1', '1.0'])(
		'%j as the rule says',
		(id) => expect(isPlainInteger(id)).toBe(oracle(id)),
	);

	it('agrees with the rule on 100,000 random ids of every length', () => {
		const random = seededRandom(5);
		for (let index = 0; index < 100_000; index++) {
			const digits = String(Math.floor(random() * 10 ** (1 + (index % 17))));
			const id = index % 13 === 0 ? `${digits}x` : index % 17 === 0 ? `0${digits}` : digits;
			expect(isPlainInteger(id)).toBe(oracle(id));
		}
	});
});
