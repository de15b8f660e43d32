import type { IDataObject } from 'n8n-workflow';

import { UserFacingError } from '../../helpers/errors';
import { resourcePath } from '../../helpers/values';
import { scimString } from '../../scim';
import type { Transport } from '../../transport/types';
import { KEEPER_TEAM_ID, KEEPER_USER_ID } from './ids';

/**
 * Keeper SCIM writes (users and teams). Each function returns the resource as Keeper holds it
 * after the write: the response when it carries the whole resource, else a fresh read.
 */

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SCIM_HEADERS = { 'Content-Type': 'application/scim+json', Accept: 'application/scim+json, application/json' };

export interface NewKeeperUser {
	email: string;
	firstName?: string;
	lastName?: string;
	displayName?: string;
	externalId?: string;
	teamIds: string[];
}

/** Fields to change; absent ones are left as they are. */
export interface KeeperUserChanges {
	email?: string;
	userName?: string;
	firstName?: string;
	lastName?: string;
	displayName?: string;
	externalId?: string;
}

export interface KeeperTeamFields {
	name?: string;
	externalId?: string;
}

/** A write that may have had nothing to do: `changed` is false when Keeper already matched. */
export interface WriteOutcome {
	resource: IDataObject;
	changed: boolean;
}

type PatchOperation = { op: 'add' | 'remove' | 'replace'; path?: string; value: unknown };

const userPath = (id: string) => resourcePath('/Users', id, KEEPER_USER_ID);
const teamPath = (id: string) => resourcePath('/Groups', id, KEEPER_TEAM_ID);

function isObject(body: unknown): body is IDataObject {
	return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function isWholeUser(body: unknown): body is IDataObject {
	return isObject(body) && body.id !== undefined && typeof body.userName === 'string';
}

function isWholeTeam(body: unknown): body is IDataObject {
	return isObject(body) && body.id !== undefined && typeof body.displayName === 'string';
}

/** Teams come back without members, as a Get without members returns them: teams can be huge. */
function withoutMembers(team: IDataObject): IDataObject {
	const { members: _members, ...rest } = team;
	return rest;
}

export async function readUser(transport: Transport, id: string): Promise<IDataObject> {
	const { body } = await transport.request({ path: userPath(id) });
	return body;
}

/** Null when Keeper answers 404 (no such user), else the user. */
export async function findUser(transport: Transport, id: string): Promise<IDataObject | null> {
	const { status, body } = await transport.request({ path: userPath(id), acceptStatus: [404] });
	return status === 404 ? null : body;
}

export async function readTeam(transport: Transport, id: string): Promise<IDataObject> {
	const { body } = await transport.request({ path: teamPath(id), qs: { excludedAttributes: 'members' } });
	return body;
}

export async function readTeamWithMembers(transport: Transport, id: string): Promise<IDataObject> {
	const { body } = await transport.request({ path: teamPath(id) });
	return body;
}

function teamIdsOf(user: IDataObject): string[] {
	return Array.isArray(user.groups) ? (user.groups as IDataObject[]).map((group) => String(group.value)) : [];
}

async function patchUser(transport: Transport, id: string, operations: PatchOperation[]): Promise<IDataObject> {
	const { body } = await transport.request<unknown>({
		method: 'PATCH',
		path: userPath(id),
		headers: SCIM_HEADERS,
		body: { schemas: [PATCH_SCHEMA], Operations: operations },
	});
	return isWholeUser(body) ? body : await readUser(transport, id);
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
export async function createUser(transport: Transport, user: NewKeeperUser): Promise<IDataObject> {
	for (const teamId of user.teamIds) await readTeam(transport, teamId);
	const name: IDataObject = {};
	if (user.firstName) name.givenName = user.firstName;
	if (user.lastName) name.familyName = user.lastName;
	const displayName = user.displayName || [user.firstName, user.lastName].filter(Boolean).join(' ');
	const { body } = await transport.request<unknown>({
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
			...(user.teamIds.length ? { groups: user.teamIds.map((value) => ({ value })) } : {}),
		},
	});
	let created: IDataObject;
	if (isWholeUser(body)) created = body;
	else if (isObject(body) && body.id !== undefined) created = await readUser(transport, String(body.id));
	else created = await findCreatedUser(transport, user.email);

	const joined = teamIdsOf(created);
	const missing = user.teamIds.filter((teamId) => !joined.includes(teamId));
	if (!missing.length) return created;
	return await patchUser(transport, String(created.id), [
		{ op: 'add', path: 'groups', value: missing.map((value) => ({ value })) },
	]);
}

/**
 * Changes only the given fields, with a PATCH (a PUT would blank whatever it does not repeat).
 * `name` is sent whole, the part not given read from Keeper, because servers differ on whether
 * a replaced complex attribute keeps the sub-attributes it does not mention.
 */
export async function updateUser(transport: Transport, id: string, changes: KeeperUserChanges): Promise<IDataObject> {
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
	return await patchUser(transport, id, [{ op: 'replace', value }]);
}

/** Locks (`active: false`) or unlocks a user; a user already in that state is left alone. */
export async function setUserActive(transport: Transport, id: string, active: boolean): Promise<WriteOutcome> {
	const current = await readUser(transport, id);
	if ((current.active !== false) === active) return { resource: current, changed: false };
	return { resource: await patchUser(transport, id, [{ op: 'replace', value: { active } }]), changed: true };
}

/**
 * Adds a user to a team or removes them, the way Keeper does it: a PATCH of the user's `groups`.
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
	const resource = await patchUser(transport, userId, [
		{ op: member ? 'add' : 'remove', path: 'groups', value: [{ value: teamId }] },
	]);
	return { resource, changed: true };
}

/** Deletes a user and returns them as they were, so a workflow can still report who it was. */
export async function deleteUser(transport: Transport, id: string): Promise<IDataObject> {
	const current = await readUser(transport, id);
	await transport.request({ method: 'DELETE', path: userPath(id) });
	return current;
}

export async function createTeam(transport: Transport, fields: KeeperTeamFields): Promise<IDataObject> {
	const { body } = await transport.request<unknown>({
		method: 'POST',
		path: '/Groups',
		headers: SCIM_HEADERS,
		body: {
			schemas: [GROUP_SCHEMA],
			displayName: fields.name,
			...(fields.externalId ? { externalId: fields.externalId } : {}),
		},
	});
	if (isWholeTeam(body)) return withoutMembers(body);
	if (isObject(body) && body.id !== undefined) return await readTeam(transport, String(body.id));
	throw new UserFacingError(
		`Keeper accepted the new team ${fields.name ?? ''} but did not return its ID`,
		'Look the team up with Get Many (Name filter) before creating it again.',
	);
}

export async function updateTeam(transport: Transport, id: string, fields: KeeperTeamFields): Promise<IDataObject> {
	const value: IDataObject = {};
	if (fields.name !== undefined) value.displayName = fields.name;
	if (fields.externalId !== undefined) value.externalId = fields.externalId;
	const { body } = await transport.request<unknown>({
		method: 'PATCH',
		path: teamPath(id),
		headers: SCIM_HEADERS,
		body: { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value }] },
	});
	return isWholeTeam(body) ? withoutMembers(body) : await readTeam(transport, id);
}

/** Deletes a team (its members stay in Keeper) and returns it as it was. */
export async function deleteTeam(transport: Transport, id: string): Promise<IDataObject> {
	const current = await readTeam(transport, id);
	await transport.request({ method: 'DELETE', path: teamPath(id) });
	return current;
}
