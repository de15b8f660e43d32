import type { IDataObject } from 'n8n-workflow';

import { limitProperty, returnAllProperty, simplifyProperty } from '../common.descriptions';
import type { OperationDefinition } from '../types';
import { filtersProperty, unifiedUser } from '../parameters';
import { collectPages } from '../paging';

export const getManyUsers: OperationDefinition = {
	resource: 'user',
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many {provider} users',
	description: 'List users of the directory, optionally filtered',
	properties: (provider) => [
		returnAllProperty,
		limitProperty,
		filtersProperty(provider.users.filterProperties),
		simplifyProperty,
	],
	async execute(context, itemIndex) {
		const limit = this.getNodeParameter('returnAll', itemIndex)
			? undefined
			: (this.getNodeParameter('limit', itemIndex) as number);
		const filters = context.provider.users.readFilters(
			this.getNodeParameter('filters', itemIndex, {}) as IDataObject,
		);
		const users = await collectPages(
			context.provider.users.list(await context.transport(), { filters, limit }),
			limit,
		);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return simplify
			? users.map((raw) => unifiedUser(context, raw))
			: users;
	},
};
