import type { SandboxRequest, SandboxResponse } from '../http';
import type { KeeperDirectory, KeeperTeam, KeeperUser } from './directory';
import { GROUP_SCHEMA, groupResource, PATCH_SCHEMA, scim, scimError, USER_SCHEMA, userResource } from './scim';

/** How the sandbox answers writes; tests may change these between runs. */
export interface KeeperWriteSettings {
	/** Licensed seats: creating a user when every seat is taken answers 428. Locked users hold a seat too. */
	seatLimit: number;
	/**
	 * What a write answers with: the whole resource (`full`), or, like servers that do not echo
	 * resources, only `{schemas, id}` for a POST (`id`) or nothing at all (`none`); PUT and PATCH
	 * answer 204 unless `full`.
	 */
	responses: 'full' | 'id' | 'none';
	/** Create users without the `groups` of the POST body, like a server that applies teams only by PATCH. */
	ignoreGroupsOnCreate: boolean;
	/**
	 * Spec-strict SCIM: `User.groups` is read-only (RFC 7643 §4.1.2), so a user's POST or PATCH of
	 * `groups` is accepted and silently ignored; membership changes only through `/Groups` members.
	 */
	strictScim: boolean;
}

type Json = Record<string, unknown>;
type UserDraft = Omit<KeeperUser, 'id'>;

/** Thrown inside a write to answer with a SCIM error; nothing is applied then. */
class ScimRefusal {
	constructor(readonly response: SandboxResponse) {}
}

function refuse(status: number, detail: string, scimType?: string): never {
	throw new ScimRefusal(scimError(status, detail, scimType));
}

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(request: SandboxRequest): Json {
	const type = String(request.headers['content-type'] ?? '');
	if (!/^application\/(scim\+)?json\b/i.test(type)) refuse(415, `Unsupported content type "${type}"`);
	let body: unknown;
	try {
		body = JSON.parse(request.body.toString('utf8'));
	} catch {
		refuse(400, 'The request body is not JSON', 'invalidSyntax');
	}
	if (!isObject(body)) refuse(400, 'The request body must be a JSON object', 'invalidSyntax');
	return body;
}

function text(value: unknown, attribute: string): string {
	if (typeof value !== 'string') refuse(400, `${attribute} must be a string`, 'invalidValue');
	return value;
}

function primaryEmail(emails: unknown): string | undefined {
	if (!Array.isArray(emails)) return undefined;
	const entries = emails.filter(isObject);
	const primary = entries.find((entry) => entry.primary === true) ?? entries[0];
	return primary ? text(primary.value, 'emails.value') : undefined;
}

function referencedIds(value: unknown, attribute: string): string[] {
	if (!Array.isArray(value)) refuse(400, `${attribute} must be a list of {"value": …}`, 'invalidValue');
	return value.map((entry) => text(isObject(entry) ? entry.value : undefined, `${attribute}.value`));
}

/**
 * RFC 7644 PATCH of a multi-valued reference attribute (a user's `groups`, a group's `members`):
 * add / replace with a value list, remove with a value list, all, or a `[value eq "…"]` filter.
 */
function patchReferences(
	op: string,
	path: string,
	value: unknown,
	current: string[],
	exists: (id: string) => boolean,
	kind: string,
): string[] {
	const filtered = /^\w+\[value eq ("(?:[^"\\]|\\.)*")\]$/i.exec(path);
	if (filtered) {
		if (op !== 'remove') refuse(400, `Only remove may use the filter in ${path}`, 'invalidPath');
		const id = JSON.parse(filtered[1]) as string;
		return current.filter((entry) => entry !== id);
	}
	if (op === 'remove' && value === undefined) return [];
	const ids = referencedIds(value, path);
	if (op === 'remove') return current.filter((entry) => !ids.includes(entry));
	const unknown = ids.find((id) => !exists(id));
	if (unknown !== undefined) refuse(400, `${kind} ${unknown} not found`, 'invalidValue');
	return [...new Set(op === 'replace' ? ids : [...current, ...ids])];
}

function setUserAttribute(draft: UserDraft, attribute: string, value: unknown): void {
	switch (attribute.toLowerCase()) {
		case 'username':
			draft.userName = text(value, 'userName');
			return;
		case 'displayname':
			draft.displayName = text(value, 'displayName');
			return;
		case 'externalid':
			draft.externalId = text(value, 'externalId') || undefined;
			return;
		case 'active':
			if (typeof value !== 'boolean') refuse(400, 'active must be true or false', 'invalidValue');
			draft.active = value;
			return;
		case 'name': {
			// A replaced complex attribute loses the sub-attributes it does not repeat.
			const name = isObject(value) ? value : refuse(400, 'name must be an object', 'invalidValue');
			draft.givenName = name.givenName === undefined ? '' : text(name.givenName, 'name.givenName');
			draft.familyName = name.familyName === undefined ? '' : text(name.familyName, 'name.familyName');
			return;
		}
		case 'name.givenname':
			draft.givenName = text(value, 'name.givenName');
			return;
		case 'name.familyname':
			draft.familyName = text(value, 'name.familyName');
			return;
		case 'emails':
			draft.email = primaryEmail(value) ?? refuse(400, 'emails must hold an email', 'invalidValue');
			return;
		case 'schemas':
		case 'id':
			return;
		default:
			refuse(400, `Attribute "${attribute}" cannot be changed`, 'invalidPath');
	}
}

