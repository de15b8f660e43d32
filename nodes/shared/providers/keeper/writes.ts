import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../../helpers/values';
import { UserFacingError } from '../../helpers/errors';
import { EMAIL_ADDRESS, resourcePath } from '../../helpers/values';
import { scimString } from '../../scim';
import { deleteConfirmed } from '../../transport/confirm';
import type { Transport } from '../../transport/types';
import type { GroupFields, NewUser, UserChanges, WriteOutcome } from '../types';
import { KEEPER_TEAM_ID, KEEPER_USER_ID } from './ids';

/**
 * Keeper SCIM writes (users and teams). Each function returns the resource as Keeper holds it
 * after the write: the response when it carries the whole resource, else a fresh read.
 */

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SCIM_HEADERS = { 'Content-Type': 'application/scim+json', Accept: 'application/scim+json, application/json' };

/** An email address as Keeper signs users in with it; anything else fails before any request. */
function checkedEmail(email: string): string {
	if (!EMAIL_ADDRESS.test(email)) {
		throw new UserFacingError(
			`"${email}" is not an email address`,
			'Keeper users sign in with their email address: enter one such as name@example.com.',
		);
	}
	return email;
}

type PatchOperation = { op: 'add' | 'remove' | 'replace'; path?: string; value: unknown };

const userPath = (id: string) => resourcePath('/Users', id, KEEPER_USER_ID);
const teamPath = (id: string) => resourcePath('/Groups', id, KEEPER_TEAM_ID);

function isWholeUser(body: unknown): body is IDataObject {
	return isObject(body) && body.id !== undefined && typeof body.userName === 'string';
}

function isWholeTeam(body: unknown): body is IDataObject {
	return isObject(body) && body.id !== undefined && typeof body.displayName === 'string';
}

/** Whether a body is the whole resource `id` of this kind (not a proxy's page, not another one). */
function isResource(kind: 'User' | 'Group', body: unknown, id: string): body is IDataObject {
	return (kind === 'User' ? isWholeUser(body) : isWholeTeam(body)) && String((body as IDataObject).id) === id;
}

/** Teams come back without members, as a Get without members returns them: teams can be huge. */
function withoutMembers(team: IDataObject): IDataObject {
	const { members: _members, ...rest } = team;
	return rest;
}

/** The resource at `path` (id `id`), or the transport's error when the answer is anything else. */
async function readResource(
	transport: Transport,
	path: string,
	id: string,
	kind: 'User' | 'Group',
	qs?: IDataObject,
): Promise<IDataObject> {
	const { body } = await transport.request<unknown>({ path, qs });
	if (!isResource(kind, body, id)) return transport.unexpected({ method: 'GET', path, body }, `the SCIM ${kind} ${id}`);
	return body;
}

export async function readUser(transport: Transport, id: string): Promise<IDataObject> {
	return await readResource(transport, userPath(id), id, 'User');
}

/** Null when Keeper answers 404 (no such user), else the user; any other answer is the transport's error. */
export async function findUser(transport: Transport, id: string): Promise<IDataObject | null> {
	const path = userPath(id);
	const { status, body } = await transport.request<unknown>({ path, acceptStatus: [404] });
	if (status === 404) return null;
	if (!isResource('User', body, id)) return transport.unexpected({ method: 'GET', path, body }, `the SCIM User ${id}`);
	return body;
}

export async function readTeam(transport: Transport, id: string): Promise<IDataObject> {
	return await readResource(transport, teamPath(id), id, 'Group', { excludedAttributes: 'members' });
}

export async function readTeamWithMembers(transport: Transport, id: string): Promise<IDataObject> {
	return await readResource(transport, teamPath(id), id, 'Group');
}

function teamIdsOf(user: IDataObject): string[] {
	return Array.isArray(user.groups)
		? (user.groups as unknown[]).filter(isObject).map((group) => String(group.value))
		: [];
}

/**
 * A PATCH of the resource at `path`, and the resource after it: the answer when it is the whole
 * resource (200), else a fresh read when the server answered 204 No Content (RFC 7644 §3.5.2).
 * Any other answer — an HTML page, an empty 200, a foreign shape — is an error, not a success.
 */
async function patchResource(
	transport: Transport,
	path: string,
	id: string,
	kind: 'User' | 'Group',
	operations: PatchOperation[],
): Promise<IDataObject> {
	const { status, body } = await transport.request<unknown>({
		method: 'PATCH',
		path,
		headers: SCIM_HEADERS,
		body: { schemas: [PATCH_SCHEMA], Operations: operations },
	});
	if (isResource(kind, body, id)) return body;
	if (status === 204) return kind === 'User' ? await readUser(transport, id) : await readTeamWithMembers(transport, id);
	return transport.unexpected({ method: 'PATCH', path, body }, `the SCIM ${kind} ${id} or 204 No Content`);
}

