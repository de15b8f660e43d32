import type { ChangedField, GroupRef, RememberedUser, TrackedField, UnifiedUser, UserStatus } from '../domain';

import { BitReader, BitWriter, bitLength } from './bits';
import { changedByFingerprint, DIGEST_BITS, FIELD_TAGS_BITS, fingerprintOf } from './fingerprint';
import { decodeGroupTable, groupIdSet, GroupTable, GroupTableBuilder, NO_GROUPS } from './groups';
import { corrupt, duplicateId, Growable, integerKey, isPlainInteger, lowerBound, STATUSES } from './table';
import type { Fingerprint, Snapshot, SnapshotBuilder, SnapshotStrategy, StoredSnapshot } from './types';

/*
 * Compact snapshot: per user only the id, the status and a fingerprint, held in typed arrays in
 * id order — integer ids (the common case) ascending, then the other ids sorted as text — so that a
 * lookup is a binary search and 100,000 users take about 2.5 MB in memory.
 *
 * Stored form: the bit stream holds
 *   - when there are integer ids: the Exp-Golomb order (6 bits), the first id (53 bits), then
 *     each following id as its gap to the one before minus one, Exp-Golomb coded — about
 *     5 bits for ids a few numbers apart;
 *   - when `groups` is stored: the most common number of groups a user is in (6 bits);
 *   - per user: status (0 active, 10 suspended, 11 archived), digest, field tags, then (when
 *     `groups` is stored) the user's groups: their count (1 when it is the most common one, else
 *     0 and the count Exp-Golomb coded) and each one's position in `groups`, ascending, in just
 *     enough bits for the table — 11 bits for two of 20 teams when most users are in two.
 * Ids that are not plain safe integers are stored as text in `textIds`, after the integer ones.
 * States saved before memberships were kept have no `groups`: their users' groups are unknown.
 */
const ORDER_BITS = 6;
/** Memberships a compact snapshot keeps at most (4 bytes each in memory). */
const MAX_MEMBERSHIPS = 20_000_000;
const ID_BITS = 53;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class CompactSnapshot implements Snapshot {
	readonly mode = 'compact';

	constructor(
		/** Integer ids, ascending: positions 0 .. integerIds.length - 1. */
		readonly integerIds: Float64Array,
		/** The other ids, sorted: the positions after the integer ones. */
		readonly textIds: readonly string[],
		/** Index into STATUSES, per position. */
		readonly statuses: Uint8Array,
		readonly digests: Float64Array,
		readonly fieldTags: Float64Array,
		readonly groups: GroupTable,
		/** Each user's groups as positions in `groups`; null when not kept. */
		readonly memberships: Memberships | null,
	) {}

	get size(): number {
		return this.statuses.length;
	}

	get keepsGroups(): boolean {
		return this.memberships !== null;
	}

	find(id: string): number {
		const key = integerKey(id);
		if (key >= 0) {
			const at = lowerBound(this.integerIds, key);
			return at < this.integerIds.length && this.integerIds[at] === key ? at : -1;
		}
		const at = lowerBound(this.textIds, id);
		return at < this.textIds.length && this.textIds[at] === id ? this.integerIds.length + at : -1;
	}

	idAt(position: number): string {
		const integers = this.integerIds.length;
		return position < integers ? String(this.integerIds[position]) : this.textIds[position - integers];
	}

	statusAt(position: number): UserStatus {
		return STATUSES[this.statuses[position]];
	}

	groupsAt(position: number): GroupRef[] | null {
		if (this.memberships === null) return null;
		const { starts, groups } = this.memberships;
		const refs: GroupRef[] = [];
		for (let index = starts[position]; index < starts[position + 1]; index++) refs.push(this.groups.refAt(groups[index]));
		return refs;
	}

	fingerprintAt(position: number): Fingerprint {
		return { digest: this.digests[position], fieldTags: this.fieldTags[position] };
	}

	changes(position: number, user: UnifiedUser, fingerprint: Fingerprint): ChangedField[] {
		// Most users did not change: that needs no look at the fields one by one.
		if (this.digests[position] === fingerprint.digest && this.fieldTags[position] === fingerprint.fieldTags) return [];
		const byFingerprint = changedByFingerprint(this.fingerprintAt(position), fingerprint);
		if (this.memberships === null) return byFingerprint;
		// Kept memberships tell exactly whether the groups changed; the tags say the rest.
		const changed: ChangedField[] = byFingerprint.filter((field) => field !== 'groups' && field !== 'unknown');
		if (!this.sameGroups(position, user)) changed.push('groups');
		return changed.length > 0 ? changed : ['unknown'];
	}

	private sameGroups(position: number, user: UnifiedUser): boolean {
		const { starts, groups } = this.memberships as Memberships;
		const now = groupIdSet(user.groups);
		if (now.length !== starts[position + 1] - starts[position]) return false;
		return now.every((id, index) => this.groups.ids[groups[starts[position] + index]] === id);
	}

	/** What a compact snapshot cannot recall is null: `updatedAt`, and every field that changed (its groups it keeps, except in older states). */
	recall(position: number, provider: string, now?: { user: UnifiedUser; changed: readonly ChangedField[] }): RememberedUser {
		const status = this.statusAt(position);
		const groups = this.groupsAt(position);
		if (now === undefined) {
			return {
				id: this.idAt(position),
				provider,
				email: null,
				username: null,
				firstName: null,
				lastName: null,
				displayName: null,
				status,
				groups,
				externalId: null,
				createdAt: null,
				updatedAt: null,
			};
		}
		const { user, changed } = now;
		const lost = (field: TrackedField) => changed.includes(field) || changed.includes('unknown');
		return {
			id: user.id,
			provider,
			email: lost('email') ? null : user.email,
			username: lost('username') ? null : user.username,
			firstName: lost('firstName') ? null : user.firstName,
			lastName: lost('lastName') ? null : user.lastName,
			displayName: lost('displayName') ? null : user.displayName,
			status,
			groups: groups ?? (lost('groups') ? null : user.groups),
			externalId: lost('externalId') ? null : user.externalId,
			createdAt: user.createdAt,
			updatedAt: null,
		};
	}
}

