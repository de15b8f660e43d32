import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { decodeSnapshot, type Snapshot, type StoredSnapshot } from '../changes';
import { UserFacingError } from '../helpers/errors';
import { isObject } from '../helpers/values';
import { readScope, type EventScope } from './filters';

/** Key of the detection state in the node's static data. */
export const STATE_KEY = 'userDirectory';
const STATE_VERSION = 1;

/**
 * What one node remembers between runs, as plain JSON. `source` identifies the directory the
 * state describes, so that pointing the node at another directory starts over instead of
 * reporting every user of both as created or deleted.
 */
export type SavedState = (
	| { version: 1; source: string; snapshot: StoredSnapshot }
	| { version: 1; source: string; feed: IDataObject }
) & {
	/** The events and filters the state was saved under (see EventScope); absent in older states. */
	scope?: EventScope;
	/** Over everything else: a state changed outside the node is noticed, not trusted. */
	checksum?: string;
};

/** What this run compares with; `damaged`: the checksum does not match, so start over. */
export type Plan =
	| { kind: 'baseline' }
	| { kind: 'damaged' }
	| { kind: 'snapshot'; previous: Snapshot; scope?: EventScope }
	| { kind: 'feed'; state: IDataObject; scope?: EventScope };

/**
 * Stable id of a provider's directory: a hash of the provider and the API base URL (which holds
 * a SCIM node ID), never of a secret. A rotated token keeps the same source.
 */
export function directorySource(providerId: string, baseUrl: string): string {
	return createHash('sha256').update(`${providerId}\n${baseUrl}`).digest('base64url').slice(0, 16);
}

/** JSON with object keys sorted: databases (Postgres jsonb) may store keys in another order. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (typeof value === 'object' && value !== null) {
		const entries = Object.entries(value)
			.filter(([, entry]) => entry !== undefined)
			.sort(([first], [second]) => (first < second ? -1 : 1));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

function checksumOf(state: IDataObject): string {
	const { checksum: _ignored, ...content } = state;
	return createHash('sha256').update(canonicalJson(content)).digest('base64url').slice(0, 22);
}

/** The state as saved: with the checksum over its content. */
export function sealed(state: SavedState): SavedState {
	return { ...state, checksum: checksumOf(state as IDataObject) };
}

function unreadable(detail: string): UserFacingError {
	return new UserFacingError(
		`The change detection state saved in this workflow cannot be read: ${detail}`,
		'It was probably written by another version of this package or edited by hand. To start over from the directory as it is now, rename this node (n8n keeps the state per node name) and save the workflow.',
	);
}

/** Decides, from the saved state, what this run compares with; throws when the state is unreadable. */
export function planFromState(saved: unknown, source: string, usesFeed: boolean): Plan {
	if (saved === undefined || saved === null) return { kind: 'baseline' };
	if (!isObject(saved)) throw unreadable('it is not an object');
	if (saved.version !== STATE_VERSION) {
		throw unreadable(`it has version ${JSON.stringify(saved.version)}, this node reads ${STATE_VERSION}`);
	}
	// States saved before checksums existed have none and are read as they are.
	if (saved.checksum !== undefined && saved.checksum !== checksumOf(saved)) return { kind: 'damaged' };
	// Another directory (other credentials, region or provider): its history says nothing here.
	if (saved.source !== source) return { kind: 'baseline' };
	const scope = readScope(saved.scope);
	if (usesFeed) return isObject(saved.feed) ? { kind: 'feed', state: saved.feed, scope } : { kind: 'baseline' };
	if (saved.snapshot === undefined) return { kind: 'baseline' };
	try {
		return { kind: 'snapshot', previous: decodeSnapshot(saved.snapshot), scope };
	} catch (error) {
		throw unreadable((error as Error).message);
	}
}
