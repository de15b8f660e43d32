import type { IDataObject } from 'n8n-workflow';

import type { SnapshotMode } from '../../../nodes/shared/changes';
import type { SandboxRequest, SandboxServer } from '../../../dev/sandboxes/http';
import { startKandjiSandbox, KandjiDirectory, type KandjiSandbox } from '../../../dev/sandboxes/kandji';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox } from '../../../dev/sandboxes/keeper';
import { KonnektiveCrm, startKonnektiveSandbox } from '../../../dev/sandboxes/konnektive';
import { FIRST_NAMES, integerBetween, LAST_NAMES, pick, seededRandom } from '../../../dev/sandboxes/random';
import { ActiveTrigger, triggerNode } from './support';
import { credentialRefs, node, USER_DIRECTORY_TRIGGER } from '../../../dev/harness/workflows';

/*
 * Races the trigger must survive: the directory changes between the pages of one read (at every
 * page concurrency), lists end early, a second poll starts while one is paging (same static data,
 * or a JSON copy of it), the saved state is damaged, n8n restarts. The oracle keeps every version
 * of every user with the moment it held; each event must move a user from what the previous
 * events said to a version that was true while the poll ran. Counted, then required to be zero:
 *   lost        a true change never reported (after quiet polls at the end)
 *   duplicated  a change reported again
 *   false       an event no true change explains
 */

interface UserState {
	status: string;
	fields: string;
}

interface Subject {
	active: ActiveTrigger;
	server: SandboxServer;
	ids(): string[];
	stateOf(id: string): UserState | null;
	/** One random change; returns the ids it touched. */
	mutate(random: () => number): string[];
	/** One random change while pages are read; `mutate` unless the provider needs a different mix. */
	mutateBetweenPages?(random: () => number): string[];
	isListRequest(request: SandboxRequest): boolean;
	stateOfEvent(user: IDataObject): UserState;
	/** Lists end early on the next read, where the provider's paging can (Kandji). */
	cutListsShort?(random: () => number): void;
}

interface Tally {
	polls: number;
	failed: number;
	overlaps: number;
	corruptions: number;
	/** Damaged states not met with the integrity message. */
	unnoticedDamage: number;
	/** Overlapping polls that changed the static data they ran on. */
	overlapChanges: number;
	/** Requests asking for one user (confirmations), and the deletions reported. */
	lookups: number;
	deletions: number;
	requests: number;
	trueChanges: number;
	emitted: number;
	lost: number;
	duplicated: number;
	false: number;
}

const TALLY: Tally = { polls: 0, failed: 0, overlaps: 0, corruptions: 0, unnoticedDamage: 0, overlapChanges: 0, lookups: 0, deletions: 0, requests: 0, trueChanges: 0, emitted: 0, lost: 0, duplicated: 0, false: 0 };

const same = (a: UserState | null, b: UserState | null) =>
	a === null || b === null ? a === b : a.status === b.status && a.fields === b.fields;

/** The events that lead from one state of a user to another. */
function transitions(from: UserState | null, to: UserState | null): string[] {
	if (from === null) return to === null ? [] : ['userCreated'];
	if (to === null) return ['userDeleted'];
	const events: string[] = [];
	const wasActive = from.status === 'active';
	const isActive = to.status === 'active';
	if (wasActive && !isActive) events.push('userSuspended');
	if (!wasActive && isActive) events.push('userReactivated');
	if (from.fields !== to.fields || (!wasActive && !isActive && from.status !== to.status)) events.push('userUpdated');
	return events;
}

