import { accountStateOperation } from '../toggles';

export const suspendUser = accountStateOperation({
	value: 'suspend',
	name: 'Suspend',
	action: 'Suspend a {provider} user',
	description:
		'Suspend a user so they can no longer sign in. Already suspended users are left as they are (the output has alreadySuspended: true).',
	active: false,
	alreadyField: 'alreadySuspended',
});