async function patchUser(transport: Transport, id: string, operations: PatchOperation[]): Promise<IDataObject> {
	return await patchResource(transport, userPath(id), id, 'User', operations);
}

/** Fails when the resource after a write does not show what was written. */
function confirm(applied: boolean, what: string): void {
	if (!applied) {
		throw new UserFacingError(
			`Keeper accepted the request but ${what}`,
			'The server did not apply the change. Check the user and team in the Keeper Admin Console; if the SCIM node is managed by another provisioning source, change it there.',
		);
	}
}

/**
 * Adds the user to the teams (or removes them) and returns the user afterwards. Keeper does it
 * through the user's `groups`; a spec-strict SCIM server keeps `User.groups` read-only
 * (RFC 7643 §4.1.2) and ignores that, so what did not take is done through each team's `members`.
 */
async function applyMembership(
	transport: Transport,
	userId: string,
	teamIds: string[],
	member: boolean,
	user?: IDataObject,
): Promise<IDataObject> {
	const op = member ? 'add' : 'remove';
	const pending = (current: IDataObject) => teamIds.filter((teamId) => teamIdsOf(current).includes(teamId) !== member);
	let current = user ?? (await patchUser(transport, userId, [{ op, path: 'groups', value: teamIds.map((value) => ({ value })) }]));
	const left = pending(current);
	if (!left.length) return current;
	for (const teamId of left) {
		const operation: PatchOperation =
			member
				? { op, path: 'members', value: [{ value: userId }] }
				: { op, path: `members[value eq ${scimString(userId)}]`, value: undefined };
		await patchResource(transport, teamPath(teamId), teamId, 'Group', [operation]);
	}
	current = await readUser(transport, userId);
	const still = pending(current);
	confirm(!still.length, `user ${userId} is still ${member ? 'not in' : 'in'} team ${still.join(', ')}`);
	return current;
}

function emailsValue(email: string): IDataObject[] {
	return [{ value: email, primary: true, type: 'work' }];
}

/** Finds a user just created when Keeper answered without its id. */
async function findCreatedUser(transport: Transport, userName: string): Promise<IDataObject> {
	const { body } = await transport.request<IDataObject>({
		path: '/Users',
		qs: { filter: `userName eq ${scimString(userName)}`, count: 1 },
	});
	const [user] = Array.isArray(body.Resources) ? (body.Resources as IDataObject[]) : [];
	if (!user) {
		throw new UserFacingError(
			`Keeper accepted the new user ${userName} but does not list it`,
			'Keeper may still be provisioning the user. Look it up with Get Many (Email filter) in a moment before creating it again.',
		);
	}
	return user;
}

/**
 * Creates a user in the SCIM node. Every team is checked first, so an unknown Team UID fails
 * before anything is created; teams Keeper did not apply from the create body are added after.
 */
export async function createUser(transport: Transport, user: NewUser): Promise<IDataObject> {
	checkedEmail(user.email);
	for (const teamId of user.groupIds) await readTeam(transport, teamId);
	const name: IDataObject = {};
	if (user.firstName) name.givenName = user.firstName;
	if (user.lastName) name.familyName = user.lastName;
	const displayName = user.displayName || [user.firstName, user.lastName].filter(Boolean).join(' ');
	const { status, body } = await transport.request<unknown>({
		method: 'POST',
		path: '/Users',
		headers: SCIM_HEADERS,
		body: {
			schemas: [USER_SCHEMA],
			userName: user.email,
			emails: emailsValue(user.email),
			...(Object.keys(name).length ? { name } : {}),
			...(displayName ? { displayName } : {}),
			...(user.externalId ? { externalId: user.externalId } : {}),
			...(user.groupIds.length ? { groups: user.groupIds.map((value) => ({ value })) } : {}),
		},
	});
	let created: IDataObject;
	if (isWholeUser(body)) created = body;
	else if (isObject(body) && body.id !== undefined) created = await readUser(transport, String(body.id));
	else if (status === 201 && isEmpty(body)) created = await findCreatedUser(transport, user.email);
	else return transport.unexpected({ method: 'POST', path: '/Users', body }, 'the created SCIM User');
	confirm(
		typeof created.userName === 'string' && created.userName.toLowerCase() === user.email.toLowerCase(),
		`returned the user ${String(created.userName)} instead of ${user.email}`,
	);

	const joined = teamIdsOf(created);
	const missing = user.groupIds.filter((teamId) => !joined.includes(teamId));
	if (!missing.length) return created;
	return await applyMembership(transport, String(created.id), missing, true);
}

function isEmpty(body: unknown): boolean {
	return body === undefined || body === null || body === '';
}

