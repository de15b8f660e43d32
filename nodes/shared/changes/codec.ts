import type { GroupRef, UserStatus } from '../domain';

import { BitReader, BitWriter, bitLength } from './bits';
import { DIGEST_BITS, FIELD_TAGS_BITS } from './fingerprint';
import type { CompactEntry, FullEntry, Snapshot, StoredSnapshot, StoredUser } from './types';

/*
 * Compact format, version 1. Users are ordered by id: ids that are plain safe integers
 * first, ascending, then the other ids as sorted in `textIds`. The bit stream holds:
 *   - when there are integer ids: the Exp-Golomb order (6 bits), the first id (53 bits), then
 *     each following id as its gap to the one before minus one, Exp-Golomb coded — about
 *     5 bits for ids a few numbers apart;
 *   - per user: status (0 active, 10 suspended, 11 archived), digest, field tags.
 */
const FORMAT_VERSION = 1;
const ORDER_BITS = 6;
const ID_BITS = 53;
const PLAIN_INTEGER = /^(?:0|[1-9][0-9]{0,15})$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const STATUSES: readonly UserStatus[] = ['active', 'suspended', 'archived'];

/** Ids are unique within a snapshot, so two entries never tie. */
function byId<Entry>(first: [string, Entry], second: [string, Entry]): number {
	return first[0] < second[0] ? -1 : 1;
}

function isPlainInteger(id: string): boolean {
	return PLAIN_INTEGER.test(id) && Number(id) <= Number.MAX_SAFE_INTEGER;
}

function corrupt(detail: string): Error {
	return new Error(`The stored user snapshot is corrupt: ${detail}`);
}

function writeStatus(writer: BitWriter, status: UserStatus): void {
	if (status === 'active') writer.write(0, 1);
	else writer.write(status === 'suspended' ? 0b10 : 0b11, 2);
}

function readStatus(reader: BitReader): UserStatus {
	if (reader.read(1) === 0) return 'active';
	return reader.read(1) === 0 ? 'suspended' : 'archived';
}

function writeIntegerIds(writer: BitWriter, ids: number[]): void {
	if (ids.length === 0) return;
	const gaps = Math.max(1, ids.length - 1);
	const meanGapBeyondOne = (ids[ids.length - 1] - ids[0] - (ids.length - 1)) / gaps;
	// Near-optimal for gaps of similar size; any gap still fits, only longer.
	const order = Math.min(ID_BITS - 1, Math.max(0, bitLength(Math.floor(meanGapBeyondOne)) - 1));
	writer.write(order, ORDER_BITS);
	writer.write(ids[0], ID_BITS);
	for (let index = 1; index < ids.length; index++) {
		writer.writeExpGolomb(ids[index] - ids[index - 1] - 1, order);
	}
}

function readIntegerIds(reader: BitReader, count: number): string[] {
	if (count === 0) return [];
	const order = reader.read(ORDER_BITS);
	let id = reader.read(ID_BITS);
	const ids = [id];
	for (let index = 1; index < count; index++) {
		id += reader.readExpGolomb(order) + 1;
		ids.push(id);
	}
	if (id > Number.MAX_SAFE_INTEGER) throw corrupt('an integer id is out of range');
	return ids.map(String);
}

function encodeCompact(users: Map<string, CompactEntry>): StoredSnapshot {
	const integerEntries: Array<[number, CompactEntry]> = [];
	const textEntries: Array<[string, CompactEntry]> = [];
	for (const [id, entry] of users) {
		if (isPlainInteger(id)) integerEntries.push([Number(id), entry]);
		else textEntries.push([id, entry]);
	}
	integerEntries.sort((first, second) => first[0] - second[0]);
	textEntries.sort(byId);

	const writer = new BitWriter(users.size * 12);
	writeIntegerIds(writer, integerEntries.map(([id]) => id));
	for (const [, entry] of [...integerEntries, ...textEntries]) {
		writeStatus(writer, entry.status);
		writer.write(entry.fingerprint.digest, DIGEST_BITS);
		writer.write(entry.fingerprint.fieldTags, FIELD_TAGS_BITS);
	}
	return {
		version: FORMAT_VERSION,
		mode: 'compact',
		userCount: users.size,
		textIds: textEntries.map(([id]) => id),
		data: Buffer.from(writer.finish()).toString('base64'),
	};
}

function readTextIds(value: unknown, userCount: number): string[] {
	if (!Array.isArray(value) || value.length > userCount) throw corrupt('bad text ids');
	value.forEach((id: unknown, index) => {
		if (typeof id !== 'string' || isPlainInteger(id) || (index > 0 && !(value[index - 1] < id))) {
			throw corrupt('text ids are not sorted, distinct strings');
		}
	});
	return value;
}

function decodeCompact(stored: Record<string, unknown>): Snapshot {
	const { userCount, data } = stored;
	if (typeof userCount !== 'number' || !Number.isSafeInteger(userCount) || userCount < 0) {
		throw corrupt('bad user count');
	}
	const textIds = readTextIds(stored.textIds, userCount);
	if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data)) {
		throw corrupt('data is not base64');
	}

	const reader = new BitReader(Buffer.from(data, 'base64'), () =>
		corrupt('data does not match the user count'),
	);
	const ids = [...readIntegerIds(reader, userCount - textIds.length), ...textIds];
	const users = new Map<string, CompactEntry>();
	for (const id of ids) {
		const status = readStatus(reader);
		const digest = reader.read(DIGEST_BITS);
		const fieldTags = reader.read(FIELD_TAGS_BITS);
		users.set(id, { status, fingerprint: { digest, fieldTags } });
	}
	if (!reader.atPaddedEnd()) throw corrupt('data is longer than the user count needs');
	return { mode: 'compact', users };
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
	const [
		id,
		status,
		email,
		username,
		firstName,
		lastName,
		displayName,
		externalId,
		groups,
		createdAt,
		updatedAt,
	] = value as unknown[];
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

function decodeFull(stored: Record<string, unknown>): Snapshot {
	if (!Array.isArray(stored.users)) throw corrupt('users is not a list');
	const users = new Map(stored.users.map(fromStoredUser));
	if (users.size !== stored.users.length) throw corrupt('a user id appears twice');
	return { mode: 'full', users };
}

/** A plain JSON value for n8n static data; survives JSON.stringify and JSON.parse unchanged. */
export function encodeSnapshot(snapshot: Snapshot): StoredSnapshot {
	if (snapshot.mode === 'compact') return encodeCompact(snapshot.users);
	return {
		version: FORMAT_VERSION,
		mode: 'full',
		users: [...snapshot.users].sort(byId).map(([id, entry]) => toStoredUser(id, entry)),
	};
}

/** Throws an Error saying what is wrong when `stored` is not a snapshot this version can read. */
export function decodeSnapshot(stored: unknown): Snapshot {
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
		throw corrupt('it is not an object');
	}
	const value = stored as Record<string, unknown>;
	if (value.version !== FORMAT_VERSION) {
		throw new Error(
			`The stored user snapshot has format version ${JSON.stringify(value.version)}; ` +
				`this node reads version ${FORMAT_VERSION}`,
		);
	}
	if (value.mode === 'compact') return decodeCompact(value);
	if (value.mode === 'full') return decodeFull(value);
	throw corrupt(`unknown mode ${JSON.stringify(value.mode)}`);
}
