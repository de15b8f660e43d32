import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as keeper from '../../../shared/providers/keeper/writes';
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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Team UIDs from a comma-separated text or from an expression that gives a list. */
function teamIdList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : String(value ?? '').split(',');
	return [...new Set(entries.map((entry) => String(entry).trim()).filter(Boolean))];
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
		const email = requiredText.call(this, 'email', itemIndex, 'email');
		if (!EMAIL.test(email)) {
			throw new NodeOperationError(this.getNode(), `"${email}" is not an email address`, {
				description: 'Keeper users sign in with their email address: enter one such as name@example.com.',
				itemIndex,
			});
		}
		const names = filledFields.call(this, 'additionalFields', itemIndex, ['displayName', 'externalId'] as const);
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const created = await keeper.createUser(await context.transport(), {
			email,
			firstName: optionalText.call(this, 'firstName', itemIndex),
			lastName: optionalText.call(this, 'lastName', itemIndex),
			...names,
			teamIds: teamIdList(additional.teamIds),
		});
		return [unifiedUser(context, created)];
	},
};
