import type { DirectoryProvider } from '../../shared/providers/types';
import type { Resource } from './types';

/**
 * The `resource` parameter's value for a provider's resource: "<provider>User", "<provider>Group"…
 * n8n's editor finds a resource's operations, and names new nodes, by the resource value alone, so
 * each provider needs its own values for the node list to show each provider's actions.
 */
export function resourceValue(provider: DirectoryProvider, resource: Resource): string {
	return `${provider.id}${resource[0].toUpperCase()}${resource.slice(1)}`;
}

/** The value nodes saved before resources were per provider (Watch for Changes was a user operation). */
export function legacyResourceValue(resource: Resource): string {
	return resource === 'directory' ? 'user' : resource;
}

/** Values a node's `resource` may hold for this resource: the provider's own, and the earlier one. */
export function resourceValues(provider: DirectoryProvider, resource: Resource): string[] {
	return [resourceValue(provider, resource), legacyResourceValue(resource)];
}

/** The resources a `resource` parameter value may stand for (an earlier "user" stands for two). */
export function resourcesOf(provider: DirectoryProvider, value: string): Resource[] {
	const resources: Resource[] = ['user', 'group', 'directory'];
	return resources.filter((resource) => resourceValues(provider, resource).includes(value));
}

/** An operation's node-list action ("Lock a user's {provider} devices") for one provider. */
export function actionFor(provider: DirectoryProvider, action: string): string {
	return action.replace('{provider}', provider.brand);
}
