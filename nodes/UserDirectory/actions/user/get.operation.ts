import { simplifyProperty } from '../common.descriptions';
import type { OperationDefinition } from '../types';
import { requiredUserId, unifiedUser } from '../parameters';

export const getUser: OperationDefinition = {
	resource: 'user',
	value: 'get',
	name: 'Get',
	action: 'Get a {provider} user',
	description: 'Get one user by ID',
	properties: [
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '',
			description: "The user's ID in the directory, as returned by Get Many or the trigger",
		},
		simplifyProperty,
	],
	async execute(context, itemIndex) {
		const userId = requiredUserId.call(this, context, itemIndex);
		const raw = await context.provider.getUser(await context.transport(), userId);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return [simplify ? unifiedUser(context, raw) : raw];
	},
};
