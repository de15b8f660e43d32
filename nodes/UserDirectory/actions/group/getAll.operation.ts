import type { IDataObject } from 'n8n-workflow';

import { groupsOf } from '../capabilities';
import { includeMembersProperty, limitProperty, returnAllProperty, simplifyProperty } from '../common.descriptions';
import { collectPages } from '../paging';
import { filtersProperty } from '../parameters';
import type { OperationDefinition } from '../types';

export const getManyGroups: OperationDefinition = {
	resource: 'group',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many {provider} groups',
	description: 'List groups, optionally filtered by name',
	properties: (provider) => [
		returnAllProperty,
		limitProperty,
		filtersProperty(provider.groups?.filterProperties ?? []),
		includeMembersProperty,
		simplifyProperty,
	],
	async execute(context, itemIndex) {
		const groups = groupsOf(this.getNode(), context.provider);
		const limit = this.getNodeParameter('returnAll', itemIndex)
			? undefined
			: (this.getNodeParameter('limit', itemIndex) as number);
		const filters = groups.readFilters(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
		const includeMembers = this.getNodeParameter('includeMembers', itemIndex) as boolean;
		const records = await collectPages(
			groups.list(await context.transport(), { filters, limit, includeMembers }),
			limit,
		);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return simplify ? records.map((raw) => groups.normalise(raw)) : records;
	},
};
