import { groupsOf } from '../capabilities';
import { includeMembersProperty, simplifyProperty } from '../common.descriptions';
import type { OperationDefinition } from '../types';
import { groupIdProperty, requiredGroupId } from '../parameters';

export const getGroup: OperationDefinition = {
	resource: 'group',
	value: 'get',
	name: 'Get',
	action: 'Get a {provider} group',
	description: 'Get one group by ID',
	properties: (provider) => [groupIdProperty(provider), includeMembersProperty, simplifyProperty],
	async execute(context, itemIndex) {
		const groupId = requiredGroupId.call(this, context, itemIndex);
		const groups = groupsOf(this.getNode(), context.provider);
		const includeMembers = this.getNodeParameter('includeMembers', itemIndex) as boolean;
		const raw = await groups.get(await context.transport(), groupId, includeMembers);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return [simplify ? groups.normalise(raw) : raw];
	},
};
