import type { INodeProperties } from 'n8n-workflow';

import { simplifyProperty as simplify } from '../../shared/helpers/descriptions';

export { limitProperty, returnAllProperty } from '../../shared/helpers/descriptions';

export const simplifyProperty = simplify(
	'the unified shape shared by all providers instead of the raw record exactly as the provider sent it',
);

export const includeMembersProperty: INodeProperties = {
	displayName: 'Include Members',
	name: 'includeMembers',
	type: 'boolean',
	default: false,
	description:
		'Whether to fetch the members of each group. Off by default because large groups make responses slow.',
};
