import { accountStateOperation } from './accountState';

export const suspendUser = accountStateOperation({
	value: 'suspend',
	name: 'Suspend',
	action: 'Suspend a {provider} user',
	description:
		'Lock a Keeper user so they can no longer sign in; their vault is kept. Already locked users are left as they are (the output has alreadySuspended: true).',
	active: false,
	alreadyField: 'alreadySuspended',
});