function damage(staticData: IDataObject, random: () => number): void {
	const state = Object.values(staticData).find((value) => typeof value === 'object' && value !== null && 'userDirectory' in (value as IDataObject)) as IDataObject;
	const saved = state.userDirectory as IDataObject;
	const snapshot = saved.snapshot as IDataObject;
	const edits = [
		// One flipped bit in the data, the classic false userUpdated.
		() => {
			if (typeof snapshot.data !== 'string') return false;
			const bytes = Buffer.from(snapshot.data, 'base64');
			bytes[integerBetween(random, 0, bytes.length - 1)] ^= 1 << integerBetween(random, 0, 7);
			snapshot.data = bytes.toString('base64');
			return true;
		},
		() => {
			if (!Array.isArray(snapshot.users) || snapshot.users.length < 2) return false;
			snapshot.users = (snapshot.users as unknown[]).slice(0, -1);
			return true;
		},
		() => {
			if (!Array.isArray(snapshot.users)) return false;
			const user = pick(random, snapshot.users as unknown[][]);
			user[1] = user[1] === 'active' ? 'suspended' : 'active';
			return true;
		},
		() => {
			const source = String(saved.source);
			saved.source = `${source.slice(0, -1)}${source.endsWith('x') ? 'y' : 'x'}`;
			return true;
		},
	];
	while (!pick(random, edits)()) {
		// Pick another edit that fits this snapshot mode.
	}
}

async function race(subject: Subject, rounds: number, seed: number): Promise<Tally> {
	const random = seededRandom(seed);
	const tally: Tally = { polls: 0, failed: 0, overlaps: 0, corruptions: 0, unnoticedDamage: 0, overlapChanges: 0, lookups: 0, deletions: 0, requests: 0, trueChanges: 0, emitted: 0, lost: 0, duplicated: 0, false: 0 };
	let tick = 0;
	const history = new Map<string, Array<{ at: number; state: UserState | null }>>();
	const record = (ids: string[]) => {
		tick++;
		for (const id of ids) {
			const versions = history.get(id) ?? [{ at: 0, state: null }];
			versions.push({ at: tick, state: subject.stateOf(id) });
			history.set(id, versions);
		}
	};
	for (const id of subject.ids()) history.set(id, [{ at: 0, state: subject.stateOf(id) }]);
	const belief = new Map<string, UserState | null>();

	const check = (items: IDataObject[], pollStart: number, pollEnd: number) => {
		const byUser = new Map<string, IDataObject[]>();
		for (const item of items) {
			const id = String((item.user as IDataObject).id);
			byUser.set(id, [...(byUser.get(id) ?? []), item]);
		}
		for (const [id, events] of byUser) {
			const kinds = events.map((event) => String(event.event));
			const target = kinds.includes('userDeleted') ? null : subject.stateOfEvent(events[0].user as IDataObject);
			const versions = history.get(id) ?? [];
			const trueDuringPoll = versions.some(
				(version, index) => version.at <= pollEnd && (versions[index + 1]?.at ?? Infinity) > pollStart && same(version.state, target),
			);
			const before = belief.get(id) ?? null;
			tally.emitted += kinds.length;
			tally.deletions += kinds.filter((kind) => kind === 'userDeleted').length;
			if (!trueDuringPoll) {
				tally.false += kinds.length;
			} else {
				const expected = transitions(before, target);
				tally.trueChanges += expected.length;
				for (const kind of kinds) {
					const at = expected.indexOf(kind);
					if (at >= 0) expected.splice(at, 1);
					else if (same(before, target) || (kind === 'userCreated' && before !== null) || (kind === 'userDeleted' && before === null)) tally.duplicated++;
					else tally.false++;
				}
				tally.lost += expected.length;
			}
			belief.set(id, target);
		}
	};

	const poll = async (): Promise<IDataObject[] | Error> => {
		tally.polls++;
		try {
			return subject.active.isActive ? await subject.active.poll() : await subject.active.activate();
		} catch (error) {
			tally.failed++;
			return error as Error;
		}
	};

	const quietPoll = async () => {
		const start = tick;
		const items = await poll();
		if (!(items instanceof Error)) check(items, start, tick);
		return items;
	};

	expect(await quietPoll()).toEqual([]);
	for (const id of subject.ids()) belief.set(id, subject.stateOf(id));

	for (let round = 0; round < rounds; round++) {
		for (let count = integerBetween(random, 0, 2); count > 0; count--) record(subject.mutate(random));
		if (subject.active.isActive && random() < 0.08) subject.active.deactivate();

		if (subject.active.isActive && random() < 0.05) {
			// Damage: only after a quiet poll, so that nothing is pending that a new baseline would drop.
			await quietPoll();
			subject.active.editMemory((staticData) => damage(staticData, random));
			tally.corruptions++;
			const result = await quietPoll();
			if (!(result instanceof Error && result.message.includes('failed its integrity check'))) tally.unnoticedDamage++;
			continue;
		}

		const overlap = subject.active.isActive && random() < 0.2;
		let overlapped = false;
		subject.server.beforeAnswer = async (request) => {
			if (!subject.isListRequest(request)) return;
			if (overlap && !overlapped) {
				overlapped = true;
				tally.overlaps++;
				const second = await subject.active.pollAlongside(random() < 0.5);
				tally.emitted += second.items.length;
				tally.duplicated += second.items.length;
				if (second.changed) tally.overlapChanges++;
			}
			const between = subject.mutateBetweenPages ?? subject.mutate;
			if (random() < 0.3) for (let count = integerBetween(random, 1, 3); count > 0; count--) record(between(random));
		};
		if (random() < 0.3) subject.cutListsShort?.(random);
		const start = tick;
		const items = await poll();
		subject.server.beforeAnswer = undefined;
		if (!(items instanceof Error)) check(items, start, tick);
	}

	// Quiet polls: everything that happened must now be reported.
	for (let settle = 0; settle < 3; settle++) await quietPoll();
	tally.requests = subject.server.requests.length;
	tally.lookups = subject.server.requests.filter((request) => request.method === 'GET' && !subject.isListRequest({ ...request, query: new URLSearchParams(request.query), headers: {}, body: Buffer.alloc(0) })).length;
	for (const id of new Set([...history.keys(), ...subject.ids()])) {
		const missing = transitions(belief.get(id) ?? null, subject.stateOf(id));
		tally.lost += missing.length;
		tally.trueChanges += missing.length;
	}
	for (const key of Object.keys(TALLY) as Array<keyof Tally>) TALLY[key] += tally[key];
	return tally;
}

