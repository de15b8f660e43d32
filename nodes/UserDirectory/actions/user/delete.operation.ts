import * as keeper from '../../../shared/providers/keeper/writes';
import type { OperationDefinition } from '../types';
import { requiredUserId, unifiedUser, userIdProperty } from '../parameters';

export const deleteUser: OperationDefinition = {
	resource: 'user',
	value: 'delete',
	name: 'Delete',
	action: 'Delete a {provider} user permanently',
	description:
		'Permanently delete a Keeper user; the records in their vault can be lost with them. This cannot be undone. To offboard someone, use Suspend instead: it locks the account and keeps the vault. Only delete when deletion is explicitly requested.',
	providers: ['keeper'],
	properties: [
		userIdProperty(
			'The Keeper user to delete permanently, or their Keeper ID as returned by Get Many or the trigger. Double-check it: the deletion cannot be undone.',
		),
	],
	async execute(context, itemIndex) {
		const userId = requiredUserId.call(this, context, itemIndex);
		const deleted = await keeper.deleteUser(await context.transport(), userId);
		return [{ ...unifiedUser(context, deleted), deleted: true }];
	},
};
