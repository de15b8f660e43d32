import { deleteKandjiUser } from '../../../shared/providers/kandji';
import type { OperationDefinition } from '../types';
import { unifiedUser } from '../parameters';
import { kandjiUserIdProperty, kandjiUserOfItem } from './kandjiSupport';

export const deleteKandjiUserOperation: OperationDefinition = {
	resource: 'user',
	value: 'delete',
	name: 'Delete',
	action: 'Delete a {provider} user',
	description:
		"Delete a user from Kandji. Kandji refuses while devices are still assigned to the user. A user who still exists in the directory integration's source (Google Workspace, Entra ID, Okta…) comes back at its next sync.",
	providers: ['kandji'],
	properties: [
		kandjiUserIdProperty(
			"The Kandji user to delete, or their Kandji ID (a UUID) as returned by Get Many or the trigger.",
		),
	],
	async execute(context, itemIndex) {
		const user = await kandjiUserOfItem.call(this, context, itemIndex);
		await deleteKandjiUser(await context.transport(), String(user.id));
		return [{ ...unifiedUser(context, user), deleted: true }];
	},
};