const outcome = ({ lost, duplicated, false: invented, unnoticedDamage, overlapChanges }: Tally) => ({
	lost,
	duplicated,
	false: invented,
	unnoticedDamage,
	overlapChanges,
});

const keeperFields = (values: unknown[]) => JSON.stringify(values);

function keeperSubject(sandbox: KeeperSandbox, snapshotMode: SnapshotMode, pageConcurrency: number): Subject {
	const { directory } = sandbox;
	const counter = { value: 0 };
	return {
		active: new ActiveTrigger(triggerNode({ options: { snapshotMode, pageConcurrency, timeout: 2_000 } }), {
			keeperScimApi: sandbox.credentials,
		}),
		server: sandbox.server,
		ids: () => directory.list().map((user) => user.id),
		stateOf: (id) => {
			const user = directory.users.get(id);
			if (!user) return null;
			return {
				status: user.active ? 'active' : 'suspended',
				fields: keeperFields([
					user.email,
					user.userName,
					user.givenName,
					user.familyName,
					user.displayName,
					user.externalId ?? null,
					[...new Set(user.teamIds)].sort(),
				]),
			};
		},
		stateOfEvent: (user) => ({
			status: String(user.status),
			fields: keeperFields([
				user.email,
				user.username,
				user.firstName,
				user.lastName,
				user.displayName,
				user.externalId,
				[...new Set((user.groups as IDataObject[]).map((group) => String(group.id)))].sort(),
			]),
		}),
		mutate: (random) => pick(random, keeperMutations(random))(),
		// Mostly changes that keep the total, which the paging's checks alone cannot catch.
		mutateBetweenPages: (random) => {
			const mutations = keeperMutations(random);
			return (random() < 0.7 ? pick(random, mutations.slice(2)) : pick(random, mutations))();
		},
		isListRequest: (request) => request.method === 'GET' && request.path.endsWith('/Users'),
	};

	/** Lone creations and deletions first: they change the total. */
	function keeperMutations(random: () => number): Array<() => string[]> {
		const users = directory.list();
		const someone = () => pick(random, users);
		const teamIds = [...directory.teams.keys()];
		return [
			() => [directory.addUser({ teamIds: [pick(random, teamIds)] }).id],
			() => {
				if (users.length < 12) return [];
				const { id } = someone();
				directory.deleteUser(id);
				return [id];
			},
			() => {
				const user = someone();
				return [(user.active ? directory.lock(user.id) : directory.unlock(user.id)).id];
			},
			// The race: one user leaves and one joins while pages are read, so the totals still
			// agree, yet the users after the leaver shift by one page position.
			() => {
				if (users.length < 12) return [];
				const { id } = someone();
				directory.deleteUser(id);
				return [id, directory.addUser({}).id];
			},
			() => [directory.rename(someone().id, pick(random, FIRST_NAMES), pick(random, LAST_NAMES)).id],
			() => [directory.changeEmail(someone().id, `moved.${++counter.value}@acme-corp.example`).id],
			() => [directory.setTeams(someone().id, teamIds.filter(() => random() < 0.4)).id],
		];
	}
}

