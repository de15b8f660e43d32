import { membershipOperation } from '../toggles';

export const removeUserFromGroup = membershipOperation({
	value: 'removeFromGroup',
	name: 'Remove From Group',
	action: 'Remove a {provider} user from a group',
	description:
		'Remove a user from a group; the user stays in the directory. A user who is not a member is left as they are (the output has wasMember: false).',
	member: false,
	outcome: (changed) => ({ wasMember: changed }),
});
