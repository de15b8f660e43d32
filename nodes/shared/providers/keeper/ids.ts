import type { IdRule } from '../../helpers/values';

/**
 * Keeper's user IDs are numbers and its team UIDs base64url (which may start with `-` or `_`); a
 * SCIM server in front of it may hand out other opaque IDs. `.` and `..` are refused by checkedId.
 */
const OPAQUE_SCIM_ID = /^[A-Za-z0-9_.=+:@~-]{1,128}$/;

export const KEEPER_USER_ID: IdRule = {
	label: 'Keeper user ID',
	pattern: OPAQUE_SCIM_ID,
	hint: 'Keeper user IDs are numbers such as 1099511627777: map the `id` field of Get Many, Create or the trigger.',
};

export const KEEPER_TEAM_ID: IdRule = {
	label: 'Keeper Team UID',
	pattern: OPAQUE_SCIM_ID,
	hint: 'Team UIDs look like Vq2SlXlhuEWBRBAqEFGo7w: map the `id` field of Get Many on groups or of Create.',
};
