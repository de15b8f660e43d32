import {
	DIRECTORY_EVENTS,
	type ChangedField,
	type ChangeEvent,
	type DirectoryEvent,
	type GroupChangeEvent,
	type GroupRef,
	type MembershipChangeEvent,
	type RememberedUser,
	type UnifiedUser,
	type UserEventName,
	type UserStatus,
} from '../domain';

import { fingerprintOf } from './fingerprint';
import type { GroupTable } from './groups';
import { strategyFor } from './strategies';
import type { Snapshot, SnapshotBuilder, SnapshotMode } from './types';

export interface DiffOptions {
	/** Events to return; the next snapshot covers the whole directory regardless. */
	events: readonly DirectoryEvent[];
	provider: string;
	detectedAt: string;
	/** Also report a user who first appears suspended or archived as `userSuspended`. */
	reportNewSuspendedAsSuspended?: boolean;
	/** Mode of the next snapshot; defaults to the previous snapshot's, or compact. */
	mode?: SnapshotMode;
	/**
	 * Ids of users missing from the listing whose absence the directory did not confirm: they
	 * stay in the next snapshot as they were, without an event, and are looked at again next time.
	 */
	kept?: ReadonlySet<string>;
}

export interface DiffResult {
	events: ChangeEvent[];
	next: Snapshot;
}

/** A comparison fed page by page; nothing in it is final until `finish`. */
export interface Diff {
	/** Users of the directory now, in any order and any number of calls. */
	add(users: readonly UnifiedUser[]): void;
	/** The directory's whole group list, once; without it there are no group events. */
	listGroups(groups: readonly GroupRef[]): void;
	/** Ids of the previous snapshot that no `add` has listed (yet). */
	missing(): string[];
	/** The events and the next snapshot; throws, before reporting anything, when an id was listed twice. */
	finish(kept?: ReadonlySet<string>): DiffResult;
}

function statusEvent(before: UserStatus, now: UserStatus): UserEventName | null {
	if (before === now) return null;
	if (before === 'active') return 'userSuspended';
	if (now === 'active') return 'userReactivated';
	// Between suspended and archived: the user stays inactive, only the kind of inactivity changed.
	return 'userUpdated';
}

/** User id, then group id: what orders events of one kind. */
function sortKey(event: ChangeEvent): string {
	if (!('user' in event)) return event.group.id;
	return 'group' in event ? `${event.user.id}\u0000${event.group.id}` : event.user.id;
}

function byEventThenId(first: ChangeEvent, second: ChangeEvent): number {
	const byEvent = DIRECTORY_EVENTS.indexOf(first.event) - DIRECTORY_EVENTS.indexOf(second.event);
	if (byEvent !== 0) return byEvent;
	const [firstKey, secondKey] = [sortKey(first), sortKey(second)];
	if (firstKey === secondKey) return 0;
	return firstKey < secondKey ? -1 : 1;
}

/** Groups that appeared, were renamed or went away between two listed tables. */
function groupChanges(before: GroupTable, now: GroupTable): Array<Pick<GroupChangeEvent, 'event' | 'group' | 'previous'>> {
	const changes: Array<Pick<GroupChangeEvent, 'event' | 'group' | 'previous'>> = [];
	for (let position = 0; position < now.size; position++) {
		const group = now.refAt(position);
		const at = before.find(group.id);
		if (at < 0) changes.push({ event: 'groupCreated', group, previous: null });
		else if (before.names[at] !== group.name) changes.push({ event: 'groupUpdated', group, previous: before.refAt(at) });
	}
	for (let position = 0; position < before.size; position++) {
		const group = before.refAt(position);
		if (now.find(group.id) < 0) changes.push({ event: 'groupDeleted', group, previous: group });
	}
	return changes;
}

/**
 * Starts comparing the directory now with `previous` (none: every user is new). Per user only
 * the next snapshot's entry is kept, and a full user object only for an event, so the listing
 * can be fed page by page as it arrives.
 */
