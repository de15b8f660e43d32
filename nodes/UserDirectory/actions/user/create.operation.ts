import type { IDataObject } from 'n8n-workflow';

import { checkedId, textValue } from '../../../shared/helpers/values';
import { KEEPER_TEAM_ID } from '../../../shared/providers/keeper/ids';
import * as keeper from '../../../shared/providers/keeper/writes';
import type { OperationDefinition } from '../types';
import {
	checkedEmail,
	externalIdField,
	fieldCollection,
	filledFields,
	optionalText,
	requiredText,
	textField,
	unifiedUser,
} from '../parameters';

/** Team UIDs from a comma-separated text or from an expression that gives a list, each checked. */
function teamIdList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : textValue(value, 'Team IDs').split(',');
	const texts = entries.map((entry) => textValue(entry, 'Team IDs')).filter(Boolean);
	return [...new Set(texts.map((id) => checkedId(id, KEEPER_TEAM_ID)))];
}

export const createUser: OperationDefinition = {
	resource: 'user',
	value: 'create',
	name: 'Create',
	action: 'Create a {provider} user',
	description:
		'Create a user in the Keeper SCIM node and optionally add them to teams. The new user is invited to Keeper and takes a license seat.',
	providers: ['keeper'],
	properties: [
		textField('Email', 'email', {
			placeholder: 'name@example.com',
			required: true,
			description: 'The email address the user signs in with; it also becomes their Keeper user name',
		}),
		textField('First Name', 'firstName'),
		textField('Last Name', 'lastName'),
		fieldCollection('additional', [
			textField('Display Name', 'displayName', {
				description: 'Name shown in Keeper. Defaults to the first and last name.',
			}),
			externalIdField('user'),
			textField('Team IDs', 'teamIds', {
				placeholder: 'e.g. Vq2SlXlhuEWBRBAqEFGo7w, 3t8sHgT8A5mH2jvVZtq0Jg',
				description:
					'Team UIDs to add the user to, separated by commas (find them with Get Many on groups). Every team is checked before the user is created.',
			}),
		]),
	],
	async execute(context, itemIndex) {
		const email = checkedEmail(requiredText.call(this, 'email', itemIndex, 'email'));
		const names = filledFields.call(this, 'additionalFields', itemIndex, ['displayName', 'externalId'] as const);
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const created = await keeper.createUser(await context.transport(), {
			email,
			firstName: optionalText.call(this, 'firstName', itemIndex, 'First Name'),
			lastName: optionalText.call(this, 'lastName', itemIndex, 'Last Name'),
			...names,
			teamIds: teamIdList(additional.teamIds),
		});
		return [unifiedUser(context, created)];
	},
};
