import { simplifyProperty } from '../common.descriptions';
import type { OperationDefinition } from '../types';
import { requiredUserId, unifiedUser, userIdProperties } from '../parameters';

export const getUser: OperationDefinition = {
	resource: 'user',
	value: 'get',
	name: 'Get',
	action: 'Get a {provider} user',
	description: 'Get one user by ID',
	properties: [
		...userIdProperties(
			(provider) => `The user, or their ${provider.idRules.user.label} as returned by Get Many or the trigger (the \`id\` field).`,
		),
		simplifyProperty,
	],
	async execute(context, itemIndex) {
		const userId = requiredUserId.call(this, context, itemIndex);
		const raw = await context.provider.getUser(await context.transport(), userId);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return [simplify ? unifiedUser(context, raw) : raw];
	},
};
