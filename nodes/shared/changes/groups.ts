import type { GroupRef } from '../domain';

import { corrupt, lowerBound } from './table';

/** Distinct groups a snapshot keeps at most: far above any directory, far below what would exhaust memory. */
export const MAX_GROUPS = 100_000;

/** A group in stored form: `[id, name]`. */
export type StoredGroup = [id: string, name: string | null];

/**
 * The groups a snapshot knows, sorted by id: those its users are in and, when `listed`, every
 * group the directory listed (also the empty ones). Group events compare two listed tables;
 * users' memberships refer to positions in the table.
 */
export class GroupTable {
	constructor(
		readonly ids: readonly string[],
		readonly names: ReadonlyArray<string | null>,
		/** Whether the directory's whole group list went into this table. */
		readonly listed: boolean,
	) {}

	get size(): number {
		return this.ids.length;
	}

	/** Position of the group with this id; -1 when the table does not hold it. */
	find(id: string): number {
		const at = lowerBound(this.ids, id);
		return at < this.ids.length && this.ids[at] === id ? at : -1;
	}

	refAt(position: number): GroupRef {
		return { id: this.ids[position], name: this.names[position] };
	}

	/** This table's name for the group, else null. */
	nameOf(id: string): string | null {
		const position = this.find(id);
		return position < 0 ? null : this.names[position];
	}

	encode(): StoredGroup[] {
		return this.ids.map((id, position) => [id, this.names[position]]);
	}
}

export const NO_GROUPS = new GroupTable([], [], false);

/** Reads a stored table back; throws when it is not `[id, name]` pairs in strictly ascending id order. */
export function decodeGroupTable(value: unknown, listed: unknown): GroupTable {
	if (!Array.isArray(value)) throw corrupt('groups is not a list');
	if (typeof listed !== 'boolean') throw corrupt('groupsListed is not true or false');
	if (value.length > MAX_GROUPS) throw corrupt('it holds more groups than a snapshot keeps');
	const ids: string[] = [];
	const names: Array<string | null> = [];
	for (const entry of value as unknown[]) {
		if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') throw corrupt('a group is not an [id, name] pair');
		if (entry[1] !== null && typeof entry[1] !== 'string') throw corrupt('a group name is neither text nor null');
		if (ids.length > 0 && !(ids[ids.length - 1] < entry[0])) throw corrupt('groups are not sorted, distinct ids');
		ids.push(entry[0]);
		names.push(entry[1]);
	}
	return new GroupTable(ids, names, listed);
}

/** Collects groups in any order under provisional numbers; `finish` sorts them and says where each number went. */
export class GroupTableBuilder {
	private readonly numbers = new Map<string, number>();
	private readonly ids: string[] = [];
	private readonly names: Array<string | null> = [];
	private listed = false;

	/** The group's provisional number; the first name seen is kept unless the listing names it. */
	reference(group: GroupRef): number {
		const known = this.numbers.get(group.id);
		if (known !== undefined) {
			if (this.names[known] === null) this.names[known] = group.name;
			return known;
		}
		if (this.ids.length >= MAX_GROUPS) {
			throw new Error(`The directory lists more than ${MAX_GROUPS.toLocaleString('en-US')} distinct groups, more than a snapshot keeps; no snapshot was taken`);
		}
		this.numbers.set(group.id, this.ids.length);
		this.ids.push(group.id);
		this.names.push(group.name);
		return this.ids.length - 1;
	}

	/** The directory's whole group list: its names win over the names users carry. */
	list(groups: readonly GroupRef[]): void {
		this.listed = true;
		for (const group of groups) this.names[this.reference(group)] = group.name;
	}

	finish(): { table: GroupTable; positions: Uint32Array } {
		const order = this.ids.map((_, number) => number).sort((a, b) => (this.ids[a] < this.ids[b] ? -1 : 1));
		const positions = new Uint32Array(order.length);
		order.forEach((number, position) => (positions[number] = position));
		return {
			table: new GroupTable(
				order.map((number) => this.ids[number]),
				order.map((number) => this.names[number]),
				this.listed,
			),
			positions,
		};
	}
}

/** The distinct group ids of a membership list, sorted. */
export function groupIdSet(groups: readonly GroupRef[]): string[] {
	if (groups.length === 1) return [groups[0].id];
	return [...new Set(groups.map((group) => group.id))].sort();
}
