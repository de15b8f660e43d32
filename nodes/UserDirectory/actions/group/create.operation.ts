import * as keeper from '../../../shared/providers/keeper/writes';
import type { OperationDefinition } from '../types';
import { externalIdField, fieldCollection, filledFields, requiredText, textField, unifiedGroup } from '../parameters';

export const createGroup: OperationDefinition = {
	resource: 'group',
	value: 'create',
	name: 'Create',
	action: 'Create a {provider} group',
	description: 'Create a Keeper team in the SCIM node',
	providers: ['keeper'],
	properties: [
		textField('Name', 'name', {
			required: true,
			placeholder: 'e.g. Engineering',
			description:
				'Name of the new team. If your SCIM method has a role prefix, a name starting with it creates a Keeper role instead of a team.',
		}),
		fieldCollection('additional', [externalIdField('group')]),
	],
	async execute(context, itemIndex) {
		const name = requiredText.call(this, 'name', itemIndex, 'team name');
		const { externalId } = filledFields.call(this, 'additionalFields', itemIndex, ['externalId'] as const);
		const team = await keeper.createTeam(await context.transport(), { name, externalId });
		return [unifiedGroup.call(this, context, team)];
	},
};
