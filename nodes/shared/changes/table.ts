import type { UserStatus } from '../domain';

/** Statuses by the small number snapshots keep for them. */
export const STATUSES: readonly UserStatus[] = ['active', 'suspended', 'archived'];

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** Digits of Number.MAX_SAFE_INTEGER. */
const MOST_DIGITS = 16;

/**
 * Ids that a number holds exactly and prints back the same: kept as numbers, not text. Checked
 * character by character, not with a regular expression: it runs for every user of every poll.
 */
export function isPlainInteger(id: string): boolean {
	const { length } = id;
	if (length === 0 || length > MOST_DIGITS || (length > 1 && id.charCodeAt(0) === DIGIT_0)) return false;
	for (let index = 0; index < length; index++) {
		const code = id.charCodeAt(index);
		if (code < DIGIT_0 || code > DIGIT_9) return false;
	}
	return length < MOST_DIGITS || Number(id) <= Number.MAX_SAFE_INTEGER;
}

let lastId: string | undefined;
let lastKey = -1;

/**
 * The id as a number when it is a plain integer, else -1. A diff asks twice per user (to find
 * the user, to remember it), so the last answer is kept.
 */
export function integerKey(id: string): number {
	if (id !== lastId) {
		lastId = id;
		lastKey = isPlainInteger(id) ? Number(id) : -1;
	}
	return lastKey;
}

export function corrupt(detail: string): Error {
	return new Error(`The stored user snapshot is corrupt: ${detail}`);
}

/** A listing that changed while it was paged must not be saved. */
export function duplicateId(id: string): Error {
	return new Error(`The directory listing holds user id "${id}" twice, so it is inconsistent; no snapshot was taken`);
}

/** First index whose value is not below `value`, in an ascending array. */
export function lowerBound<Value>(sorted: ArrayLike<Value>, value: Value): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle] < value) low = middle + 1;
		else high = middle;
	}
	return low;
}

type NumberArray = Float64Array | Uint32Array | Uint8Array;

/** A typed array that doubles when full. */
export class Growable<Array extends NumberArray> {
	private values: Array;
	length = 0;

	constructor(private readonly make: new (length: number) => Array) {
		this.values = new make(1024);
	}

	push(value: number): void {
		if (this.length === this.values.length) {
			const larger = new this.make(this.values.length * 2);
			larger.set(this.values);
			this.values = larger;
		}
		this.values[this.length++] = value;
	}

	/** The values pushed so far (shares memory: valid until the next push). */
	view(): Array {
		return this.values.subarray(0, this.length) as Array;
	}
}
