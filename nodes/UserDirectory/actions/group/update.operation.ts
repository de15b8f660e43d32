import * as keeper from '../../../shared/providers/keeper/writes';
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
	description: 'Rename a Keeper team or change its external ID. Only the fields you add are changed.',
	providers: ['keeper'],
	properties: [
		groupIdProperty(),
		fieldCollection('update', [
			externalIdField('group'),
			textField('Name', 'name', { description: 'The new name of the team' }),
		]),
	],
	async execute(context, itemIndex) {
		const groupId = requiredGroupId.call(this, context, itemIndex);
		const changes = updateFields.call(this, itemIndex, ['name', 'externalId'] as const);
		return [unifiedGroup.call(this, context, await keeper.updateTeam(await context.transport(), groupId, changes))];
	},
};
