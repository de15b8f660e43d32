import type { SnapshotMode } from '../../../nodes/shared/changes';
import { TRACKED_FIELDS, type TrackedField } from '../../../nodes/shared/domain';
import type { Fault } from '../../../dev/sandboxes/http';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox, type KeeperUser } from '../../../dev/sandboxes/keeper';
import { FIRST_NAMES, integerBetween, LAST_NAMES, pick, seededRandom } from '../../../dev/sandboxes/random';
import { ActiveTrigger, keeperListResponse, runRandomizedPolls, summary, triggerNode } from './support';

const PAGE_SIZE = 6;
const ROUNDS = 45;

/** Which unified field each sandbox field feeds. */
const FIELD_SOURCES: Record<TrackedField, (user: KeeperUser) => string> = {
	email: (user) => user.email,
	username: (user) => user.userName,
	firstName: (user) => user.givenName,
	lastName: (user) => user.familyName,
	displayName: (user) => user.displayName,
	externalId: (user) => user.externalId ?? '',
	groups: (user) => [...new Set(user.teamIds)].sort().join(' '),
};

interface ExpectedEvent {
	key: string;
	changes: TrackedField[];
}

/**
 * The oracle: what happened between two states of the directory, worked out from the sandbox's
 * own records, independently of the change engine.
 */
function trueChanges(before: Map<string, KeeperUser>, now: Map<string, KeeperUser>): ExpectedEvent[] {
	const expected: ExpectedEvent[] = [];
	for (const [id, user] of now) {
		const old = before.get(id);
		if (!old) {
			expected.push({ key: `userCreated ${id}`, changes: [] });
			continue;
		}
		if (old.active && !user.active) expected.push({ key: `userSuspended ${id}`, changes: [] });
		if (!old.active && user.active) expected.push({ key: `userReactivated ${id}`, changes: [] });
		const changed = TRACKED_FIELDS.filter((field) => FIELD_SOURCES[field](old) !== FIELD_SOURCES[field](user));
		if (changed.length > 0) expected.push({ key: `userUpdated ${id}`, changes: changed });
	}
	for (const id of before.keys()) {
		if (!now.has(id)) expected.push({ key: `userDeleted ${id}`, changes: [] });
	}
	return expected.sort((first, second) => (first.key < second.key ? -1 : 1));
}

function copyOf(directory: KeeperDirectory): Map<string, KeeperUser> {
	return new Map(directory.list().map((user) => [user.id, { ...user, teamIds: [...user.teamIds] }]));
}

function mutate(directory: KeeperDirectory, random: () => number, counter: { value: number }): void {
	const users = directory.list();
	const active = users.filter((user) => user.active);
	const locked = users.filter((user) => !user.active);
	const teamIds = [...directory.teams.keys()];
	const someone = () => pick(random, directory.list());
	const mutations = [
		() => directory.addUser({ active: random() < 0.2 ? false : undefined, teamIds: [pick(random, teamIds)] }),
		() => active.length && directory.lock(pick(random, active).id),
		() => locked.length && directory.unlock(pick(random, locked).id),
		() => users.length > 10 && directory.deleteUser(someone().id),
		() => directory.rename(someone().id, pick(random, FIRST_NAMES), pick(random, LAST_NAMES)),
		() => directory.changeEmail(someone().id, `moved.${++counter.value}@acme-corp.example`),
		() => directory.setTeams(someone().id, teamIds.filter(() => random() < 0.4)),
	];
	for (let count = integerBetween(random, 0, 3); count > 0; count--) pick(random, mutations)();
}

function scimError(status: number): Fault['response'] {
	return { status, headers: { 'Retry-After': '0' }, body: { detail: 'busy' } };
}

