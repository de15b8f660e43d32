import type { IDataObject } from 'n8n-workflow';

import { PROVIDERS } from '../../../shared/providers/registry';
import { limitProperty, returnAllProperty, simplifyProperty } from '../common.descriptions';
import { collectPages } from '../paging';
import type { OperationDefinition } from '../types';
import { groupSupport, includeMembersProperty } from './support';

export const getManyGroups: OperationDefinition = {
	resource: 'group',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many {provider} groups',
	description: 'List groups (Keeper teams), optionally filtered by name',
	properties: [
		returnAllProperty,
		limitProperty,
		...PROVIDERS.filter((provider) => provider.groupFilterProperties).map((provider) => ({
			displayName: 'Filters',
			name: 'filters',
			type: 'collection' as const,
			placeholder: 'Add Filter',
			default: {},
			options: provider.groupFilterProperties,
			displayOptions: { show: { provider: [provider.id] } },
		})),
		includeMembersProperty,
		simplifyProperty,
	],
	async execute(context, itemIndex) {
		const groups = groupSupport(this.getNode(), context.provider);
		const limit = this.getNodeParameter('returnAll', itemIndex)
			? undefined
			: (this.getNodeParameter('limit', itemIndex) as number);
		const filters = groups.readGroupFilters(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
		const includeMembers = this.getNodeParameter('includeMembers', itemIndex) as boolean;
		const records = await collectPages(
			groups.listGroups(await context.transport(), { filters, limit, includeMembers }),
			limit,
		);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return simplify ? records.map((raw) => groups.normaliseGroup(raw)) : records;
	},
};
