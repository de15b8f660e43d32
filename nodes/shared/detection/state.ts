import { createHash, type Hash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { decodeSnapshot, type Snapshot, type StateCodec, type StoredSnapshot } from '../changes';
import { UserFacingError } from '../helpers/errors';
import { isObject } from '../helpers/values';
import { readScope, type EventScope } from './filters';

/** Key of the detection state in the node's static data. */
export const STATE_KEY = 'userDirectory';
/**
 * The one format version of everything saved: the envelope, the snapshot and a feed's state.
 * Version 1 kept a version inside the snapshot and the feed state too; it is read as it was.
 */
const STATE_VERSION = 2;
const LEGACY_VERSION = 1;

/**
 * What one node remembers between runs, as plain JSON. `source` identifies the directory the
 * state describes, so that pointing the node at another directory starts over instead of
 * reporting every user of both as created or deleted.
 */
export type SavedState = (
	| { version: typeof STATE_VERSION; source: string; snapshot: StoredSnapshot }
	| { version: typeof STATE_VERSION; source: string; feed: IDataObject }
) & {
	/** The events and filters the state was saved under (see EventScope); absent in older states. */
	scope?: EventScope;
	/**
	 * When the run that saved it looked at the directory; absent in older states. Two states of
	 * the same directory content differ by it, so their checksums tell the runs apart.
	 */
	savedAt?: string;
	/** Over everything else: a state changed outside the node is noticed, not trusted. */
	checksum?: string;
};

/** What this run compares with; `damaged`: the checksum does not match, so start over. */
export type Plan<Feed = unknown> =
	| { kind: 'baseline' }
	| { kind: 'damaged' }
	| { kind: 'snapshot'; previous: Snapshot; scope?: EventScope }
	| { kind: 'feed'; state: Feed; scope?: EventScope };

/**
 * Stable id of a provider's directory: a hash of the provider and the API base URL (which holds
 * a SCIM node ID), never of a secret. A rotated token keeps the same source.
 */
export function directorySource(providerId: string, baseUrl: string): string {
	return createHash('sha256').update(`${providerId}\n${baseUrl}`).digest('base64url').slice(0, 16);
}

/** Text is handed to the hash once this much is pending: fewer calls, no string in V8's large-object space. */
const HASH_CHUNK = 32 * 1024;
/** What JSON.stringify escapes in a string: quote, backslash, control characters, lone surrogates. */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Feeds a hash the JSON of `value` with object keys sorted (databases such as Postgres jsonb may
 * store keys in another order), in pieces: a snapshot holds one string of megabytes, which is
 * handed over as it is instead of being copied into one text of the whole state.
 */
function hashCanonicalJson(hash: Hash, value: unknown): void {
	let pending = '';
	const write = (text: string) => {
		pending += text;
		if (pending.length >= HASH_CHUNK) {
			hash.update(pending);
			pending = '';
		}
	};
	const visit = (entry: unknown) => {
		if (Array.isArray(entry)) {
			write('[');
			entry.forEach((item, index) => {
				if (index > 0) write(',');
				visit(item);
			});
			write(']');
		} else if (typeof entry === 'object' && entry !== null) {
			const members = Object.entries(entry)
				.filter(([, member]) => member !== undefined)
				.sort(([first], [second]) => (first < second ? -1 : 1));
			write('{');
			members.forEach(([key, member], index) => {
				write(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
				visit(member);
			});
			write('}');
		} else if (typeof entry === 'string' && entry.length >= HASH_CHUNK && !ESCAPED.test(entry)) {
			// Whole surrogate pairs only (lone ones are escaped): the UTF-8 the hash sees is the same.
			write('"');
			hash.update(pending);
			hash.update(entry);
			pending = '"';
		} else write(JSON.stringify(entry));
	};
	visit(value);
	hash.update(pending);
}

function checksumOf(state: IDataObject): string {
	const { checksum: _ignored, ...content } = state;
	const hash = createHash('sha256');
	hashCanonicalJson(hash, content);
	return hash.digest('base64url').slice(0, 22);
}

/** The checksum a saved state carries ('' for none): which saved state (and run) a run's events were found against. */
export function savedChecksum(saved: unknown): string {
	return isObject(saved) && typeof saved.checksum === 'string' ? saved.checksum : '';
}

/** The state as saved: with the checksum over its content. */
function sealed(state: SavedState): SavedState {
	return { ...state, checksum: checksumOf(state as IDataObject) };
}

function unreadable(detail: string): UserFacingError {
	return new UserFacingError(
		`The change detection state saved in this workflow cannot be read: ${detail}`,
		'It was probably written by another version of this package or edited by hand. To start over from the directory as it is now, rename this node (n8n keeps the state per node name) and save the workflow.',
	);
}

/** A version 1 part (snapshot or feed state) without its own version field. */
function withoutLegacyVersion(part: IDataObject): IDataObject {
	const { version, ...rest } = part;
	if (version !== LEGACY_VERSION) throw new Error(`its ${'mode' in part ? 'snapshot' : 'feed state'} has version ${JSON.stringify(version)}`);
	return rest;
}

/**
 * Decides, from the saved state, what this run compares with; `feed`: the codec of the
 * provider's change feed, for a provider that has one. Throws when the state is unreadable.
 */
export function planFromState<Feed>(saved: unknown, source: string, feed?: StateCodec<Feed, IDataObject>): Plan<Feed> {
	if (saved === undefined || saved === null) return { kind: 'baseline' };
	if (!isObject(saved)) throw unreadable('it is not an object');
	if (saved.version !== STATE_VERSION && saved.version !== LEGACY_VERSION) {
		throw unreadable(`it has version ${JSON.stringify(saved.version)}, this node reads ${STATE_VERSION} and ${LEGACY_VERSION}`);
	}
	// States saved before checksums existed have none and are read as they are.
	if (saved.checksum !== undefined && saved.checksum !== checksumOf(saved)) return { kind: 'damaged' };
	// Another directory (other credentials, region or provider): its history says nothing here.
	if (saved.source !== source) return { kind: 'baseline' };
	const scope = readScope(saved.scope);
	const part = feed ? saved.feed : saved.snapshot;
	if (part === undefined) return { kind: 'baseline' };
	if (!isObject(part)) throw unreadable(`its ${feed ? 'feed state' : 'snapshot'} is not an object`);
	try {
		const current = saved.version === LEGACY_VERSION ? withoutLegacyVersion(part) : part;
		return feed
			? { kind: 'feed', state: feed.decode(current), scope }
			: { kind: 'snapshot', previous: decodeSnapshot(current), scope };
	} catch (error) {
		throw unreadable((error as Error).message);
	}
}

/** The state to save after a successful run, sealed with its checksum. */
export function savedState(
	source: string,
	part: { snapshot: StoredSnapshot } | { feed: IDataObject },
	run: { scope: EventScope; savedAt: string },
): SavedState {
	return sealed({ version: STATE_VERSION, source, ...part, scope: run.scope, savedAt: run.savedAt });
}
