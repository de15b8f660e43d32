import { simplifyProperty } from '../common.descriptions';
import type { OperationDefinition } from '../types';
import { idLocator, userOfItem, unifiedUser } from '../parameters';

export const getUser: OperationDefinition = {
	resource: 'user',
	value: 'get',
	name: 'Get',
	action: 'Get a {provider} user',
	description: 'Get one user by ID',
	properties: (provider) => [
		idLocator('user', provider.users.idRule, {
			description: `The user, or their ${provider.users.idRule.label} as returned by Get Many or the trigger (the \`id\` field).`,
		}),
		simplifyProperty,
	],
	async execute(context, itemIndex) {
		const raw = await userOfItem.call(this, context, itemIndex);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return [simplify ? unifiedUser(context, raw) : raw];
	},
};
