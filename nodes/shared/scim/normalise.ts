import type { IDataObject } from 'n8n-workflow';

import { isObject, textOrNull } from '../helpers/values';
import type { GroupMember, GroupRef, UnifiedGroup, UnifiedUser } from '../domain';

/**
 * A multi-valued reference (a user's groups, a group's members), each entry made by `make`;
 * entries that are not objects with an id are left out (a server's answer is trusted only in shape).
 */
function references<Entry>(list: unknown, make: (id: string, display: string | null) => Entry): Entry[] {
	const entries: Entry[] = [];
	if (!Array.isArray(list)) return entries;
	for (const entry of list as unknown[]) {
		const id = isObject(entry) ? textOrNull(entry.value) : null;
		if (id !== null) entries.push(make(id, textOrNull((entry as IDataObject).display)));
	}
	return entries;
}

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
	return {
		id: String(raw.id),
		provider,
		email: primaryEmail(raw.emails),
		username: textOrNull(raw.userName),
		firstName: textOrNull(name.givenName),
		lastName: textOrNull(name.familyName),
		displayName: textOrNull(raw.displayName) ?? textOrNull(name.formatted),
		status: raw.active === false ? 'suspended' : 'active',
		groups: references(raw.groups, (id, name): GroupRef => ({ id, name })),
		externalId: textOrNull(raw.externalId),
		createdAt: textOrNull(meta.created),
		updatedAt: textOrNull(meta.lastModified),
	};
}

/** RFC 7643 Group → unified group; `memberCount` is null when members were excluded. */
export function normaliseScimGroup(raw: IDataObject, provider: string): UnifiedGroup {
	const members = Array.isArray(raw.members) ? references(raw.members, (id, display): GroupMember => ({ id, display })) : undefined;
	return {
		id: String(raw.id),
		provider,
		name: textOrNull(raw.displayName),
		externalId: textOrNull(raw.externalId),
		memberCount: members ? members.length : null,
		...(members ? { members } : {}),
	};
}
