import type { IDataObject } from 'n8n-workflow';

import { describeBody, MAX_DIRECTORY_SIZE } from '../../helpers/answer';
import { UserFacingError } from '../../helpers/errors';
import { isObject, resourcePath, textOrNull } from '../../helpers/values';
import { deleteConfirmed } from '../../transport/confirm';
import type { Transport } from '../../transport/types';
import type { UnifiedUser, UserStatus } from '../../domain';
import { KANDJI_USER_ID } from './ids';

export const PROVIDER = 'kandji';

/** The API path of one user; an ID of another shape is refused before a request is made. */
export function kandjiUserPath(id: unknown): string {
	return resourcePath('/users', id, KANDJI_USER_ID);
}

function inconsistent(detail: string): UserFacingError {
	return new UserFacingError(
		`Kandji answered the user list inconsistently: ${detail}`,
		'Nothing was saved from this read. It is safe to run again; if it keeps happening, the directory integration may be syncing right now.',
	);
}

function usersPage(transport: Transport, body: unknown): { results: IDataObject[]; next: string | null } {
	if (!isObject(body) || !Array.isArray(body.results)) {
		return transport.unexpected({ method: 'GET', path: '/users', body }, 'a page of Kandji users');
	}
	const bad = body.results.findIndex((user) => !isObject(user) || typeof user.id !== 'string' || user.id === '');
	if (bad >= 0) throw inconsistent(`entry ${bad + 1} of a page is ${describeBody(body.results[bad])}, not a user with an id`);
	if (body.next !== null && body.next !== undefined && typeof body.next !== 'string') {
		throw inconsistent(`"next" is ${describeBody(body.next)}, not a link`);
	}
	const next = typeof body.next === 'string' && body.next !== '' ? body.next : null;
	return { results: body.results as IDataObject[], next };
}

/**
 * The cursor of Kandji's `next` link. Only the cursor is taken: the link names another host
 * (Kandji's web app) in Kandji's own example, and the token must never follow it there.
 */
export function cursorOf(next: string): string {
	const query = next.includes('?') ? next.slice(next.indexOf('?') + 1).split('#')[0] : '';
	const cursor = new URLSearchParams(query).get('cursor');
	if (!cursor) throw inconsistent('a next-page link without a cursor');
	return cursor;
}

/**
 * Pages of `GET /users` (at most 300 users each), following the cursor until `next` is null.
 * Each page is requested from the credential's host with the same filters plus the cursor.
 * The caller stops fetching by leaving the loop. Every page must bring users not seen before,
 * so a server handing out fresh cursors for empty or repeated pages cannot keep it going.
 */
export async function* kandjiUserPages(transport: Transport, qs: IDataObject): AsyncGenerator<IDataObject[]> {
	const seenCursors = new Set<string>();
	const seenUsers = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const { body } = await transport.request<unknown>({ path: '/users', qs: cursor ? { ...qs, cursor } : qs });
		const page = usersPage(transport, body);
		for (const user of page.results) {
			if (seenUsers.has(String(user.id))) throw inconsistent(`user ${String(user.id)} arrived twice`);
			seenUsers.add(String(user.id));
		}
		if (seenUsers.size > MAX_DIRECTORY_SIZE) throw inconsistent(`more than ${MAX_DIRECTORY_SIZE} users`);
		if (page.results.length) yield page.results;
		if (page.next === null) return;
		cursor = cursorOf(page.next);
		if (page.results.length === 0) throw inconsistent('an empty page that links to a next one');
		if (seenCursors.has(cursor)) throw inconsistent('the same page cursor came back twice');
		seenCursors.add(cursor);
	}
}

export function kandjiStatus(raw: IDataObject): UserStatus {
	if (raw.archived === true) return 'archived';
	return raw.active === false ? 'suspended' : 'active';
}

/**
 * Kandji user → unified user. Kandji keeps a single `name`, no user name and no groups: those
 * are null / empty rather than guessed.
 */
export function normaliseKandjiUser(raw: IDataObject): UnifiedUser {
	return {
		id: String(raw.id),
		provider: PROVIDER,
		email: textOrNull(raw.email),
		username: null,
		firstName: null,
		lastName: null,
		displayName: textOrNull(raw.name),
		status: kandjiStatus(raw),
		groups: [],
		externalId: null,
		createdAt: textOrNull(raw.created_at),
		updatedAt: textOrNull(raw.updated_at),
	};
}

/** Kandji user `id`, or the transport's error when the answer is about anyone or anything else. */
export async function readKandjiUser(transport: Transport, input: string): Promise<IDataObject> {
	// With 404 not accepted as an answer, the lookup never returns null.
	return (await findKandjiUser(transport, input, false)) as IDataObject;
}

/**
 * Kandji user `id`; null when Kandji answers 404 (no such user) and `missingIsAnswer`; the
 * transport's error when the answer is about anyone or anything else.
 */
export async function findKandjiUser(transport: Transport, input: string, missingIsAnswer = true): Promise<IDataObject | null> {
	const path = kandjiUserPath(input);
	const id = input.trim();
	const { status, body } = await transport.request<unknown>({ path, acceptStatus: missingIsAnswer ? [404] : [] });
	if (status === 404) return null;
	if (!isObject(body) || typeof body.id !== 'string' || body.id.toLowerCase() !== id.toLowerCase()) {
		return transport.unexpected({ method: 'GET', path, body }, `the Kandji user ${id}`);
	}
	return body;
}

/** Deletes a user; Kandji answers 400 while devices are still assigned (see explainKandjiError). */
export async function deleteKandjiUser(transport: Transport, id: string): Promise<void> {
	await deleteConfirmed(transport, kandjiUserPath(id));
}
