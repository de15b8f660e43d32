import type {
	DisplayCondition,
	INodeProperties,
	NodeParameterValue,
} from 'n8n-workflow';

import { PROVIDERS, providerProperty } from '../../shared/providers/registry';
import type { DirectoryProvider } from '../../shared/providers/types';
import { OPERATIONS } from './operations';
import type { OperationDefinition, Resource } from './types';

type ShowConditions = Record<string, Array<NodeParameterValue | DisplayCondition>>;

const RESOURCES: Array<{ value: Resource; name: string; description: string }> = [
	{ value: 'user', name: 'User', description: 'A person in the directory' },
	{ value: 'group', name: 'Group', description: 'A group of users (in Keeper: a team)' },
];

function offers(provider: DirectoryProvider, operation: OperationDefinition): boolean {
	if (operation.resource === 'group' && !provider.supportsGroups) return false;
	return !operation.providers || operation.providers.includes(provider.id);
}

function withConditions(property: INodeProperties, show: ShowConditions): INodeProperties {
	const existing = property.displayOptions?.show ?? {};
	return { ...property, displayOptions: { ...property.displayOptions, show: { ...existing, ...show } } };
}

/** Resource and operation selectors per provider, so each provider lists only what it offers. */
function selectorProperties(): INodeProperties[] {
	return PROVIDERS.flatMap((provider) => {
		const resources = RESOURCES.filter((resource) =>
			OPERATIONS.some((operation) => operation.resource === resource.value && offers(provider, operation)),
		);
		const resourceSelector: INodeProperties = {
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources,
			default: 'user',
			displayOptions: { show: { provider: [provider.id] } },
		};
		const operationSelectors = resources.map(
			(resource): INodeProperties => ({
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { provider: [provider.id], resource: [resource.value] } },
				options: OPERATIONS.filter(
					(operation) => operation.resource === resource.value && offers(provider, operation),
				).map(({ value, name, action, description }) => ({ value, name, action, description })),
				default: 'getAll',
			}),
		);
		return [resourceSelector, ...operationSelectors];
	});
}

function operationProperties(): INodeProperties[] {
	return OPERATIONS.flatMap((operation) => {
		const show: ShowConditions = { resource: [operation.resource], operation: [operation.value] };
		if (operation.providers) show.provider = operation.providers;
		return operation.properties.map((property) => withConditions(property, show));
	});
}

export const properties: INodeProperties[] = [
	providerProperty('The directory to read'),
	...selectorProperties(),
	...operationProperties(),
];
