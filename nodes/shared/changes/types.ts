import type { UnifiedUser, UserStatus } from '../providers/types';

/** In the order events are returned. */
export const DIRECTORY_EVENTS = [
	'userCreated',
	'userSuspended',
	'userReactivated',
	'userDeleted',
	'userUpdated',
] as const;

export type DirectoryEvent = (typeof DIRECTORY_EVENTS)[number];

/** Fields whose change is a `userUpdated`; groups compare as a set of ids, text exactly. */
export const TRACKED_FIELDS = [
	'email',
	'username',
	'firstName',
	'lastName',
	'displayName',
	'externalId',
	'groups',
] as const;

export type TrackedField = (typeof TRACKED_FIELDS)[number];

/** `unknown`: a compact snapshot saw a tracked field change but could not tell which one. */
export type ChangedField = TrackedField | 'status' | 'unknown';

/** A user as a snapshot remembers it: whatever a compact snapshot could not keep is null. */
export type RememberedUser = Omit<UnifiedUser, 'groups'> & { groups: UnifiedUser['groups'] | null };

export type ChangeEvent = {
	event: DirectoryEvent;
	provider: string;
	/** The user now; for `userDeleted`, the user as last seen (same object as `previous`). */
	user: RememberedUser;
	/** The user as last seen; null for a user seen for the first time. */
	previous: RememberedUser | null;
	/** Fields that differ from `previous`, in TRACKED_FIELDS order, then `status`; else empty. */
	changes: ChangedField[];
	detectedAt: string;
}

export type SnapshotMode = 'compact' | 'full';

/** Hashes of the tracked fields: a 40-bit digest of all of them, and a few bits per field. */
export interface Fingerprint {
	digest: number;
	fieldTags: number;
}

export interface CompactEntry {
	status: UserStatus;
	fingerprint: Fingerprint;
}

/** Everything but id (the key) and provider (the caller's). */
export type FullEntry = Omit<UnifiedUser, 'id' | 'provider'>;

/** Compact snapshots keep status and fingerprint per user, full ones every field. */
export type Snapshot =
	| { mode: 'compact'; users: Map<string, CompactEntry> }
	| { mode: 'full'; users: Map<string, FullEntry> };

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
	| {
			version: 1;
			mode: 'compact';
			userCount: number;
			/** Ids that are not plain safe integers, sorted; in `data` after the integer ones. */
			textIds: string[];
			/** Base64 of the bit stream described in codec.ts. */
			data: string;
	  }
	| { version: 1; mode: 'full'; users: StoredUser[] };