/** Each user's groups: positions in the table, users one after another (user `p` from `starts[p]` to `starts[p + 1]`). */
export interface Memberships {
	starts: Uint32Array;
	groups: Uint32Array;
}

/** Rows in arrival order, sorted into a CompactSnapshot at the end. */
class CompactBuilder implements SnapshotBuilder {
	/** The integer id, or -1 for a text id (kept in `texts` under the same row). */
	private readonly keys = new Growable(Float64Array);
	private readonly statuses = new Growable(Uint8Array);
	private readonly digests = new Growable(Float64Array);
	private readonly fieldTags = new Growable(Float64Array);
	private readonly texts = new Map<number, string>();
	private readonly groupTable = new GroupTableBuilder();
	/** Per row, where its groups (provisional numbers, see GroupTableBuilder) start in `memberGroups`. */
	private readonly memberStarts = new Growable(Uint32Array);
	private readonly memberGroups = new Growable(Uint32Array);
	/** False once a user came in whose groups are not known: then no user's are kept. */
	private membershipsKnown = true;

	add(user: UnifiedUser, fingerprint: Fingerprint = fingerprintOf(user)): void {
		this.push(user.id, STATUSES.indexOf(user.status), fingerprint, user.groups);
	}

	listGroups(groups: readonly GroupRef[]): void {
		this.groupTable.list(groups);
	}

	carry(previous: Snapshot, position: number, provider: string): void {
		if (previous instanceof CompactSnapshot) {
			this.push(previous.idAt(position), previous.statuses[position], previous.fingerprintAt(position), previous.groupsAt(position));
			return;
		}
		const user = previous.recall(position, provider);
		this.add({ ...user, groups: user.groups ?? [] });
	}

	finish(): CompactSnapshot {
		const count = this.statuses.length;
		const keys = this.keys.view();
		const integerRows: number[] = [];
		const textRows: number[] = [];
		for (let row = 0; row < count; row++) (keys[row] < 0 ? textRows : integerRows).push(row);
		// Pages usually arrive in id order already: then sorting is a single pass.
		if (!isSortedBy(integerRows, (row) => keys[row])) integerRows.sort((a, b) => keys[a] - keys[b]);
		const texts = this.texts;
		textRows.sort((a, b) => ((texts.get(a) as string) < (texts.get(b) as string) ? -1 : 1));

		const order = integerRows.concat(textRows);
		const integerIds = new Float64Array(integerRows.length);
		const statuses = new Uint8Array(count);
		const digests = new Float64Array(count);
		const fieldTags = new Float64Array(count);
		const [rowStatuses, rowDigests, rowTags] = [this.statuses.view(), this.digests.view(), this.fieldTags.view()];
		for (let position = 0; position < count; position++) {
			const row = order[position];
			if (position < integerRows.length) {
				integerIds[position] = keys[row];
				if (position > 0 && integerIds[position - 1] === keys[row]) throw duplicateId(String(keys[row]));
			}
			statuses[position] = rowStatuses[row];
			digests[position] = rowDigests[row];
			fieldTags[position] = rowTags[row];
		}
		const textIds = textRows.map((row) => texts.get(row) as string);
		textIds.forEach((id, index) => {
			if (index > 0 && textIds[index - 1] === id) throw duplicateId(id);
		});
		const { table, positions } = this.groupTable.finish();
		const memberships = this.membershipsKnown ? this.sortedMemberships(order, positions) : null;
		return new CompactSnapshot(integerIds, textIds, statuses, digests, fieldTags, table, memberships);
	}