function kandjiSubject(sandbox: KandjiSandbox, snapshotMode: SnapshotMode): Subject {
	const { directory } = sandbox;
	const statusOf = (user: { archived: boolean; active: boolean }) => (user.archived ? 'archived' : user.active ? 'active' : 'suspended');
	const counter = { value: 0 };
	const triggerNodeKandji = node(
		'User Directory Trigger',
		USER_DIRECTORY_TRIGGER,
		{ provider: 'kandji', events: ['userCreated', 'userSuspended', 'userReactivated', 'userDeleted', 'userUpdated'], options: { snapshotMode, timeout: 2_000 } },
		{ credentials: credentialRefs('kandjiApi') },
	);
	return {
		active: new ActiveTrigger(triggerNodeKandji, { kandjiApi: sandbox.credentials }),
		server: sandbox.server,
		ids: () => directory.list().map((user) => user.id),
		stateOf: (id) => {
			const user = directory.users.get(id);
			return user ? { status: statusOf(user), fields: JSON.stringify([user.email, user.name]) } : null;
		},
		stateOfEvent: (user) => ({ status: String(user.status), fields: JSON.stringify([user.email, user.displayName]) }),
		mutate: (random) => {
			const users = directory.list();
			const someone = () => pick(random, users);
			const mutations = [
				() => [directory.addUser({}).id],
				() => {
					const { id } = someone();
					directory.deactivateUser(id);
					return [id];
				},
				() => {
					const { id } = someone();
					directory.archiveUser(id);
					return [id];
				},
				() => {
					const { id } = someone();
					directory.reactivateUser(id);
					return [id];
				},
				() => {
					if (users.length < 12) return [];
					const { id } = someone();
					directory.removeUser(id);
					return [id];
				},
				() => {
					const { id } = someone();
					directory.renameUser(id, `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`);
					return [id];
				},
				() => {
					const { id } = someone();
					directory.changeEmail(id, `moved.${++counter.value}@accuhive.example`);
					return [id];
				},
			];
			return pick(random, mutations)();
		},
		isListRequest: (request) => request.method === 'GET' && request.path.endsWith('/users'),
		cutListsShort: (random) => {
			sandbox.listsCutShort = integerBetween(random, 1, 2);
		},
	};
}

const ROUNDS = 90;

afterAll(() => {
		// The numbers the issue asks for, over every scenario of this file.
		console.log(
			`Trigger races: ${TALLY.polls} polls (${TALLY.failed} failed and retried, ${TALLY.overlaps} overlapping, ${TALLY.corruptions} damaged states), ` +
				`${TALLY.trueChanges} true changes, ${TALLY.emitted} events: lost ${TALLY.lost} / duplicated ${TALLY.duplicated} / false ${TALLY.false}; ` +
				`damage unnoticed ${TALLY.unnoticedDamage}, overlapping polls that changed state ${TALLY.overlapChanges}; ` +
				`snapshot directories: ${TALLY.requests} requests, ${TALLY.lookups} of them single-user lookups, ${TALLY.deletions} deletions reported`,
	);
});