/** A random fault on a random page; `fatal` when it outlasts the retries or cannot be retried. */
function randomFault(directory: KeeperDirectory, random: () => number): { fault: Fault; fatal: boolean } {
	const pages = Math.ceil(directory.users.size / PAGE_SIZE);
	const queryIncludes = `startIndex=${integerBetween(random, 0, pages - 1) * PAGE_SIZE + 1}&`;
	const times = integerBetween(random, 1, 6);
	const retried = (fault: Omit<Fault, 'queryIncludes' | 'times'>) => ({
		fault: { queryIncludes, times, ...fault },
		fatal: times >= 5,
	});
	const once = (fault: Omit<Fault, 'queryIncludes' | 'times'>) => ({ fault: { queryIncludes, times: 1, ...fault }, fatal: true });
	const kinds = [
		() => retried({ response: scimError(429) }),
		() => retried({ response: scimError(503) }),
		() => ({ fault: { queryIncludes, times: 1, dropConnection: true }, fatal: false }),
		() => ({ fault: { queryIncludes, times: 1, delayMs: 1_000 }, fatal: false }),
		() => once({ response: keeperListResponse(directory, 0, PAGE_SIZE, { totalResults: directory.users.size + 2 }) }),
		() => once({ response: { status: 200, body: JSON.stringify(keeperListResponse(directory, 0, PAGE_SIZE)?.body).slice(0, 120) } }),
		() => once({ response: keeperListResponse(directory, 0, PAGE_SIZE, { Resources: [] }) }),
	];
	return pick(random, kinds)();
}

describe.each<[SnapshotMode, number]>([
	['compact', 101],
	['full', 202],
])('User Directory Trigger · randomized (%s snapshot, seed %i)', (snapshotMode, seed) => {
	let sandbox: KeeperSandbox;
	let directory: KeeperDirectory;

	beforeAll(async () => {
		directory = KeeperDirectory.seeded({ users: 40, teams: 5, seed, lockedRatio: 0.15 });
		sandbox = await startKeeperSandbox({ directory, maxPageSize: PAGE_SIZE });
	});
	afterAll(async () => await sandbox.close());

	it('emits exactly the true changes, whatever the faults and restarts', async () => {
		const random = seededRandom(seed);
		const counter = { value: 0 };
		// The fields that really changed, per `userUpdated id`, of the latest expectation.
		let changedFields = new Map<string, TrackedField[]>();
		const { emitted, happened, outcomes } = await runRandomizedPolls({
			active: new ActiveTrigger(triggerNode({ options: { snapshotMode, timeout: 250 } }), {
				keeperScimApi: sandbox.credentials,
			}),
			server: sandbox.server,
			rounds: ROUNDS,
			random,
			mutate: () => mutate(directory, random, counter),
			randomFault: () => randomFault(directory, random),
			snapshot: () => copyOf(directory),
			trueChanges: (before, now) => {
				const expected = trueChanges(before, now);
				changedFields = new Map(expected.map((event) => [event.key, event.changes]));
				return expected.map((event) => event.key);
			},
			checkItems: (items) => {
				for (const item of items.filter((candidate) => candidate.event === 'userUpdated')) {
					const changes = changedFields.get(summary([item])[0]) ?? [];
					// A compact snapshot may miss a changed field's tag (1 in 64) but never invents one.
					if (snapshotMode === 'full') expect(item.changes).toEqual(changes);
					else {
						const reported = item.changes as string[];
						expect(reported.every((field) => field === 'unknown' || changes.includes(field as TrackedField))).toBe(true);
					}
				}
			},
		});

		expect(emitted).toEqual(happened);
		// The scenario really exercised what it claims to.
		expect(happened.length).toBeGreaterThan(20);
		expect(outcomes.failed).toBeGreaterThan(0);
		expect(outcomes.recovered).toBeGreaterThan(0);
		expect(outcomes.restarts).toBeGreaterThan(0);
	});
});

interface Memberships {
	teams: Map<string, string>;
	users: Map<string, Set<string>>;
}

