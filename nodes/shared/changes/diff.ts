import {
	DIRECTORY_EVENTS,
	type ChangedField,
	type ChangeEvent,
	type DirectoryEvent,
	type RememberedUser,
	type UnifiedUser,
	type UserStatus,
} from '../domain';

import { fingerprintOf } from './fingerprint';
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
	/** Ids of the previous snapshot that no `add` has listed (yet). */
	missing(): string[];
	/** The events and the next snapshot; throws, before reporting anything, when an id was listed twice. */
	finish(kept?: ReadonlySet<string>): DiffResult;
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
	const emit = (event: DirectoryEvent, user: RememberedUser, previousUser: RememberedUser | null, changes: ChangedField[]) => {
		if (!wanted.has(event)) return;
		events.push({ event, provider: options.provider, user, previous: previousUser, changes, detectedAt: options.detectedAt });
	};

	const compare = (user: UnifiedUser, position: number, fingerprint: ReturnType<typeof fingerprintOf> | undefined) => {
		const changed = before.changes(position, user, fingerprint);
		const statusChange = statusEvent(before.statusAt(position), user.status);
		if (statusChange === null && changed.length === 0) return;
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
					continue;
				}
				seen[position] = 1;
				if (wanted.size > 0) compare(user, position, fingerprint);
			}
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
			}
			let target: SnapshotBuilder = builder;
			// A compact entry cannot become a full one: a switch to full waits until nothing is kept.
			if (carried.length > 0 && before.mode === 'compact' && mode === 'full') {
				const listed = builder.finish();
				target = strategyFor('compact').builder();
				for (let position = 0; position < listed.size; position++) target.carry(listed, position, options.provider);
			}
			for (const position of carried) target.carry(before, position, options.provider);
			const snapshot = target.finish();
			events.sort(byEventThenId);
			return { events, next: snapshot };
		},
	};
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
