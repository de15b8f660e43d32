import type { SandboxResponse } from '../http';
import type { KeeperDirectory, KeeperTeam, KeeperUser } from './directory';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export function scimError(status: number, detail: string, scimType?: string): SandboxResponse {
	return {
		status,
		headers: { 'Content-Type': 'application/scim+json' },
		body: { schemas: [ERROR_SCHEMA], status: String(status), detail, ...(scimType ? { scimType } : {}) },
	};
}

export function scim(status: number, body: unknown): SandboxResponse {
	return { status, headers: { 'Content-Type': 'application/scim+json' }, body };
}

/** Keeper's user representation: numeric id, no `meta` block. */
export function userResource(directory: KeeperDirectory, user: KeeperUser): Record<string, unknown> {
	return {
		schemas: [USER_SCHEMA],
		id: user.id,
		userName: user.userName,
		displayName: user.displayName,
		name: { givenName: user.givenName, familyName: user.familyName },
		emails: [{ primary: true, value: user.email, type: 'work' }],
		groups: user.teamIds.map((teamId) => ({ value: teamId, display: directory.teams.get(teamId)?.displayName })),
		active: user.active,
		...(user.externalId ? { externalId: user.externalId } : {}),
	};
}

export function groupResource(
	directory: KeeperDirectory,
	team: KeeperTeam,
	withMembers: boolean,
): Record<string, unknown> {
	return {
		schemas: [GROUP_SCHEMA],
		id: team.id,
		displayName: team.displayName,
		...(team.externalId ? { externalId: team.externalId } : {}),
		...(withMembers
			? { members: directory.membersOf(team.id).map((user) => ({ value: user.id, display: user.userName })) }
			: {}),
	};
}
