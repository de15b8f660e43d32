import * as keeper from '../../../shared/providers/keeper/writes';
import type { OperationDefinition } from '../types';
import {
	checkedEmail,
	externalIdField,
	fieldCollection,
	requiredUserId,
	textField,
	unifiedUser,
	updateFields,
	userIdProperty,
} from '../parameters';

const UPDATABLE = ['email', 'userName', 'firstName', 'lastName', 'displayName', 'externalId'] as const;

export const updateUser: OperationDefinition = {
	resource: 'user',
	value: 'update',
	name: 'Update',
	action: 'Update a {provider} user',
	description: 'Change the name, email or external ID of a Keeper user. Only the fields you add are changed.',
	providers: ['keeper'],
	properties: [
		userIdProperty(),
		fieldCollection('update', [
			textField('Display Name', 'displayName'),
			textField('Email', 'email', {
				placeholder: 'name@example.com',
				description:
					'The new email address. It also becomes the user name, since Keeper users sign in with their email (unless User Name is set too).',
			}),
			externalIdField('user'),
			textField('First Name', 'firstName'),
			textField('Last Name', 'lastName'),
			textField('User Name', 'userName', {
				description: 'The SCIM user name, only when it must differ from the email (rare in Keeper)',
			}),
		]),
	],
	async execute(context, itemIndex) {
		const userId = requiredUserId.call(this, context, itemIndex);
		const changes = updateFields.call(this, itemIndex, UPDATABLE);
		if (changes.email !== undefined) checkedEmail(changes.email);
		return [unifiedUser(context, await keeper.updateUser(await context.transport(), userId, changes))];
	},
};
