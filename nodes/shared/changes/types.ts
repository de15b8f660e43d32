import type { UnifiedUser, UserStatus } from '../domain';

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
