import type { UnifiedUser } from '../domain';

import { fingerprintOf } from './fingerprint';
import type { CompactEntry, FullEntry, Snapshot, SnapshotMode } from './types';

function fullEntry(user: UnifiedUser): FullEntry {
	return {
		email: user.email,
		username: user.username,
		firstName: user.firstName,
		lastName: user.lastName,
		displayName: user.displayName,
		status: user.status,
		groups: user.groups.map((group) => ({ id: group.id, name: group.name })),
		externalId: user.externalId,
		createdAt: user.createdAt,
		updatedAt: user.updatedAt,
	};
}

export function compactEntry(user: UnifiedUser): CompactEntry {
	return { status: user.status, fingerprint: fingerprintOf(user) };
}

function byUniqueId<Entry>(
	users: readonly UnifiedUser[],
	remember: (user: UnifiedUser) => Entry,
): Map<string, Entry> {
	const entries = new Map<string, Entry>();
	for (const user of users) {
		if (entries.has(user.id)) {
			throw new Error(
				`The directory listing holds user id "${user.id}" twice, so it is inconsistent; ` +
					'no snapshot was taken',
			);
		}
		entries.set(user.id, remember(user));
	}
	return entries;
}

/** Throws when an id appears twice: a listing that changed while it was paged must not be saved. */
export function takeSnapshot(
	users: readonly UnifiedUser[],
	mode: SnapshotMode = 'compact',
): Snapshot {
	return mode === 'compact'
		? { mode, users: byUniqueId(users, compactEntry) }
		: { mode, users: byUniqueId(users, fullEntry) };
}
