import type { DirectoryProvider } from '../../shared/providers/types';
import type { Resource } from './types';

/**
 * The `resource` parameter's value for a provider's resource: "kandjiUser", "keeperGroup"…
 * n8n's editor finds a resource's operations, and names new nodes, by the resource value alone, so
 * each provider needs its own values for the node list to show each provider's actions.
 */
export function resourceValue(provider: DirectoryProvider, resource: Resource): string {
	return `${provider.id}${resource[0].toUpperCase()}${resource.slice(1)}`;
}

/** Values a node's `resource` may hold for this resource: the provider's own, and the earlier shared one. */
export function resourceValues(provider: DirectoryProvider, resource: Resource): string[] {
	return [resourceValue(provider, resource), resource];
}

/** The resource a `resource` parameter value stands for; undefined when it is not one of the provider's. */
export function resourceOf(provider: DirectoryProvider, value: string): Resource | undefined {
	const resources: Resource[] = ['user', 'group'];
	return resources.find((resource) => resourceValues(provider, resource).includes(value));
}

/** An operation's node-list action ("Lock a user's {provider} devices") for one provider. */
export function actionFor(provider: DirectoryProvider, action: string): string {
	return action.replace('{provider}', provider.brand);
}
