import type { INodeProperties } from 'n8n-workflow';

import { SECRET_OPERATIONS } from './secret';

/** The node's parameters: the resource and operation selectors, then each operation's own. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Secret',
				value: 'secret',
				description: 'A record of the Keeper vault shared with the Secrets Manager application',
			},
		],
		default: 'secret',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['secret'] } },
		options: SECRET_OPERATIONS.map(({ value, name, action, description }) => ({ value, name, action, description })),
		default: 'get',
	},
	...SECRET_OPERATIONS.flatMap((operation) =>
		operation.properties.map(
			(property): INodeProperties => ({
				...property,
				displayOptions: {
					...property.displayOptions,
					show: { ...property.displayOptions?.show, resource: ['secret'], operation: [operation.value] },
				},
			}),
		),
	),
];
