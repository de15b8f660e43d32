import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { IdRule } from '../../../shared/helpers/values';
import type { DirectoryProvider } from '../../../shared/providers/types';

export const includeMembersProperty: INodeProperties = {
	displayName: 'Include Members',
	name: 'includeMembers',
	type: 'boolean',
	default: false,
	description:
		'Whether to fetch the members of each group. Off by default because large groups make responses slow.',
};

type GroupCapable = Required<
	Pick<DirectoryProvider, 'listGroups' | 'getGroup' | 'normaliseGroup' | 'readGroupFilters'>
> & { idRule: IdRule };

/** The provider's group functions, or a clear error for a provider without groups. */
export function groupSupport(node: INode, provider: DirectoryProvider): GroupCapable {
	const { listGroups, getGroup, normaliseGroup, readGroupFilters } = provider;
	const idRule = provider.idRules.group;
	if (!provider.supportsGroups || !listGroups || !getGroup || !normaliseGroup || !readGroupFilters || !idRule) {
		throw new NodeOperationError(node, `${provider.displayName} has no groups`, {
			description: 'Choose the User resource for this provider.',
		});
	}
	return { listGroups, getGroup, normaliseGroup, readGroupFilters, idRule };
}
