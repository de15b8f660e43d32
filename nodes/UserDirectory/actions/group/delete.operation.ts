import * as keeper from '../../../shared/providers/keeper/writes';
import type { OperationDefinition } from '../types';
import { groupIdProperty, requiredGroupId, unifiedGroup } from '../parameters';

export const deleteGroup: OperationDefinition = {
	resource: 'group',
	value: 'delete',
	name: 'Delete',
	action: 'Delete a {provider} group permanently',
	description:
		'Permanently delete a Keeper team. Its members stay in Keeper but lose the shared folders and records the team gave them. This cannot be undone; only delete when deletion is explicitly requested.',
	providers: ['keeper'],
	properties: [
		groupIdProperty(
			'The team to delete permanently, or its Team UID as returned by Get Many on groups. Double-check it: the deletion cannot be undone.',
		),
	],
	async execute(context, itemIndex) {
		const groupId = requiredGroupId.call(this, context, itemIndex);
		const deleted = await keeper.deleteTeam(await context.transport(), groupId);
		return [{ ...unifiedGroup.call(this, context, deleted), deleted: true }];
	},
};