describe('User Directory Trigger · races', () => {

	describe.each<[number, SnapshotMode]>([
		[1, 'compact'],
		[2, 'full'],
		[4, 'compact'],
		[4, 'full'],
		[8, 'compact'],
		[16, 'full'],
	])('Keeper (offset paging), page concurrency %i, %s snapshot', (pageConcurrency, snapshotMode) => {
		let sandbox: KeeperSandbox;
		beforeAll(async () => {
			sandbox = await startKeeperSandbox({
				directory: KeeperDirectory.seeded({ users: 24, teams: 4, seed: 300 + pageConcurrency, lockedRatio: 0.15 }),
				maxPageSize: 4,
			});
		});
		afterAll(async () => await sandbox.close());

		it('reports every change exactly once while the directory changes between pages', async () => {
			const tally = await race(keeperSubject(sandbox, snapshotMode, pageConcurrency), ROUNDS, 1000 + pageConcurrency);
			expect(outcome(tally)).toEqual({ lost: 0, duplicated: 0, false: 0, unnoticedDamage: 0, overlapChanges: 0 });
			expect(tally.trueChanges).toBeGreaterThan(50);
			expect(tally.overlaps).toBeGreaterThan(0);
		}, 120_000);
	});

	describe.each<[SnapshotMode, number]>([
		['compact', 71],
		['full', 72],
		['compact', 73],
	])('Kandji (cursor paging, lists cut short), %s snapshot, seed %i', (snapshotMode, seed) => {
		let sandbox: KandjiSandbox;
		beforeAll(async () => {
			sandbox = await startKandjiSandbox({
				directory: KandjiDirectory.seeded({ users: 20, seed, archivedRatio: 0.1, inactiveRatio: 0.1 }),
				pageSize: 4,
			});
		});
		afterAll(async () => await sandbox.close());

		it('reports every change exactly once while lists end early and the directory changes between pages', async () => {
			const tally = await race(kandjiSubject(sandbox, snapshotMode), ROUNDS, seed);
			expect(outcome(tally)).toEqual({ lost: 0, duplicated: 0, false: 0, unnoticedDamage: 0, overlapChanges: 0 });
			expect(tally.trueChanges).toBeGreaterThan(50);
		}, 120_000);
	});
});

/*
 * Konnektive's change feed: this clock steps away from Konnektive's (hours or days, either way),
 * the workflow's time zone changes, the server sometimes ignores the date range, polls overlap,
 * n8n restarts. Every creation after the baseline must be reported once, and every edit of a
 * known customer once per dateUpdated, however late.
 */
