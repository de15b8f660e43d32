import type {
	DisplayCondition,
	INodeProperties,
	NodeParameterValue,
} from 'n8n-workflow';

import { PROVIDERS, providerProperty } from '../../shared/providers/registry';
import type { DirectoryProvider } from '../../shared/providers/types';
import { OPERATIONS } from './operations';
import { actionFor, legacyResourceValue, resourceValue, resourceValues } from './resources';
import type { OperationDefinition, Resource } from './types';

type ShowConditions = Record<string, Array<NodeParameterValue | DisplayCondition>>;

const RESOURCES: Array<{ value: Resource; name: string; description: string }> = [
	{ value: 'user', name: 'User', description: 'A person in the directory' },
	{ value: 'group', name: 'Group', description: 'A group of users (in Keeper: a team)' },
	{ value: 'directory', name: 'Directory', description: 'The directory as a whole: what changed since the last run' },
];

function offers(provider: DirectoryProvider, operation: OperationDefinition): boolean {
	if (operation.resource === 'group' && !provider.supportsGroups) return false;
	return !operation.providers || operation.providers.includes(provider.id);
}

function withConditions(property: INodeProperties, show: ShowConditions): INodeProperties {
	const existing = property.displayOptions?.show ?? {};
	return { ...property, displayOptions: { ...property.displayOptions, show: { ...existing, ...show } } };
}

/**
 * Resource and operation selectors per provider, so each provider lists only what it offers and
 * n8n's node list shows each provider's actions once, named with the provider.
 */
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
			// Named with the provider: n8n's node list heads each resource's actions with its name.
			options: resources.map((resource) => ({
				...resource,
				name: `${provider.brand} ${resource.name}`,
				value: resourceValue(provider, resource.value),
			})),
			default: resourceValue(provider, 'user'),
			displayOptions: { show: { provider: [provider.id] } },
		};
		const operationSelectors = resources.map(
			(resource): INodeProperties => ({
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				// The earlier value selects only the resource it used to (Watch for Changes was a user
				// operation; its parameters still show for "user"), so an old node never shows two Operations.
				displayOptions: {
					show: {
						provider: [provider.id],
						resource: [
							resourceValue(provider, resource.value),
							...(resource.value === 'directory' ? [] : [legacyResourceValue(resource.value)]),
						],
					},
				},
				options: OPERATIONS.filter(
					(operation) => operation.resource === resource.value && offers(provider, operation),
				).map(({ value, name, action, description }) => ({
					value,
					name,
					action: actionFor(provider, action),
					description,
				})),
				default: 'getAll',
			}),
		);
		return [resourceSelector, ...operationSelectors];
	});
}

function operationProperties(): INodeProperties[] {
	return OPERATIONS.flatMap((operation) => {
		const providers = PROVIDERS.filter((provider) => offers(provider, operation));
		const show: ShowConditions = {
			resource: [...new Set(providers.flatMap((provider) => resourceValues(provider, operation.resource)))],
			operation: [operation.value],
		};
		if (operation.providers) show.provider = operation.providers;
		return operation.properties.map((property) => withConditions(property, show));
	});
}

/** The canvas subtitle, e.g. "Kandji User: Lock Devices": which directory the node talks to, and what it does. */
function subtitle(): string {
	const names: Record<string, string> = {};
	for (const provider of PROVIDERS) {
		for (const operation of OPERATIONS.filter((candidate) => offers(provider, candidate))) {
			for (const value of resourceValues(provider, operation.resource)) {
				const resource = RESOURCES.find((candidate) => candidate.value === operation.resource)?.name;
				names[`${provider.id}.${value}.${operation.value}`] = `${provider.brand} ${resource}: ${operation.name}`;
			}
		}
	}
	return `={{ ${JSON.stringify(names)}[$parameter["provider"] + "." + $parameter["resource"] + "." + $parameter["operation"]] }}`;
}

export const userDirectorySubtitle = subtitle();

export const properties: INodeProperties[] = [
	providerProperty('The directory to read'),
	...selectorProperties(),
	...operationProperties(),
];