/** Keeper's login is the email: no two users may share a user name or an email. */
function assertUniqueEmail(directory: KeeperDirectory, draft: UserDraft, selfId?: string): void {
	const taken = [draft.userName.toLowerCase(), draft.email.toLowerCase()];
	const clash = directory
		.list()
		.some(
			(user) =>
				user.id !== selfId && (taken.includes(user.userName.toLowerCase()) || taken.includes(user.email.toLowerCase())),
		);
	if (clash) refuse(409, 'Email already taken', 'uniqueness');
}

/** A user from a POST or PUT body: everything not given is blank, as a full replacement implies. */
function userFromBody(body: Json, current?: KeeperUser): UserDraft {
	const userName = text(body.userName, 'userName');
	if (!userName) refuse(400, 'userName is required', 'invalidValue');
	const draft: UserDraft = {
		userName,
		email: primaryEmail(body.emails) ?? userName,
		givenName: '',
		familyName: '',
		displayName: '',
		active: current?.active ?? true,
		externalId: undefined,
		teamIds: current ? [...current.teamIds] : [],
	};
	for (const attribute of ['name', 'displayName', 'externalId', 'active'] as const) {
		if (body[attribute] !== undefined) setUserAttribute(draft, attribute, body[attribute]);
	}
	draft.displayName ||= `${draft.givenName} ${draft.familyName}`.trim() || draft.email;
	return draft;
}

function patchOperations(body: Json): Json[] {
	const schemas = Array.isArray(body.schemas) ? body.schemas : [];
	if (!schemas.includes(PATCH_SCHEMA)) refuse(400, `A PATCH body must have the schema ${PATCH_SCHEMA}`, 'invalidSyntax');
	if (!Array.isArray(body.Operations) || body.Operations.length === 0) {
		refuse(400, 'Operations must be a non-empty list', 'invalidSyntax');
	}
	return body.Operations.map((operation) => {
		if (!isObject(operation)) refuse(400, 'Each operation must be an object', 'invalidSyntax');
		const op = String(operation.op ?? '').toLowerCase();
		if (!['add', 'replace', 'remove'].includes(op)) refuse(400, `Unknown op "${String(operation.op)}"`, 'invalidSyntax');
		return { ...operation, op };
	});
}

export class KeeperWrites {
	constructor(
		private readonly directory: KeeperDirectory,
		private readonly settings: KeeperWriteSettings,
	) {}

	/** Applies a write to /Users or /Groups; undefined when the request is not a write. */
	handle(request: SandboxRequest, collection: string, id: string | undefined): SandboxResponse | undefined {
		if (collection !== 'Users' && collection !== 'Groups') return undefined;
		const users = collection === 'Users';
		try {
			if (request.method === 'POST' && !id) {
				return users ? this.createUser(readBody(request)) : this.createTeam(readBody(request));
			}
			if (!id || !['PUT', 'PATCH', 'DELETE'].includes(request.method)) return undefined;
			if (!(users ? this.directory.users : this.directory.teams).has(id)) {
				refuse(404, `${users ? 'User' : 'Group'} ${id} not found`);
			}
			if (request.method === 'DELETE') {
				if (users) this.directory.deleteUser(id);
				else this.directory.deleteTeam(id);
				return { status: 204 };
			}
			const body = readBody(request);
			return users ? this.changeUser(request.method, id, body) : this.changeTeam(request.method, id, body);
		} catch (error) {
			if (error instanceof ScimRefusal) return error.response;
			throw error;
		}
	}

	private changeUser(method: string, id: string, body: Json): SandboxResponse {
		const { directory } = this;
		const user = directory.user(id);
		const draft = method === 'PUT' ? userFromBody(body, user) : this.patchedUser(user, body);
		assertUniqueEmail(directory, draft, id);
		Object.assign(user, draft);
		return this.settings.responses === 'full' ? scim(200, userResource(directory, user)) : { status: 204 };
	}

