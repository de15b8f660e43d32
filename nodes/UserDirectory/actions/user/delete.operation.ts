import { needed } from '../capabilities';
import type { OperationDefinition } from '../types';
import { requiredUserId, unifiedUser, userIdProperty } from '../parameters';

export const deleteUser: OperationDefinition = {
	resource: 'user',
	value: 'delete',
	name: 'Delete',
	action: 'Delete a {provider} user',
	description: 'Delete a user from the directory. Only delete when deletion is explicitly requested.',
	offeredBy: (provider) => provider.users.delete !== undefined,
	properties: (provider) => [userIdProperty(provider)],
	async execute(context, itemIndex) {
		const userId = requiredUserId.call(this, context, itemIndex);
		const remove = needed(context.provider.users.delete, context.provider, 'delete users');
		const deleted = await remove(await context.transport(), userId);
		return [{ ...unifiedUser(context, deleted), deleted: true }];
	},
};
