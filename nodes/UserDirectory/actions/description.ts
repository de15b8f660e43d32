import type {
	DisplayCondition,
	INodeProperties,
	NodeParameterValue,
} from 'n8n-workflow';

import { PROVIDERS, providerProperty } from '../../shared/providers/registry';
import type { DirectoryProvider, OperationWording } from '../../shared/providers/types';
import { OPERATIONS, offers } from './operations';
import { pickerDescription } from './parameters';
import { actionFor, legacyResourceValue, resourceValue, resourceValues } from './resources';
import type { OperationDefinition, Resource } from './types';

type ShowConditions = Record<string, Array<NodeParameterValue | DisplayCondition>>;

const RESOURCES: Array<{ value: Resource; name: string; description: string }> = [
	{ value: 'user', name: 'User', description: 'A person in the directory' },
	{ value: 'group', name: 'Group', description: 'A group of users' },
	{ value: 'directory', name: 'Directory', description: 'The directory as a whole: what changed since the last run' },
];

function wordingOf(provider: DirectoryProvider, operation: OperationDefinition): OperationWording {
	return provider.wording.operations?.[`${operation.resource}.${operation.value}`] ?? {};
}

/** The provider's texts laid over a parameter of the operation, and over the options of a collection. */
function worded(property: INodeProperties, wording: OperationWording): INodeProperties {
	const overlay = { ...wording.parameters?.[property.name] };
	if (property.type === 'resourceLocator' && overlay.description !== undefined) {
		overlay.description = pickerDescription(property.name === 'groupId' ? 'group' : 'user', overlay.description);
	}
	const options =
		property.type === 'collection' && property.options
			? { options: (property.options as INodeProperties[]).map((option) => worded(option, wording)) }
			: {};
	return { ...property, ...overlay, ...options };
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
				description: provider.wording.resources?.[resource.value] ?? resource.description,
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
				).map((operation) => {
					const wording = wordingOf(provider, operation);
					return {
						value: operation.value,
						name: operation.name,
						action: actionFor(provider, wording.action ?? operation.action),
						description: wording.description ?? operation.description,
					};
				}),
				default: 'getAll',
			}),
		);
		return [resourceSelector, ...operationSelectors];
	});
}

/**
 * Each operation's parameters for every provider that offers it, in the provider's words. A
 * parameter that reads the same for all those providers is listed once; one that differs is
 * listed per provider, shown only for it. Rounds by position keep every provider's order.
 */
function operationProperties(): INodeProperties[] {
	return OPERATIONS.flatMap((operation) => {
		const offering = PROVIDERS.filter((provider) => offers(provider, operation));
		const lists = offering.map((provider) =>
			operation.properties(provider).map((property) => worded(property, wordingOf(provider, operation))),
		);
		const merged = new Map<string, { property: INodeProperties; providers: DirectoryProvider[] }>();
		for (let position = 0; position < Math.max(0, ...lists.map((list) => list.length)); position++) {
			offering.forEach((provider, index) => {
				const property = lists[index][position];
				if (!property) return;
				const key = JSON.stringify(property);
				const entry = merged.get(key) ?? { property, providers: [] };
				entry.providers.push(provider);
				merged.set(key, entry);
			});
		}
		return [...merged.values()].map(({ property, providers }) => {
			const show: ShowConditions = {
				resource: [...new Set(providers.flatMap((provider) => resourceValues(provider, operation.resource)))],
				operation: [operation.value],
			};
			if (providers.length < PROVIDERS.length) show.provider = providers.map((provider) => provider.id);
			return withConditions(property, show);
		});
	});
}

/** The canvas subtitle, e.g. "<brand> User: Lock Devices": which directory the node talks to, and what it does. */
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
