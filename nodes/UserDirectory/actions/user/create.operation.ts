import type { IDataObject } from 'n8n-workflow';

import { checkedId, textValue, type IdRule } from '../../../shared/helpers/values';
import { needed } from '../capabilities';
import type { OperationDefinition } from '../types';
import {
	externalIdField,
	fieldCollection,
	filledFields,
	optionalText,
	requiredText,
	textField,
	unifiedUser,
} from '../parameters';

/** Group ids from a comma-separated text or from an expression that gives a list, each checked. */
function groupIdList(value: unknown, rule: IdRule): string[] {
	const entries = Array.isArray(value) ? value : textValue(value, 'Team IDs').split(',');
	const texts = entries.map((entry) => textValue(entry, 'Team IDs')).filter(Boolean);
	return [...new Set(texts.map((id) => checkedId(id, rule)))];
}

export const createUser: OperationDefinition = {
	resource: 'user',
	value: 'create',
	name: 'Create',
	action: 'Create a {provider} user',
	description: 'Create a user in the directory',
	offeredBy: (provider) => provider.users.create !== undefined,
	properties: (provider) => [
		textField('Email', 'email', {
			placeholder: 'name@example.com',
			required: true,
			description: 'The email address the user signs in with',
		}),
		textField('First Name', 'firstName'),
		textField('Last Name', 'lastName'),
		fieldCollection('additional', [
			textField('Display Name', 'displayName', {
				description: 'Name shown in the directory. Defaults to the first and last name.',
			}),
			externalIdField('user'),
			// Named after the first provider's groups (teams); saved workflows hold this name.
			...(provider.groups
				? [
						textField('Group IDs', 'teamIds', {
							description: 'Group IDs to add the user to, separated by commas. Every group is checked before the user is created.',
						}),
					]
				: []),
		]),
	],
	async execute(context, itemIndex) {
		const create = needed(context.provider.users.create, context.provider, 'create users');
		const email = requiredText.call(this, 'email', itemIndex, 'email');
		const names = filledFields.call(this, 'additionalFields', itemIndex, ['displayName', 'externalId'] as const);
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const created = await create(await context.transport(), {
			email,
			firstName: optionalText.call(this, 'firstName', itemIndex, 'First Name'),
			lastName: optionalText.call(this, 'lastName', itemIndex, 'Last Name'),
			...names,
			// The field is shown only for providers with groups.
			groupIds: context.provider.groups ? groupIdList(additional.teamIds, context.provider.groups.idRule) : [],
		});
		return [unifiedUser(context, created)];
	},
};