	/** The rows' groups in `order`, each user's as ascending table positions. */
	private sortedMemberships(order: readonly number[], tablePositions: Uint32Array): Memberships {
		this.memberStarts.push(this.memberGroups.length);
		const [rowStarts, rowGroups] = [this.memberStarts.view(), this.memberGroups.view()];
		const starts = new Uint32Array(order.length + 1);
		const groups = new Uint32Array(rowGroups.length);
		let written = 0;
		for (let position = 0; position < order.length; position++) {
			const row = order[position];
			starts[position] = written;
			for (let index = rowStarts[row]; index < rowStarts[row + 1]; index++) groups[written++] = tablePositions[rowGroups[index]];
			if (written - starts[position] > 1) groups.subarray(starts[position], written).sort();
		}
		starts[order.length] = written;
		return { starts, groups };
	}

	private push(id: string, status: number, fingerprint: Fingerprint, groups: readonly GroupRef[] | null): void {
		const row = this.statuses.length;
		const key = integerKey(id);
		if (key >= 0) this.keys.push(key);
		else {
			this.keys.push(-1);
			this.texts.set(row, id);
		}
		this.statuses.push(status);
		this.digests.push(fingerprint.digest);
		this.fieldTags.push(fingerprint.fieldTags);
		this.memberStarts.push(this.memberGroups.length);
		if (groups === null) this.membershipsKnown = false;
		else this.pushGroups(groups);
	}

	private pushGroups(groups: readonly GroupRef[]): void {
		if (this.memberGroups.length + groups.length > MAX_MEMBERSHIPS) {
			throw new Error(`The directory lists more than ${MAX_MEMBERSHIPS.toLocaleString('en-US')} group memberships, more than a snapshot keeps; no snapshot was taken`);
		}
		if (groups.length === 1) {
			this.memberGroups.push(this.groupTable.reference(groups[0]));
			return;
		}
		const seen = new Set<string>();
		for (const group of groups) {
			if (seen.has(group.id)) continue;
			seen.add(group.id);
			this.memberGroups.push(this.groupTable.reference(group));
		}
	}
}

function isSortedBy(rows: number[], key: (row: number) => number): boolean {
	for (let index = 1; index < rows.length; index++) if (key(rows[index - 1]) > key(rows[index])) return false;
	return true;
}

function writeStatus(writer: BitWriter, status: number): void {
	if (status === 0) writer.write(0, 1);
	else writer.write(status === 1 ? 0b10 : 0b11, 2);
}

function readStatus(reader: BitReader): number {
	if (reader.read(1) === 0) return 0;
	return reader.read(1) === 0 ? 1 : 2;
}

