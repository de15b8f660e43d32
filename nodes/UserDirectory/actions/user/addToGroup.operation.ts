import { membershipOperation } from './membership';

export const addUserToGroup = membershipOperation({
	value: 'addToGroup',
	name: 'Add to Group',
	action: 'Add a {provider} user to a group',
	description:
		'Add a Keeper user to a team. A user who is already a member is left as they are (the output has alreadyMember: true).',
	member: true,
	outcome: (changed) => ({ alreadyMember: !changed }),
});
