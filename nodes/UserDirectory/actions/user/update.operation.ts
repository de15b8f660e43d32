import { needed } from '../capabilities';
import type { OperationDefinition } from '../types';
import {
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
	description: 'Change the name, email or external ID of a user. Only the fields you add are changed.',
	offeredBy: (provider) => provider.users.update !== undefined,
	properties: (provider) => [
		userIdProperty(provider),
		fieldCollection('update', [
			textField('Display Name', 'displayName'),
			textField('Email', 'email', { placeholder: 'name@example.com', description: 'The new email address' }),
			externalIdField('user'),
			textField('First Name', 'firstName'),
			textField('Last Name', 'lastName'),
			textField('User Name', 'userName', { description: 'The user name, only when it must differ from the email' }),
		]),
	],
	async execute(context, itemIndex) {
		const userId = requiredUserId.call(this, context, itemIndex);
		const changes = updateFields.call(this, itemIndex, UPDATABLE);
		const update = needed(context.provider.users.update, context.provider, 'update users');
		return [unifiedUser(context, await update(await context.transport(), userId, changes))];
	},
};