function writeIntegerIds(writer: BitWriter, ids: Float64Array): void {
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

function readIntegerIds(reader: BitReader, count: number): Float64Array {
	const ids = new Float64Array(count);
	if (count === 0) return ids;
	const order = reader.read(ORDER_BITS);
	let id = reader.read(ID_BITS);
	ids[0] = id;
	for (let index = 1; index < count; index++) {
		id += reader.readExpGolomb(order) + 1;
		ids[index] = id;
	}
	if (id > Number.MAX_SAFE_INTEGER) throw corrupt('an integer id is out of range');
	return ids;
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

/** Bits of a position in a table of this many groups. */
function groupPositionBits(tableSize: number): number {
	return tableSize <= 1 ? 0 : bitLength(tableSize - 1);
}

const USUAL_COUNT_BITS = 6;

/** The number of groups most users are in (at most 63). */
function usualCount({ starts }: Memberships): number {
	const users = new Uint32Array(2 ** USUAL_COUNT_BITS);
	for (let position = 0; position + 1 < starts.length; position++) users[Math.min(users.length - 1, starts[position + 1] - starts[position])]++;
	return users.indexOf(Math.max(...users));
}

function writeMemberships(writer: BitWriter, memberships: Memberships, position: number, code: { usual: number; bits: number }): void {
	const { starts, groups } = memberships;
	const count = starts[position + 1] - starts[position];
	if (count === code.usual) writer.write(1, 1);
	else {
		writer.write(0, 1);
		writer.writeExpGolomb(count, 0);
	}
	for (let index = starts[position]; index < starts[position + 1]; index++) writer.write(groups[index], code.bits);
}

/** Reads one user's groups (positions in a table of `tableSize`) onto the end of `groups`. */
function readMemberships(reader: BitReader, groups: Growable<Uint32Array>, tableSize: number, code: { usual: number; bits: number }): void {
	const { bits } = code;
	const count = reader.read(1) === 1 ? code.usual : reader.readExpGolomb(0);
	if (count > tableSize) throw corrupt('a user is in more groups than the table holds');
	let last = -1;
	for (let index = 0; index < count; index++) {
		const position = reader.read(bits);
		if (position <= last || position >= tableSize) throw corrupt('a user\'s groups are not ascending positions in the table');
		groups.push(position);
		last = position;
	}
}

function encodeCompact(snapshot: CompactSnapshot): StoredSnapshot {
	const writer = new BitWriter(snapshot.size * 14);
	writeIntegerIds(writer, snapshot.integerIds);
	const { memberships } = snapshot;
	const code = { usual: memberships === null ? 0 : usualCount(memberships), bits: groupPositionBits(snapshot.groups.size) };
	if (memberships !== null) writer.write(code.usual, USUAL_COUNT_BITS);
	for (let position = 0; position < snapshot.size; position++) {
		writeStatus(writer, snapshot.statuses[position]);
		writer.write(snapshot.digests[position], DIGEST_BITS);
		writer.write(snapshot.fieldTags[position], FIELD_TAGS_BITS);
		if (memberships !== null) writeMemberships(writer, memberships, position, code);
	}
	return {
		mode: 'compact',
		userCount: snapshot.size,
		textIds: [...snapshot.textIds],
		data: Buffer.from(writer.finish()).toString('base64'),
		// Without memberships the table would describe nobody's groups: left out, as in older states.
		...(memberships === null ? {} : { groups: snapshot.groups.encode(), groupsListed: snapshot.groups.listed }),
	};
}

function decodeCompact(stored: Record<string, unknown>): CompactSnapshot {
	const { userCount, data } = stored;
	if (typeof userCount !== 'number' || !Number.isSafeInteger(userCount) || userCount < 0) {
		throw corrupt('bad user count');
	}
	const textIds = readTextIds(stored.textIds, userCount);
	if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data)) {
		throw corrupt('data is not base64');
	}
	const table = stored.groups === undefined ? null : decodeGroupTable(stored.groups, stored.groupsListed);
	const reader = new BitReader(Buffer.from(data, 'base64'), () => corrupt('data does not match the user count'));
	const integerIds = readIntegerIds(reader, userCount - textIds.length);
	const statuses = new Uint8Array(userCount);
	const digests = new Float64Array(userCount);
	const fieldTags = new Float64Array(userCount);
	const starts = new Uint32Array(userCount + 1);
	const groups = new Growable(Uint32Array);
	const code = { usual: table === null ? 0 : reader.read(USUAL_COUNT_BITS), bits: groupPositionBits(table?.size ?? 0) };
	for (let position = 0; position < userCount; position++) {
		statuses[position] = readStatus(reader);
		digests[position] = reader.read(DIGEST_BITS);
		fieldTags[position] = reader.read(FIELD_TAGS_BITS);
		if (table !== null) {
			starts[position] = groups.length;
			readMemberships(reader, groups, table.size, code);
		}
	}
	starts[userCount] = groups.length;
	if (!reader.atPaddedEnd()) throw corrupt('data is longer than the user count needs');
	const memberships = table === null ? null : { starts, groups: groups.view() };
	return new CompactSnapshot(integerIds, textIds, statuses, digests, fieldTags, table ?? NO_GROUPS, memberships);
}

/** Status, fingerprint and groups per user: about 15 bytes of JSON per user for numeric ids, 17 with one to three of 20 groups each. */
export const compactStrategy: SnapshotStrategy<CompactSnapshot> = {
	mode: 'compact',
	fingerprints: true,
	builder: () => new CompactBuilder(),
	codec: { encode: encodeCompact, decode: decodeCompact },
};
