import { membershipOperation } from '../toggles';

export const addUserToGroup = membershipOperation({
	value: 'addToGroup',
	name: 'Add to Group',
	action: 'Add a {provider} user to a group',
	description:
		'Add a user to a group. A user who is already a member is left as they are (the output has alreadyMember: true).',
	member: true,
	outcome: (changed) => ({ alreadyMember: !changed }),
});