/** The oracle for membership and group events, from the sandbox's own records. */
function trueMembershipChanges(before: Memberships, now: Memberships): string[] {
	const expected: string[] = [];
	const teamsOf = (state: Memberships, id: string) => state.users.get(id) ?? new Set<string>();
	for (const id of new Set([...before.users.keys(), ...now.users.keys()])) {
		for (const team of teamsOf(now, id)) if (!teamsOf(before, id).has(team)) expected.push(`userAddedToGroup ${id} ${team}`);
		for (const team of teamsOf(before, id)) if (!teamsOf(now, id).has(team)) expected.push(`userRemovedFromGroup ${id} ${team}`);
	}
	for (const [team, name] of now.teams) {
		if (!before.teams.has(team)) expected.push(`groupCreated ${team}`);
		else if (before.teams.get(team) !== name) expected.push(`groupUpdated ${team}`);
	}
	for (const team of before.teams.keys()) if (!now.teams.has(team)) expected.push(`groupDeleted ${team}`);
	return expected.sort();
}

function mutateTeams(directory: KeeperDirectory, random: () => number, counter: { value: number }): void {
	const teamIds = () => [...directory.teams.keys()];
	const someone = () => pick(random, directory.list());
	const mutations = [
		() => directory.setTeams(someone().id, teamIds().filter(() => random() < 0.4)),
		() => directory.setTeams(someone().id, [...someone().teamIds, pick(random, teamIds())]),
		() => directory.addUser({ teamIds: teamIds().filter(() => random() < 0.3) }),
		() => directory.users.size > 10 && directory.deleteUser(someone().id),
		() => directory.addTeam(`Team ${++counter.value}`),
		() => directory.renameTeam(pick(random, teamIds()), `Renamed ${++counter.value}`),
		() => directory.teams.size > 2 && directory.deleteTeam(pick(random, teamIds())),
	];
	for (let count = integerBetween(random, 0, 3); count > 0; count--) pick(random, mutations)();
}

describe.each<[SnapshotMode, number]>([
	['compact', 505],
	['full', 606],
])('User Directory Trigger · randomized membership and group events (%s snapshot, seed %i)', (snapshotMode, seed) => {
	let sandbox: KeeperSandbox;
	let directory: KeeperDirectory;

	beforeAll(async () => {
		directory = KeeperDirectory.seeded({ users: 30, teams: 5, seed });
		sandbox = await startKeeperSandbox({ directory, maxPageSize: PAGE_SIZE });
	});
	afterAll(async () => await sandbox.close());

	it('emits exactly the true joins, leaves and team changes, whatever the faults and restarts', async () => {
		const random = seededRandom(seed);
		const counter = { value: 0 };
		const events = ['userAddedToGroup', 'userRemovedFromGroup', 'groupCreated', 'groupUpdated', 'groupDeleted'];
		const { emitted, happened, outcomes } = await runRandomizedPolls<Memberships>({
			active: new ActiveTrigger(triggerNode({ events, options: { snapshotMode, timeout: 250 } }), { keeperScimApi: sandbox.credentials }),
			server: sandbox.server,
			rounds: ROUNDS,
			random,
			mutate: () => mutateTeams(directory, random, counter),
			// Faults hit the team list too: its pages are asked for by the same startIndex.
			randomFault: () => randomFault(directory, random),
			snapshot: () => ({
				teams: new Map([...directory.teams.values()].map((team) => [team.id, team.displayName])),
				users: new Map(directory.list().map((user) => [user.id, new Set(user.teamIds)])),
			}),
			trueChanges: trueMembershipChanges,
		});
		expect(emitted).toEqual(happened);
		const kinds = new Set(happened.map((key) => key.split(' ')[0]));
		expect([...kinds].sort()).toEqual([...events].sort());
		expect(outcomes.failed).toBeGreaterThan(0);
		expect(outcomes.recovered).toBeGreaterThan(0);
		expect(outcomes.restarts).toBeGreaterThan(0);
	});
});