export function openDiff(previous: Snapshot | undefined, options: DiffOptions): Diff {
	const mode = options.mode ?? previous?.mode ?? 'compact';
	const before = previous ?? strategyFor(mode).builder().finish();
	const next = strategyFor(mode);
	const builder = next.builder();
	const seen = new Uint8Array(before.size);
	const wanted = new Set(options.events);
	const fingerprints = next.fingerprints || before.mode === 'compact';
	const events: ChangeEvent[] = [];
	const emit = (event: UserEventName, user: RememberedUser, previousUser: RememberedUser | null, changes: ChangedField[]) => {
		if (!wanted.has(event)) return;
		events.push({ event, provider: options.provider, user, previous: previousUser, changes, detectedAt: options.detectedAt });
	};
	// Membership events need the groups of every user as last seen; states saved before they were kept have none.
	const memberships = (wanted.has('userAddedToGroup') || wanted.has('userRemovedFromGroup')) && before.keepsGroups;
	const membershipEvents: MembershipChangeEvent[] = [];
	const emitMemberships = (user: RememberedUser, beforeGroups: readonly GroupRef[], nowGroups: readonly GroupRef[]) => {
		const beforeIds = new Set(beforeGroups.map((group) => group.id));
		const nowIds = new Set(nowGroups.map((group) => group.id));
		const push = (event: MembershipChangeEvent['event'], group: GroupRef) => {
			if (!wanted.has(event)) return;
			membershipEvents.push({ event, provider: options.provider, user, group: { id: group.id, name: group.name }, detectedAt: options.detectedAt });
		};
		for (const group of distinct(nowGroups)) if (!beforeIds.has(group.id)) push('userAddedToGroup', group);
		for (const group of distinct(beforeGroups)) if (!nowIds.has(group.id)) push('userRemovedFromGroup', group);
	};
	let listedGroups: readonly GroupRef[] | undefined;

	const compare = (user: UnifiedUser, position: number, fingerprint: ReturnType<typeof fingerprintOf> | undefined) => {
		const changed = before.changes(position, user, fingerprint);
		const statusChange = statusEvent(before.statusAt(position), user.status);
		if (statusChange === null && changed.length === 0) return;
		if (memberships && changed.includes('groups')) emitMemberships(user, before.groupsAt(position) ?? [], user.groups);
		const previousUser = before.recall(position, options.provider, { user, changed });
		if (statusChange === 'userUpdated') {
			emit('userUpdated', user, previousUser, [...changed, 'status']);
			return;
		}
		if (statusChange !== null) emit(statusChange, user, previousUser, ['status']);
		if (changed.length > 0) emit('userUpdated', user, previousUser, changed);
	};

	const unseen = (): number[] => {
		const positions: number[] = [];
		for (let position = 0; position < seen.length; position++) if (seen[position] === 0) positions.push(position);
		return positions;
	};

	return {
		add(users) {
			for (const user of users) {
				const fingerprint = fingerprints ? fingerprintOf(user) : undefined;
				builder.add(user, fingerprint);
				const position = before.find(user.id);
				if (position < 0) {
					emit('userCreated', user, null, []);
					if (options.reportNewSuspendedAsSuspended && user.status !== 'active') emit('userSuspended', user, null, []);
					if (memberships) emitMemberships(user, [], user.groups);
					continue;
				}
				seen[position] = 1;
				if (wanted.size > 0) compare(user, position, fingerprint);
			}
		},
		listGroups(groups) {
			listedGroups = groups;
			builder.listGroups(groups);
		},
		missing: () => unseen().map((position) => before.idAt(position)),
		finish(kept = new Set<string>()) {
			const carried: number[] = [];
			for (const position of unseen()) {
				if (kept.has(before.idAt(position))) {
					carried.push(position);
					continue;
				}
				const remembered = before.recall(position, options.provider);
				emit('userDeleted', remembered, remembered, []);
				if (memberships) emitMemberships(remembered, before.groupsAt(position) ?? [], []);
			}
			let target: SnapshotBuilder = builder;
			// A compact entry cannot become a full one: a switch to full waits until nothing is kept.
			if (carried.length > 0 && before.mode === 'compact' && mode === 'full') {
				const listed = builder.finish();
				target = strategyFor('compact').builder();
				if (listedGroups) target.listGroups(listedGroups);
				for (let position = 0; position < listed.size; position++) target.carry(listed, position, options.provider);
			}
			for (const position of carried) target.carry(before, position, options.provider);
			const snapshot = target.finish();
			// Names as the directory has them now; a group that went away keeps its last one.
			const nameOf = (group: GroupRef) => snapshot.groups.nameOf(group.id) ?? before.groups.nameOf(group.id) ?? group.name;
			for (const event of membershipEvents) events.push({ ...event, group: { id: event.group.id, name: nameOf(event.group) } });
			// Only between two listings: a table made of users' groups does not know the empty ones.
			if (before.groups.listed && snapshot.groups.listed) {
				for (const change of groupChanges(before.groups, snapshot.groups)) {
					if (wanted.has(change.event)) events.push({ ...change, provider: options.provider, detectedAt: options.detectedAt });
				}
			}
			events.sort(byEventThenId);
			return { events, next: snapshot };
		},
	};
}

function distinct(groups: readonly GroupRef[]): GroupRef[] {
	return [...new Map(groups.map((group) => [group.id, group])).values()];
}

/** Compares the whole directory now with the previous snapshot, in one call. */
export function diffSnapshot(previous: Snapshot, currentUsers: readonly UnifiedUser[], options: DiffOptions): DiffResult {
	const diff = openDiff(previous, options);
	diff.add(currentUsers);
	return diff.finish(options.kept);
}

/** First run: the directory as a snapshot, without events. Throws when an id appears twice. */
export function takeSnapshot(users: readonly UnifiedUser[], mode: SnapshotMode = 'compact'): Snapshot {
	return diffSnapshot(strategyFor(mode).builder().finish(), users, { events: [], provider: '', detectedAt: '', mode }).next;
}