/**
 * Changes only the given fields, with a PATCH (a PUT would blank whatever it does not repeat).
 * `name` is sent whole, the part not given read from Keeper, because servers differ on whether
 * a replaced complex attribute keeps the sub-attributes it does not mention.
 */
export async function updateUser(transport: Transport, id: string, changes: UserChanges): Promise<IDataObject> {
	if (changes.email !== undefined) checkedEmail(changes.email);
	const value: IDataObject = {};
	if (changes.email !== undefined) {
		value.emails = emailsValue(changes.email);
		value.userName = changes.email;
	}
	if (changes.userName !== undefined) value.userName = changes.userName;
	if (changes.firstName !== undefined || changes.lastName !== undefined) {
		const onePartOnly = changes.firstName === undefined || changes.lastName === undefined;
		const current = onePartOnly ? await readUser(transport, id) : {};
		const name = isObject(current.name) ? current.name : {};
		value.name = {
			givenName: changes.firstName ?? name.givenName ?? '',
			familyName: changes.lastName ?? name.familyName ?? '',
		};
	}
	if (changes.displayName !== undefined) value.displayName = changes.displayName;
	if (changes.externalId !== undefined) value.externalId = changes.externalId;
	const updated = await patchUser(transport, id, [{ op: 'replace', value }]);
	confirmFields(updated, value);
	return updated;
}

/** The plain text attributes written (userName, displayName, externalId) must read back as written. */
function confirmFields(resource: IDataObject, written: IDataObject): void {
	const differing = Object.entries(written).filter(
		([name, value]) => typeof value === 'string' && value !== '' && resource[name] !== value,
	);
	confirm(!differing.length, `${differing.map(([name]) => name).join(', ')} did not change`);
}

/** Locks (`active: false`) or unlocks a user; a user already in that state is left alone. */
export async function setUserActive(transport: Transport, id: string, active: boolean): Promise<WriteOutcome> {
	const current = await readUser(transport, id);
	if ((current.active !== false) === active) return { resource: current, changed: false };
	const resource = await patchUser(transport, id, [{ op: 'replace', value: { active } }]);
	confirm((resource.active !== false) === active, `user ${id} is still ${active ? 'locked' : 'active'}`);
	return { resource, changed: true };
}

/**
 * Adds a user to a team or removes them (see applyMembership) and checks that it took.
 * The team is read first so that an unknown Team UID is reported as such, not as an unknown user.
 */
export async function setTeamMembership(
	transport: Transport,
	userId: string,
	teamId: string,
	member: boolean,
): Promise<WriteOutcome> {
	const current = await readUser(transport, userId);
	await readTeam(transport, teamId);
	if (teamIdsOf(current).includes(teamId) === member) return { resource: current, changed: false };
	return { resource: await applyMembership(transport, userId, [teamId], member), changed: true };
}

/** Deletes a user and returns them as they were, so a workflow can still report who it was. */
export async function deleteUser(transport: Transport, id: string): Promise<IDataObject> {
	const current = await readUser(transport, id);
	await deleteConfirmed(transport, userPath(id));
	return current;
}

export async function createTeam(transport: Transport, fields: GroupFields): Promise<IDataObject> {
	const { status, body } = await transport.request<unknown>({
		method: 'POST',
		path: '/Groups',
		headers: SCIM_HEADERS,
		body: {
			schemas: [GROUP_SCHEMA],
			displayName: fields.name,
			...(fields.externalId ? { externalId: fields.externalId } : {}),
		},
	});
	let created: IDataObject | undefined;
	if (isWholeTeam(body)) created = withoutMembers(body);
	else if (isObject(body) && body.id !== undefined) created = await readTeam(transport, String(body.id));
	else if (status !== 201 || !isEmpty(body)) return transport.unexpected({ method: 'POST', path: '/Groups', body }, 'the created SCIM Group');
	if (created) {
		confirm(created.displayName === fields.name, `returned the team ${String(created.displayName)} instead of ${fields.name ?? ''}`);
		return created;
	}
	throw new UserFacingError(
		`Keeper accepted the new team ${fields.name ?? ''} but did not return its ID`,
		'Look the team up with Get Many (Name filter) before creating it again.',
	);
}

export async function updateTeam(transport: Transport, id: string, fields: GroupFields): Promise<IDataObject> {
	const value: IDataObject = {};
	if (fields.name !== undefined) value.displayName = fields.name;
	if (fields.externalId !== undefined) value.externalId = fields.externalId;
	const updated = await patchResource(transport, teamPath(id), id, 'Group', [{ op: 'replace', value }]);
	confirmFields(updated, value);
	return withoutMembers(updated);
}

/** Deletes a team (its members stay in Keeper) and returns it as it was. */
export async function deleteTeam(transport: Transport, id: string): Promise<IDataObject> {
	const current = await readTeam(transport, id);
	await deleteConfirmed(transport, teamPath(id));
	return current;
}
