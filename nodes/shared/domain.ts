/**
 * The package's vocabulary: users, groups, directory events and HTTP failures as every part of
 * the package speaks of them. A leaf: it imports nothing, so providers, the change engine,
 * transport and nodes all depend on it and never on each other for these shapes.
 */

export type UserStatus = 'active' | 'suspended' | 'archived';

export type GroupRef = {
	id: string;
	name: string | null;
};

/** The one user shape every provider is normalised to; absent facts are null, never missing. */
export type UnifiedUser = {
	id: string;
	provider: string;
	email: string | null;
	username: string | null;
	firstName: string | null;
	lastName: string | null;
	displayName: string | null;
	status: UserStatus;
	groups: GroupRef[];
	externalId: string | null;
	createdAt: string | null;
	updatedAt: string | null;
};

export type GroupMember = {
	id: string;
	display: string | null;
};

export type UnifiedGroup = {
	id: string;
	provider: string;
	name: string | null;
	externalId: string | null;
	memberCount: number | null;
	members?: GroupMember[];
};

/** Events about one user: joiners, leavers and edits. */
export const USER_EVENTS = ['userCreated', 'userSuspended', 'userReactivated', 'userDeleted', 'userUpdated'] as const;
/** One user joined or left one group: an item per user and group. */
export const MEMBERSHIP_EVENTS = ['userAddedToGroup', 'userRemovedFromGroup'] as const;
/** A group itself appeared, was renamed or went away. */
export const GROUP_EVENTS = ['groupCreated', 'groupUpdated', 'groupDeleted'] as const;

/** In the order events are returned. */
export const DIRECTORY_EVENTS = [...USER_EVENTS, ...MEMBERSHIP_EVENTS, ...GROUP_EVENTS] as const;

export type UserEventName = (typeof USER_EVENTS)[number];
export type MembershipEventName = (typeof MEMBERSHIP_EVENTS)[number];
export type GroupEventName = (typeof GROUP_EVENTS)[number];
export type DirectoryEvent = (typeof DIRECTORY_EVENTS)[number];

/** Fields whose change is a `userUpdated`; groups compare as a set of ids, text exactly. */
export const TRACKED_FIELDS = [
	'email',
	'username',
	'firstName',
	'lastName',
	'displayName',
	'externalId',
	'groups',
] as const;

export type TrackedField = (typeof TRACKED_FIELDS)[number];

/** `unknown`: a compact snapshot saw a tracked field change but could not tell which one. */
export type ChangedField = TrackedField | 'status' | 'unknown';

/** A user as a snapshot remembers it: whatever a compact snapshot could not keep is null. */
export type RememberedUser = Omit<UnifiedUser, 'groups'> & { groups: UnifiedUser['groups'] | null };

export type UserChangeEvent = {
	event: UserEventName;
	provider: string;
	/** The user now; for `userDeleted`, the user as last seen (same object as `previous`). */
	user: RememberedUser;
	/** The user as last seen; null for a user seen for the first time. */
	previous: RememberedUser | null;
	/** Fields that differ from `previous`, in TRACKED_FIELDS order, then `status`; else empty. */
	changes: ChangedField[];
	detectedAt: string;
};

/** A user who joined or left a group (also as a newcomer, a leaver, or when the group went away). */
export type MembershipChangeEvent = {
	event: MembershipEventName;
	provider: string;
	/** The user now; for a user no longer in the directory, as last seen. */
	user: RememberedUser;
	group: GroupRef;
	detectedAt: string;
};

export type GroupChangeEvent = {
	event: GroupEventName;
	provider: string;
	/** The group now; for `groupDeleted`, as last seen. */
	group: GroupRef;
	/** The group as last seen; null for a new group. */
	previous: GroupRef | null;
	detectedAt: string;
};

export type ChangeEvent = UserChangeEvent | MembershipChangeEvent | GroupChangeEvent;

export function isUserEvent(event: ChangeEvent): event is UserChangeEvent {
	return (USER_EVENTS as readonly string[]).includes(event.event);
}

export function isGroupEventName(event: DirectoryEvent): event is GroupEventName {
	return (GROUP_EVENTS as readonly string[]).includes(event);
}

/** A request that failed, as providers explain it (messages never carry credentials). */
export interface HttpFailure {
	/** HTTP status, or 0 when no response arrived. */
	status: number;
	/** Parsed JSON body, or the raw text when it was not JSON. */
	body: unknown;
	method: string;
	/** Path relative to the base URL, without query string (never carries credentials). */
	path: string;
	/** Network error code (ECONNREFUSED, ETIMEDOUT…) when no response arrived. */
	networkCode?: string;
}
