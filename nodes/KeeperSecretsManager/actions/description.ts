import type { INodeProperties } from 'n8n-workflow';

import { OPERATIONS, RESOURCES } from './operations';

/** The node's parameters: the resource and operation selectors, then each operation's own. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCES.map(({ value, name, description }) => ({ value, name, description })),
		default: 'secret',
	},
	...RESOURCES.map(
		({ value: resource, defaultOperation }): INodeProperties => ({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: OPERATIONS.filter((operation) => operation.resource === resource).map(
				({ value, name, action, description }) => ({ value, name, action, description }),
			),
			default: defaultOperation,
		}),
	),
	...OPERATIONS.flatMap((operation) =>
		operation.properties.map(
			(property): INodeProperties => ({
				...property,
				displayOptions: {
					...property.displayOptions,
					show: { ...property.displayOptions?.show, resource: [operation.resource], operation: [operation.value] },
				},
			}),
		),
	),
];
