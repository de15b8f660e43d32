import { accountStateOperation } from '../toggles';

export const unsuspendUser = accountStateOperation({
	value: 'unsuspend',
	name: 'Unsuspend',
	action: 'Unsuspend a {provider} user',
	description:
		'Reactivate a suspended user so they can sign in again. Users that are not suspended are left as they are (the output has alreadyActive: true).',
	active: true,
	alreadyField: 'alreadyActive',
});
