import { groupsOf, needed } from '../capabilities';
import type { OperationDefinition } from '../types';
import {
	externalIdField,
	fieldCollection,
	groupIdProperty,
	requiredGroupId,
	textField,
	unifiedGroup,
	updateFields,
} from '../parameters';

export const updateGroup: OperationDefinition = {
	resource: 'group',
	value: 'update',
	name: 'Update',
	action: 'Update a {provider} group',
	description: 'Rename a group or change its external ID. Only the fields you add are changed.',
	offeredBy: (provider) => provider.groups?.update !== undefined,
	properties: (provider) => [
		groupIdProperty(provider),
		fieldCollection('update', [
			externalIdField('group'),
			textField('Name', 'name', { description: 'The new name of the group' }),
		]),
	],
	async execute(context, itemIndex) {
		const groupId = requiredGroupId.call(this, context, itemIndex);
		const changes = updateFields.call(this, itemIndex, ['name', 'externalId'] as const);
		const update = needed(groupsOf(this.getNode(), context.provider).update, context.provider, 'update groups');
		return [unifiedGroup.call(this, context, await update(await context.transport(), groupId, changes))];
	},
};
