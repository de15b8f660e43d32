import { membershipOperation } from './membership';

export const removeUserFromGroup = membershipOperation({
	value: 'removeFromGroup',
	name: 'Remove From Group',
	action: 'Remove a {provider} user from a group',
	description:
		'Remove a Keeper user from a team; the user stays in Keeper. A user who is not a member is left as they are (the output has wasMember: false).',
	member: false,
	outcome: (changed) => ({ wasMember: changed }),
});
