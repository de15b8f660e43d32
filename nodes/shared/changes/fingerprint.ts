import { TRACKED_FIELDS, type ChangedField, type TrackedField, type UnifiedUser } from '../domain';

import type { Fingerprint } from './types';

/*
 * The collision bound, stated here once: a change of tracked fields goes unnoticed only when the
 * 40-bit digest collides (2^-40) and so does the 6-bit tag of every changed field (2^-6 each,
 * independent of the digest: see `fingerprintOf`), so at most 2^-46 per changed user. The tags
 * only say which field changed: each one misses a change with probability 2^-6, so a compact
 * snapshot may leave a field out of `changes`, and when it misses every changed field it reports
 * `unknown`. Full snapshots compare values instead.
 *
 * The hash is a non-cryptographic 64-bit one (two murmur3-style 32-bit lanes), several times
 * faster than node:crypto on short strings. Each step is a bijection of the state, so values of
 * the same length that differ in one 32-bit word always get different 64-bit field hashes.
 */
export const DIGEST_BITS = 40;
const FIELD_TAG_BITS = 6;
export const FIELD_TAGS_BITS = FIELD_TAG_BITS * TRACKED_FIELDS.length;

const DIGEST_HIGH_MASK = 2 ** (DIGEST_BITS - 32) - 1;
const DIGEST_SEED = 0x5eed;
const FIELD_TAG_VALUES = 2 ** FIELD_TAG_BITS;
const FIELD_TAG_MASK = FIELD_TAG_VALUES - 1;
const NULL_WORD = 0xffffffff;
// Read once: inside a vm context (Jest's sandbox) every global lookup is slow.
const { imul } = Math;

function rotateLeft(value: number, bits: number): number {
	return (value << bits) | (value >>> (32 - bits));
}

function finalMix(value: number): number {
	let mixed = imul(value ^ (value >>> 16), 0x85ebca6b);
	mixed = imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
	return mixed ^ (mixed >>> 16);
}

class Hash64 {
	low = 0;
	high = 0;

	reset(seed: number): void {
		this.low = seed;
		this.high = ~seed;
	}

	addWord(word: number): void {
		const lowInput = imul(rotateLeft(imul(word, 0x239b961b), 15), 0xab0e9789);
		this.low = (imul(rotateLeft(this.low ^ lowInput, 19) + this.high, 5) + 0x561ccd1b) | 0;
		const highInput = imul(rotateLeft(imul(word, 0x38b34ae5), 16), 0xa1e38b93);
		this.high = (imul(rotateLeft(this.high ^ highInput, 17) + this.low, 5) + 0x0bcaa747) | 0;
	}

	/** Two UTF-16 units per word, then the length, so that a sequence of texts is unambiguous. */
	addText(text: string): void {
		const pairsEnd = text.length & ~1;
		for (let index = 0; index < pairsEnd; index += 2) {
			this.addWord(text.charCodeAt(index) | (text.charCodeAt(index + 1) << 16));
		}
		if (pairsEnd < text.length) this.addWord(text.charCodeAt(pairsEnd));
		this.addWord(text.length);
	}

	finish(): void {
		this.low = (this.low + this.high) | 0;
		this.high = (this.high + this.low) | 0;
		this.low = finalMix(this.low);
		this.high = finalMix(this.high);
		this.low = (this.low + this.high) | 0;
		this.high = (this.high + this.low) | 0;
	}
}

function addField(hash: Hash64, user: UnifiedUser, field: TrackedField): void {
	if (field !== 'groups') {
		const value = user[field];
		if (value === null) hash.addWord(NULL_WORD);
		else hash.addText(value);
		return;
	}
	const { groups } = user;
	const groupIds = groups.length === 1 ? [groups[0].id] : groups.map((group) => group.id).sort();
	let count = 0;
	for (let index = 0; index < groupIds.length; index++) {
		if (index > 0 && groupIds[index] === groupIds[index - 1]) continue;
		hash.addText(groupIds[index]);
		count++;
	}
	hash.addWord(count);
}

// Reused: fingerprinting is synchronous and runs once per user of the directory.
const fieldHash = new Hash64();
const digestHash = new Hash64();

export function fingerprintOf(user: UnifiedUser): Fingerprint {
	digestHash.reset(DIGEST_SEED);
	let fieldTags = 0;
	for (let fieldIndex = 0; fieldIndex < TRACKED_FIELDS.length; fieldIndex++) {
		fieldHash.reset(fieldIndex);
		addField(fieldHash, user, TRACKED_FIELDS[fieldIndex]);
		fieldHash.finish();
		// Tags come from the high lane, the digest from both: a tag collision leaves the digest random.
		fieldTags = fieldTags * FIELD_TAG_VALUES + (fieldHash.high & FIELD_TAG_MASK);
		digestHash.addWord(fieldHash.low);
		digestHash.addWord(fieldHash.high);
	}
	digestHash.finish();
	return {
		digest: (digestHash.high & DIGEST_HIGH_MASK) * 2 ** 32 + (digestHash.low >>> 0),
		fieldTags,
	};
}

/** Tracked fields that changed between fingerprints; ['unknown'] when only the digest tells. */
export function changedByFingerprint(before: Fingerprint, now: Fingerprint): ChangedField[] {
	const changed: ChangedField[] = [];
	let beforeTags = before.fieldTags;
	let nowTags = now.fieldTags;
	// The last field's tag is the lowest digit.
	for (let fieldIndex = TRACKED_FIELDS.length - 1; fieldIndex >= 0; fieldIndex--) {
		const beforeTag = beforeTags % FIELD_TAG_VALUES;
		const nowTag = nowTags % FIELD_TAG_VALUES;
		if (beforeTag !== nowTag) changed.unshift(TRACKED_FIELDS[fieldIndex]);
		beforeTags = (beforeTags - beforeTag) / FIELD_TAG_VALUES;
		nowTags = (nowTags - nowTag) / FIELD_TAG_VALUES;
	}
	if (changed.length === 0 && before.digest !== now.digest) return ['unknown'];
	return changed;
}
