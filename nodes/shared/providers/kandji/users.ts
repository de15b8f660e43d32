import type { IDataObject } from 'n8n-workflow';

import { UserFacingError } from '../../helpers/errors';
import { resourcePath } from '../../helpers/values';
import type { Transport } from '../../transport/types';
import type { UnifiedUser, UserStatus } from '../types';
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

function usersPage(body: unknown): { results: IDataObject[]; next: string | null } {
	const page = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as IDataObject;
	if (!Array.isArray(page.results)) {
		throw new UserFacingError(
			'Kandji answered /users with something other than a list of users',
			'Check that the credential points at the Kandji API (https://<subdomain>.api.kandji.io) and not at a proxy or login page.',
		);
	}
	const next = typeof page.next === 'string' && page.next !== '' ? page.next : null;
	return { results: page.results as IDataObject[], next };
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
 * The caller stops fetching by leaving the loop.
 */
export async function* kandjiUserPages(transport: Transport, qs: IDataObject): AsyncGenerator<IDataObject[]> {
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const { body } = await transport.request<unknown>({ path: '/users', qs: cursor ? { ...qs, cursor } : qs });
		const page = usersPage(body);
		if (page.results.length) yield page.results;
		if (page.next === null) return;
		cursor = cursorOf(page.next);
		if (seenCursors.has(cursor)) throw inconsistent('the same page cursor came back twice');
		seenCursors.add(cursor);
	}
}

/** Every user, all or nothing: the change detection must not mistake a short read for deletions. */
export async function readAllKandjiUsers(transport: Transport): Promise<IDataObject[]> {
	const users: IDataObject[] = [];
	for await (const page of kandjiUserPages(transport, {})) users.push(...page);
	const ids = new Set(users.map((user) => String(user.id)));
	if (ids.size !== users.length) {
		throw inconsistent(`${users.length - ids.size} users arrived twice (the list changed while it was read)`);
	}
	return users;
}

/** Null when Kandji answers 404 (no such user), else the user. */
export async function findKandjiUser(transport: Transport, id: string): Promise<IDataObject | null> {
	const { status, body } = await transport.request({
		path: kandjiUserPath(id),
		acceptStatus: [404],
	});
	return status === 404 ? null : body;
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
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
		email: text(raw.email),
		username: null,
		firstName: null,
		lastName: null,
		displayName: text(raw.name),
		status: kandjiStatus(raw),
		groups: [],
		externalId: null,
		createdAt: text(raw.created_at),
		updatedAt: text(raw.updated_at),
	};
}

/** Deletes a user; Kandji answers 400 while devices are still assigned (see explainKandjiError). */
export async function deleteKandjiUser(transport: Transport, id: string): Promise<void> {
	await transport.request({ method: 'DELETE', path: kandjiUserPath(id) });
}
