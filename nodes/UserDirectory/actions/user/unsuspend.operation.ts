import { accountStateOperation } from './accountState';

export const unsuspendUser = accountStateOperation({
	value: 'unsuspend',
	name: 'Unsuspend',
	action: 'Unsuspend a {provider} user',
	description:
		'Unlock a locked Keeper user so they can sign in again. Users that are not locked are left as they are (the output has alreadyActive: true).',
	active: true,
	alreadyField: 'alreadyActive',
});
