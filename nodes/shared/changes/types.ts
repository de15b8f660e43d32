import type { ChangedField, GroupRef, RememberedUser, UnifiedUser, UserStatus } from '../domain';

import type { GroupTable, StoredGroup } from './groups';

export type SnapshotMode = 'compact' | 'full';

/** Hashes of the tracked fields: a 40-bit digest of all of them, and a few bits per field. */
export interface Fingerprint {
	digest: number;
	fieldTags: number;
}

/** Everything but id (the key) and provider (the caller's). */
export type FullEntry = Omit<UnifiedUser, 'id' | 'provider'>;

/**
 * The directory as a previous run saw it: users at positions 0 .. size - 1, in id order. Each
 * mode remembers (what it keeps per user), compares (how it tells what changed) and recalls
 * (what it can say about a user as last seen) in its own way.
 */
export interface Snapshot {
	readonly mode: SnapshotMode;
	readonly size: number;
	/** The groups this snapshot knows (see GroupTable). */
	readonly groups: GroupTable;
	/** Whether it kept every user's groups (`groupsAt` is never null). */
	readonly keepsGroups: boolean;
	/** Position of the user with this id; -1 when the snapshot does not hold it. */
	find(id: string): number;
	idAt(position: number): string;
	statusAt(position: number): UserStatus;
	/** The groups of the user at `position` as last seen; null when the snapshot did not keep them (states saved before memberships were). */
	groupsAt(position: number): GroupRef[] | null;
	/** Tracked fields that differ between the user at `position` and `user` (whose fingerprint is given when computed). */
	changes(position: number, user: UnifiedUser, fingerprint?: Fingerprint): ChangedField[];
	/**
	 * The user at `position` as last seen: alone for a deleted user, or beside the user `now`
	 * and what changed (a compact snapshot takes the unchanged fields from there).
	 */
	recall(position: number, provider: string, now?: { user: UnifiedUser; changed: readonly ChangedField[] }): RememberedUser;
}

/** Collects the next snapshot user by user, in any order. */
export interface SnapshotBuilder {
	/** `fingerprint`: the user's, when already computed. */
	add(user: UnifiedUser, fingerprint?: Fingerprint): void;
	/** The directory's whole group list (once, when it was read). */
	listGroups(groups: readonly GroupRef[]): void;
	/** Puts a user of a previous snapshot in unchanged. */
	carry(previous: Snapshot, position: number, provider: string): void;
	/** Throws when an id was added twice. */
	finish(): Snapshot;
}

/** Turns a value into plain JSON for n8n static data and back; `decode` throws an Error naming what is wrong. */
export interface StateCodec<Value, Stored> {
	encode(value: Value): Stored;
	decode(stored: Record<string, unknown>): Value;
}

/** One snapshot mode: what the next snapshot is built with and how it is stored. */
export interface SnapshotStrategy<Kind extends Snapshot> {
	readonly mode: SnapshotMode;
	/** Whether the builder keeps fingerprints (so they are worth computing once per user). */
	readonly fingerprints: boolean;
	builder(): SnapshotBuilder;
	readonly codec: StateCodec<Kind, StoredSnapshot>;
}

/** A full snapshot's user: a tuple, to keep static data small. */
export type StoredUser = [
	id: string,
	status: UserStatus,
	email: string | null,
	username: string | null,
	firstName: string | null,
	lastName: string | null,
	displayName: string | null,
	externalId: string | null,
	groups: Array<[id: string, name: string | null]>,
	createdAt: string | null,
	updatedAt: string | null,
];

/** Type aliases, not interfaces, so that a value can be put in n8n static data (IDataObject). */
export type StoredSnapshot =
	| ({
			mode: 'compact';
			userCount: number;
			/** Ids that are not plain safe integers, sorted; in `data` after the integer ones. */
			textIds: string[];
			/** Base64 of the bit stream described in compact.ts. */
			data: string;
	  } & StoredGroups)
	| ({ mode: 'full'; users: StoredUser[] } & StoredGroups);

/** Absent from states saved before memberships were kept. */
export type StoredGroups = { groups?: StoredGroup[]; groupsListed?: boolean };
