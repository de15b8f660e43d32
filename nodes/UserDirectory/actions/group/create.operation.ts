import { groupsOf, needed } from '../capabilities';
import type { OperationDefinition } from '../types';
import { externalIdField, fieldCollection, filledFields, requiredText, textField, unifiedGroup } from '../parameters';

export const createGroup: OperationDefinition = {
	resource: 'group',
	value: 'create',
	name: 'Create',
	action: 'Create a {provider} group',
	description: 'Create a group in the directory',
	offeredBy: (provider) => provider.groups?.create !== undefined,
	properties: () => [
		textField('Name', 'name', {
			required: true,
			placeholder: 'e.g. Engineering',
			description: 'Name of the new group',
		}),
		fieldCollection('additional', [externalIdField('group')]),
	],
	async execute(context, itemIndex) {
		const create = needed(groupsOf(this.getNode(), context.provider).create, context.provider, 'create groups');
		const name = requiredText.call(this, 'name', itemIndex, 'team name');
		const { externalId } = filledFields.call(this, 'additionalFields', itemIndex, ['externalId'] as const);
		const group = await create(await context.transport(), { name, externalId });
		return [unifiedGroup.call(this, context, group)];
	},
};