	private createUser(body: Json): SandboxResponse {
		const { directory, settings } = this;
		const draft = userFromBody(body);
		assertUniqueEmail(directory, draft);
		if (directory.users.size >= settings.seatLimit) refuse(428, 'Number of licensed seats was exceeded');
		if (!settings.ignoreGroupsOnCreate && !settings.strictScim && body.groups !== undefined) {
			draft.teamIds = patchReferences('add', 'groups', body.groups, [], (teamId) => directory.teams.has(teamId), 'Team');
		}
		const user = directory.addUser(draft);
		return this.created(USER_SCHEMA, user.id, () => userResource(directory, user));
	}

	private patchedUser(user: KeeperUser, body: Json): UserDraft {
		const draft: UserDraft = { ...user, teamIds: [...user.teamIds] };
		for (const { op, path, value } of patchOperations(body)) {
			const target = typeof path === 'string' ? path.trim() : undefined;
			if (target && /^groups\b/i.test(target)) {
				if (this.settings.strictScim) continue;
				draft.teamIds = patchReferences(op as string, target, value, draft.teamIds, (teamId) => this.directory.teams.has(teamId), 'Team');
			} else if (op === 'remove') {
				if (!target) refuse(400, 'remove needs a path', 'noTarget');
				if (target.toLowerCase() !== 'externalid') refuse(400, `Attribute "${target}" cannot be removed`, 'mutability');
				draft.externalId = undefined;
			} else if (target) {
				setUserAttribute(draft, target, value);
			} else {
				const attributes = isObject(value) ? value : refuse(400, 'A patch without path needs an object value', 'invalidValue');
				for (const [attribute, attributeValue] of Object.entries(attributes)) setUserAttribute(draft, attribute, attributeValue);
			}
		}
		return draft;
	}


	private changeTeam(method: string, id: string, body: Json): SandboxResponse {
		const { directory } = this;
		const team = directory.teams.get(id) as KeeperTeam;
		const draft = { ...team };
		let members = directory.membersOf(id).map((user) => user.id);
		const userExists = (userId: string) => directory.users.has(userId);
		if (method === 'PUT') {
			draft.displayName = text(body.displayName, 'displayName');
			draft.externalId = body.externalId === undefined ? undefined : text(body.externalId, 'externalId');
			if (body.members !== undefined) members = patchReferences('replace', 'members', body.members, members, userExists, 'User');
		} else {
			for (const { op, path, value } of patchOperations(body)) {
				const target = typeof path === 'string' ? path.trim() : undefined;
				if (target && /^members\b/i.test(target)) {
					members = patchReferences(op as string, target, value, members, userExists, 'User');
				} else {
					const attributes = target ? { [target]: op === 'remove' ? '' : value } : value;
					if (!isObject(attributes)) refuse(400, 'A patch without path needs an object value', 'invalidValue');
					Object.assign(draft, teamAttributes(attributes));
				}
			}
		}
		if (!draft.displayName) refuse(400, 'displayName is required', 'invalidValue');
		Object.assign(team, draft);
		this.setMembers(id, members);
		return this.settings.responses === 'full' ? scim(200, groupResource(directory, team, true)) : { status: 204 };
	}

	private createTeam(body: Json): SandboxResponse {
		const { directory } = this;
		const displayName = text(body.displayName, 'displayName').trim();
		if (!displayName) refuse(400, 'displayName is required', 'invalidValue');
		const members =
			body.members === undefined
				? []
				: patchReferences('add', 'members', body.members, [], (userId) => directory.users.has(userId), 'User');
		const externalId = body.externalId === undefined ? undefined : text(body.externalId, 'externalId');
		const team = directory.addTeam(displayName, externalId || undefined);
		this.setMembers(team.id, members);
		return this.created(GROUP_SCHEMA, team.id, () => groupResource(directory, team, true));
	}

	private created(schema: string, id: string, resource: () => Record<string, unknown>): SandboxResponse {
		if (this.settings.responses === 'none') return { status: 201 };
		return scim(201, this.settings.responses === 'id' ? { schemas: [schema], id } : resource());
	}

	private setMembers(teamId: string, memberIds: string[]): void {
		for (const user of this.directory.list()) {
			const member = memberIds.includes(user.id);
			if (member && !user.teamIds.includes(teamId)) user.teamIds.push(teamId);
			if (!member) user.teamIds = user.teamIds.filter((id) => id !== teamId);
		}
	}
}

/** displayName / externalId of a team from a PATCH value object (attribute names ignore case). */
function teamAttributes(attributes: Json): Partial<KeeperTeam> {
	const changes: Partial<KeeperTeam> = {};
	for (const [attribute, value] of Object.entries(attributes)) {
		const name = attribute.toLowerCase();
		if (name === 'displayname') changes.displayName = text(value, 'displayName');
		else if (name === 'externalid') changes.externalId = text(value, 'externalId') || undefined;
		else if (name !== 'schemas' && name !== 'id') refuse(400, `Attribute "${attribute}" cannot be changed`, 'invalidPath');
	}
	return changes;
}