describe('User Directory Trigger · races · Konnektive', () => {
	const ZONES = ['UTC', 'America/Los_Angeles', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo'];

	beforeEach(() => {
		// Only Date is faked: sockets and retries keep real timers.
		jest.useFakeTimers({
			doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
		});
	});
	afterEach(() => jest.useRealTimers());

	it.each([
		[401, 'America/Chicago'],
		[402, 'Asia/Kolkata'],
		[403, 'Europe/London'],
	])('reports each creation and edit once across clock steps, time-zone changes and servers ignoring dates (seed %i, account in %s)', async (seed, timeZone) => {
		const random = seededRandom(seed);
		const crm = KonnektiveCrm.seeded({ customers: 60, seed, spreadDays: 3, timeZone });
		const sandbox = await startKonnektiveSandbox({ crm });
		const tally: Tally = { polls: 0, failed: 0, overlaps: 0, corruptions: 0, unnoticedDamage: 0, overlapChanges: 0, lookups: 0, deletions: 0, requests: 0, trueChanges: 0, emitted: 0, lost: 0, duplicated: 0, false: 0 };
		let offsetMs = 0;
		const syncClock = () => jest.setSystemTime(new Date(crm.clock.getTime() + offsetMs));
		const active = new ActiveTrigger(
			node('Konnektive Trigger', USER_DIRECTORY_TRIGGER, { provider: 'konnektive', events: ['userCreated', 'userUpdated'] }, { credentials: credentialRefs('konnektiveApi') }),
			{ konnektiveApi: sandbox.credentials },
		);
		const local = (instant: Date) => crm.localDateTime(instant).replace(' ', 'T');
		/** Every dateUpdated each customer has had, as the feed reports it. */
		const stamps = new Map<string, Set<string>>();
		const noteStamp = (id: number) => {
			const customer = crm.customers.get(id);
			if (!customer) return;
			const seen = stamps.get(String(id)) ?? new Set<string>();
			seen.add(local(customer.updated));
			stamps.set(String(id), seen);
		};
		/** What the events so far said: id → the dateUpdated last reported (or of the baseline). */
		const known = new Map<string, string>();
		const createdStamp = (id: string) => local((crm.customers.get(Number(id)) as { created: Date }).created);
		const check = (items: IDataObject[]) => {
			for (const item of items) {
				const user = item.user as IDataObject;
				const id = String(user.id);
				const stamp = String(user.updatedAt);
				tally.emitted++;
				if (item.event === 'userCreated') {
					if (known.has(id)) { tally.duplicated++; if (process.env.RACE_DEBUG) console.log("dupC", id, stamp, offsetMs / 3600000, active.timezone, sandbox.ignoresDateRange, new Date().toISOString()); }
					else if (!stamps.get(id)?.has(stamp)) tally.false++;
					else tally.trueChanges++;
				} else if (!known.has(id) || !stamps.get(id)?.has(stamp)) tally.false++;
				else if (known.get(id) === stamp) { tally.duplicated++; if (process.env.RACE_DEBUG) console.log("dup", item.event, id, stamp, offsetMs / 3600000, active.timezone, sandbox.ignoresDateRange, new Date().toISOString()); }
				else tally.trueChanges++;
				known.set(id, stamp);
			}
		};
		const poll = async () => {
			tally.polls++;
			syncClock();
			try {
				check(active.isActive ? await active.poll() : await active.activate());
			} catch {
				tally.failed++;
			}
		};

		for (const customer of crm.list()) noteStamp(customer.customerId);
		syncClock();
		expect(await active.activate()).toEqual([]);
		tally.polls++;
		for (const customer of crm.list()) known.set(String(customer.customerId), local(customer.updated));

		for (let round = 0; round < 110; round++) {
			for (let step = integerBetween(random, 0, 3); step > 0; step--) {
				crm.advance({ seconds: integerBetween(random, 1, 3 * 3600) });
				if (random() < 0.5) noteStamp(crm.addCustomer().customerId);
				else noteStamp(crm.updateCustomer(pick(random, crm.list()).customerId, { notes: `edited ${round}.${step}` }).customerId);
			}
			crm.advance({ seconds: integerBetween(random, 1, 4 * 3600) });
			const roll = random();
			// This clock: mostly right, sometimes hours or days off, either way.
			offsetMs = roll < 0.6 ? 0 : roll < 0.8 ? integerBetween(random, -30, 30) * 3_600_000 : integerBetween(random, -3, 3) * 86_400_000;
			if (random() < 0.15) active.timezone = pick(random, ZONES);
			sandbox.ignoresDateRange = random() < 0.25;
			if (active.isActive && random() < 0.08) active.deactivate();
			let overlapped = false;
			sandbox.server.beforeAnswer = async () => {
				if (overlapped || !active.isActive || random() > 0.2) return;
				overlapped = true;
				tally.overlaps++;
				const second = await active.pollAlongside(random() < 0.5);
				tally.emitted += second.items.length;
				tally.duplicated += second.items.length;
				if (second.changed) tally.overlapChanges++;
			};
			await poll();
			sandbox.server.beforeAnswer = undefined;
		}

		// The clock is right again: everything not yet reported must come now.
		offsetMs = 0;
		sandbox.ignoresDateRange = false;
		for (let settle = 0; settle < 3; settle++) {
			crm.advance({ minutes: 5 });
			await poll();
		}
		for (const customer of crm.list()) {
			const id = String(customer.customerId);
			const now = local(customer.updated);
			const reported = known.get(id);
			if (reported === undefined) tally.lost++;
			else if (reported !== now && now !== createdStamp(id)) tally.lost++;
		}
		await sandbox.close();
		for (const key of Object.keys(TALLY) as Array<keyof Tally>) TALLY[key] += tally[key];
		expect(outcome(tally)).toEqual({ lost: 0, duplicated: 0, false: 0, unnoticedDamage: 0, overlapChanges: 0 });
		expect(tally.trueChanges).toBeGreaterThan(80);
	}, 120_000);
});
