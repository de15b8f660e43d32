import {
	DIRECTORY_EVENTS,
	TRACKED_FIELDS,
	type ChangedField,
	type ChangeEvent,
	type DirectoryEvent,
	type RememberedUser,
	type TrackedField,
	type UnifiedUser,
	type UserStatus,
} from '../domain';

import { changedByFingerprint, fingerprintOf } from './fingerprint';
import { compactEntry, takeSnapshot } from './snapshot';
import type { CompactEntry, Fingerprint, FullEntry, Snapshot, SnapshotMode } from './types';

export interface DiffOptions {
	/** Events to return; the next snapshot covers the whole directory regardless. */
	events: readonly DirectoryEvent[];
	provider: string;
	detectedAt: string;
	/** Also report a user who first appears suspended or archived as `userSuspended`. */
	reportNewSuspendedAsSuspended?: boolean;
	/** Mode of the next snapshot; defaults to the previous snapshot's. */
	mode?: SnapshotMode;
	/**
	 * Ids of users missing from `currentUsers` whose absence the directory did not confirm: they
	 * stay in the next snapshot as they were, without an event, and are looked at again next time.
	 */
	kept?: ReadonlySet<string>;
}

export interface DiffResult {
	events: ChangeEvent[];
	next: Snapshot;
}

function sameGroupIds(before: FullEntry['groups'], now: UnifiedUser['groups']): boolean {
	const beforeIds = new Set(before.map((group) => group.id));
	const nowIds = new Set(now.map((group) => group.id));
	return beforeIds.size === nowIds.size && [...nowIds].every((id) => beforeIds.has(id));
}

function changedFields(before: FullEntry, user: UnifiedUser): TrackedField[] {
	return TRACKED_FIELDS.filter((field) =>
		field === 'groups' ? !sameGroupIds(before.groups, user.groups) : before[field] !== user[field],
	);
}

/** A compact snapshot already hashed the user; a full one did not. */
function fingerprintNow(next: Snapshot, user: UnifiedUser): Fingerprint {
	const hashed = next.mode === 'compact' ? next.users.get(user.id)?.fingerprint : undefined;
	return hashed ?? fingerprintOf(user);
}

/** Values a compact snapshot cannot recall are null: `updatedAt`, and every field that changed. */
function reconstructPrevious(
	user: UnifiedUser,
	before: CompactEntry,
	changed: ChangedField[],
	provider: string,
): RememberedUser {
	const lost = (field: TrackedField) => changed.includes(field) || changed.includes('unknown');
	return {
		id: user.id,
		provider,
		email: lost('email') ? null : user.email,
		username: lost('username') ? null : user.username,
		firstName: lost('firstName') ? null : user.firstName,
		lastName: lost('lastName') ? null : user.lastName,
		displayName: lost('displayName') ? null : user.displayName,
		status: before.status,
		groups: lost('groups') ? null : user.groups,
		externalId: lost('externalId') ? null : user.externalId,
		createdAt: user.createdAt,
		updatedAt: null,
	};
}

/** A user no longer listed, as far as the snapshot remembers them. */
function recallDeleted(
	id: string,
	before: CompactEntry | FullEntry,
	provider: string,
): RememberedUser {
	if (!('fingerprint' in before)) return { id, provider, ...before };
	return {
		id,
		provider,
		email: null,
		username: null,
		firstName: null,
		lastName: null,
		displayName: null,
		status: before.status,
		groups: null,
		externalId: null,
		createdAt: null,
		updatedAt: null,
	};
}

/** Puts a previous entry, unchanged, into the next snapshot (full → compact by fingerprinting). */
function carryOver(next: Snapshot, id: string, before: CompactEntry | FullEntry, provider: string): void {
	if (next.mode === 'full') next.users.set(id, before as FullEntry);
	else next.users.set(id, 'fingerprint' in before ? before : compactEntry({ id, provider, ...before }));
}

function statusEvent(before: UserStatus, now: UserStatus): DirectoryEvent | null {
	if (before === now) return null;
	if (before === 'active') return 'userSuspended';
	if (now === 'active') return 'userReactivated';
	// Between suspended and archived: the user stays inactive, only the kind of inactivity changed.
	return 'userUpdated';
}

function byEventThenId(first: ChangeEvent, second: ChangeEvent): number {
	const byEvent = DIRECTORY_EVENTS.indexOf(first.event) - DIRECTORY_EVENTS.indexOf(second.event);
	if (byEvent !== 0) return byEvent;
	if (first.user.id === second.user.id) return 0;
	return first.user.id < second.user.id ? -1 : 1;
}

/**
 * Compares the directory now with the previous snapshot. Throws, before reporting anything, when
 * `currentUsers` holds an id twice.
 */
export function diffSnapshot(
	previous: Snapshot,
	currentUsers: readonly UnifiedUser[],
	options: DiffOptions,
): DiffResult {
	const kept = options.kept ?? new Set<string>();
	// A compact entry cannot become a full one: a switch to full waits until nothing is kept.
	const mode = kept.size > 0 && previous.mode === 'compact' ? 'compact' : (options.mode ?? previous.mode);
	const next = takeSnapshot(currentUsers, mode);
	const wanted = new Set(options.events);
	const events: ChangeEvent[] = [];
	const emit = (
		event: DirectoryEvent,
		user: RememberedUser,
		previousUser: RememberedUser | null,
		changes: ChangedField[],
	) => {
		if (!wanted.has(event)) return;
		events.push({
			event,
			provider: options.provider,
			user,
			previous: previousUser,
			changes,
			detectedAt: options.detectedAt,
		});
	};

	for (const user of currentUsers) {
		const before = previous.users.get(user.id);
		if (before === undefined) {
			emit('userCreated', user, null, []);
			if (options.reportNewSuspendedAsSuspended && user.status !== 'active') {
				emit('userSuspended', user, null, []);
			}
			continue;
		}
		const changed: ChangedField[] =
			'fingerprint' in before
				? changedByFingerprint(before.fingerprint, fingerprintNow(next, user))
				: changedFields(before, user);
		const statusChange = statusEvent(before.status, user.status);
		if (statusChange === null && changed.length === 0) continue;

		const previousUser =
			'fingerprint' in before
				? reconstructPrevious(user, before, changed, options.provider)
				: { id: user.id, provider: options.provider, ...before };
		if (statusChange === 'userUpdated') {
			emit('userUpdated', user, previousUser, [...changed, 'status']);
			continue;
		}
		if (statusChange !== null) emit(statusChange, user, previousUser, ['status']);
		if (changed.length > 0) emit('userUpdated', user, previousUser, changed);
	}

	for (const [id, before] of previous.users) {
		if (next.users.has(id)) continue;
		if (kept.has(id)) {
			carryOver(next, id, before, options.provider);
			continue;
		}
		const remembered = recallDeleted(id, before, options.provider);
		emit('userDeleted', remembered, remembered, []);
	}

	events.sort(byEventThenId);
	return { events, next };
}
