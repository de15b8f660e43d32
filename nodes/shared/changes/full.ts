import {
	TRACKED_FIELDS,
	type ChangedField,
	type GroupRef,
	type RememberedUser,
	type TrackedField,
	type UnifiedUser,
	type UserStatus,
} from '../domain';

import { decodeGroupTable, GroupTable, GroupTableBuilder, groupIdSet } from './groups';
import { corrupt, duplicateId, STATUSES } from './table';
import type { FullEntry, Snapshot, SnapshotBuilder, SnapshotStrategy, StoredSnapshot, StoredUser } from './types';

/** Every field per user, so `previous` and deleted users are exact. Ids sorted as text. */
export class FullSnapshot implements Snapshot {
	readonly mode = 'full';
	readonly keepsGroups = true;
	private index: Map<string, number> | undefined;

	constructor(
		readonly ids: readonly string[],
		readonly entries: readonly FullEntry[],
		readonly groups: GroupTable,
	) {}

	get size(): number {
		return this.ids.length;
	}

	find(id: string): number {
		this.index ??= new Map(this.ids.map((known, position) => [known, position]));
		return this.index.get(id) ?? -1;
	}

	idAt(position: number): string {
		return this.ids[position];
	}

	statusAt(position: number): UserStatus {
		return this.entries[position].status;
	}

	groupsAt(position: number): GroupRef[] {
		return this.entries[position].groups;
	}

	changes(position: number, user: UnifiedUser): ChangedField[] {
		const before = this.entries[position];
		return TRACKED_FIELDS.filter((field: TrackedField) =>
			field === 'groups' ? !sameGroupIds(before.groups, user.groups) : before[field] !== user[field],
		);
	}

	recall(position: number, provider: string): RememberedUser {
		return { id: this.ids[position], provider, ...this.entries[position] };
	}
}

function sameGroupIds(before: readonly GroupRef[], now: readonly GroupRef[]): boolean {
	const [beforeIds, nowIds] = [groupIdSet(before), groupIdSet(now)];
	return beforeIds.length === nowIds.length && nowIds.every((id, index) => beforeIds[index] === id);
}

function fullEntry(user: Omit<UnifiedUser, 'id' | 'provider'>): FullEntry {
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

function byId<Entry>(first: [string, Entry], second: [string, Entry]): number {
	return first[0] < second[0] ? -1 : 1;
}

function sortedSnapshot(users: Map<string, FullEntry>, groups: GroupTable): FullSnapshot {
	const sorted = [...users].sort(byId);
	return new FullSnapshot(
		sorted.map(([id]) => id),
		sorted.map(([, entry]) => entry),
		groups,
	);
}

/** The groups the users are in, and the directory's whole list when it was read. */
function groupTableOf(entries: Iterable<FullEntry>, listed?: readonly GroupRef[]): GroupTable {
	const table = new GroupTableBuilder();
	if (listed) table.list(listed);
	for (const entry of entries) for (const group of entry.groups) table.reference(group);
	return table.finish().table;
}

class FullBuilder implements SnapshotBuilder {
	private readonly users = new Map<string, FullEntry>();
	private listed: readonly GroupRef[] | undefined;

	add(user: UnifiedUser): void {
		if (this.users.has(user.id)) throw duplicateId(user.id);
		this.users.set(user.id, fullEntry(user));
	}

	/** Only from a full snapshot: a compact one does not remember enough (see openDiff). */
	carry(previous: Snapshot, position: number): void {
		if (!(previous instanceof FullSnapshot)) throw new Error('A compact snapshot cannot be carried into a full one');
		this.users.set(previous.idAt(position), previous.entries[position]);
	}

	listGroups(groups: readonly GroupRef[]): void {
		this.listed = groups;
	}

	finish(): FullSnapshot {
		return sortedSnapshot(this.users, groupTableOf(this.users.values(), this.listed));
	}
}

function toStoredUser(id: string, entry: FullEntry): StoredUser {
	return [
		id,
		entry.status,
		entry.email,
		entry.username,
		entry.firstName,
		entry.lastName,
		entry.displayName,
		entry.externalId,
		entry.groups.map((group): [string, string | null] => [group.id, group.name]),
		entry.createdAt,
		entry.updatedAt,
	];
}

function nullableString(value: unknown): string | null {
	if (value === null || typeof value === 'string') return value;
	throw corrupt('a user field is neither text nor null');
}

function groupRef(value: unknown): GroupRef {
	if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') {
		throw corrupt('a group is not an [id, name] pair');
	}
	return { id: value[0], name: nullableString(value[1]) };
}

function fromStoredUser(value: unknown): [string, FullEntry] {
	if (!Array.isArray(value) || value.length !== 11) throw corrupt('a user is not an 11-item array');
	const [id, status, email, username, firstName, lastName, displayName, externalId, groups, createdAt, updatedAt] =
		value as unknown[];
	if (typeof id !== 'string') throw corrupt('a user id is not text');
	if (!STATUSES.includes(status as UserStatus)) throw corrupt(`user ${id} has an unknown status`);
	if (!Array.isArray(groups)) throw corrupt(`the groups of user ${id} are not a list`);
	return [
		id,
		{
			email: nullableString(email),
			username: nullableString(username),
			firstName: nullableString(firstName),
			lastName: nullableString(lastName),
			displayName: nullableString(displayName),
			status: status as UserStatus,
			groups: groups.map(groupRef),
			externalId: nullableString(externalId),
			createdAt: nullableString(createdAt),
			updatedAt: nullableString(updatedAt),
		},
	];
}

function decodeFull(stored: Record<string, unknown>): FullSnapshot {
	if (!Array.isArray(stored.users)) throw corrupt('users is not a list');
	const users = new Map(stored.users.map(fromStoredUser));
	if (users.size !== stored.users.length) throw corrupt('a user id appears twice');
	// Older states kept no table: the users' groups make it up, not listed.
	const table = stored.groups === undefined ? undefined : decodeGroupTable(stored.groups, stored.groupsListed);
	const listed = table?.listed ? table.ids.map((_, position) => table.refAt(position)) : undefined;
	return sortedSnapshot(users, groupTableOf(users.values(), listed));
}

/** The users, and the listed groups (the users' groups are in the users). */
function encodeFull(snapshot: FullSnapshot): StoredSnapshot {
	const { groups } = snapshot;
	return {
		mode: 'full',
		users: snapshot.ids.map((id, position) => toStoredUser(id, snapshot.entries[position])),
		groups: groups.listed ? groups.encode() : [],
		groupsListed: groups.listed,
	};
}

export const fullStrategy: SnapshotStrategy<FullSnapshot> = {
	mode: 'full',
	fingerprints: false,
	builder: () => new FullBuilder(),
	codec: { encode: encodeFull, decode: decodeFull },
};
