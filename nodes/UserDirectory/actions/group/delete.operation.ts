import { groupsOf, needed } from '../capabilities';
import type { OperationDefinition } from '../types';
import { groupIdProperty, requiredGroupId, unifiedGroup } from '../parameters';

export const deleteGroup: OperationDefinition = {
	resource: 'group',
	value: 'delete',
	name: 'Delete',
	action: 'Delete a {provider} group',
	description: 'Delete a group of the directory. Only delete when deletion is explicitly requested.',
	offeredBy: (provider) => provider.groups?.delete !== undefined,
	properties: (provider) => [groupIdProperty(provider)],
	async execute(context, itemIndex) {
		const groupId = requiredGroupId.call(this, context, itemIndex);
		const remove = needed(groupsOf(this.getNode(), context.provider).delete, context.provider, 'delete groups');
		const deleted = await remove(await context.transport(), groupId);
		return [{ ...unifiedGroup.call(this, context, deleted), deleted: true }];
	},
};
