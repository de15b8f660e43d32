import { simplifyProperty } from '../common.descriptions';
import type { OperationDefinition } from '../types';
import { groupIdProperty, requiredGroupId } from '../parameters';
import { groupSupport, includeMembersProperty } from './support';

export const getGroup: OperationDefinition = {
	resource: 'group',
	value: 'get',
	name: 'Get',
	action: 'Get a {provider} group',
	description: 'Get one group (a Keeper team) by ID',
	properties: [
		groupIdProperty(),
		includeMembersProperty,
		simplifyProperty,
	],
	async execute(context, itemIndex) {
		const groupId = requiredGroupId.call(this, context, itemIndex);
		const groups = groupSupport(this.getNode(), context.provider);
		const includeMembers = this.getNodeParameter('includeMembers', itemIndex) as boolean;
		const raw = await groups.getGroup(await context.transport(), groupId, includeMembers);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return [simplify ? (groups.normaliseGroup(raw)) : raw];
	},
};
