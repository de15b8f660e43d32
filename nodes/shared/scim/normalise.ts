import type { IDataObject } from 'n8n-workflow';

import { textOrNull } from '../helpers/values';
import type { GroupMember, UnifiedGroup, UnifiedUser } from '../domain';

function primaryEmail(emails: unknown): string | null {
	if (!Array.isArray(emails) || emails.length === 0) return null;
	const entries = emails as IDataObject[];
	const primary = entries.find((entry) => entry?.primary === true) ?? entries[0];
	return textOrNull(primary?.value);
}

/** The attributes `normaliseScimUser` reads (RFC 7644 §3.4.2.5 `attributes=`); `id` always comes. */
export const SCIM_USER_ATTRIBUTES = 'userName,name,displayName,emails,active,groups,externalId,meta';

/** RFC 7643 User → unified user. `active:false` is a locked (suspended) user. */
export function normaliseScimUser(raw: IDataObject, provider: string): UnifiedUser {
	const name = (raw.name ?? {}) as IDataObject;
	const meta = (raw.meta ?? {}) as IDataObject;
	const groups = Array.isArray(raw.groups) ? (raw.groups as IDataObject[]) : [];
	return {
		id: String(raw.id),
		provider,
		email: primaryEmail(raw.emails),
		username: textOrNull(raw.userName),
		firstName: textOrNull(name.givenName),
		lastName: textOrNull(name.familyName),
		displayName: textOrNull(raw.displayName) ?? textOrNull(name.formatted),
		status: raw.active === false ? 'suspended' : 'active',
		groups: groups.map((group) => ({ id: String(group.value), name: textOrNull(group.display) })),
		externalId: textOrNull(raw.externalId),
		createdAt: textOrNull(meta.created),
		updatedAt: textOrNull(meta.lastModified),
	};
}

/** RFC 7643 Group → unified group; `memberCount` is null when members were excluded. */
export function normaliseScimGroup(raw: IDataObject, provider: string): UnifiedGroup {
	const group: UnifiedGroup = {
		id: String(raw.id),
		provider,
		name: textOrNull(raw.displayName),
		externalId: textOrNull(raw.externalId),
		memberCount: Array.isArray(raw.members) ? raw.members.length : null,
	};
	if (Array.isArray(raw.members)) {
		group.members = (raw.members as IDataObject[]).map(
			(member): GroupMember => ({ id: String(member.value), display: textOrNull(member.display) }),
		);
	}
	return group;
}
