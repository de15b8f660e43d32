import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DirectoryProvider, GroupCapabilities } from '../../shared/providers/types';

/** The provider's groups, or a clear error for a provider without groups (a picker on a saved node). */
export function groupsOf(node: INode, provider: DirectoryProvider): GroupCapabilities {
	if (!provider.groups) {
		throw new NodeOperationError(node, `${provider.displayName} has no groups`, {
			description: 'Choose the User resource for this provider.',
		});
	}
	return provider.groups;
}

/**
 * A capability an operation needs. The router runs an operation only for providers that have
 * what it needs (its `offeredBy`), so a missing one is a mistake in this package, said plainly.
 */
export function needed<T>(capability: T | undefined, provider: DirectoryProvider, what: string): T {
	if (capability === undefined) throw new Error(`${provider.displayName} cannot ${what}`);
	return capability;
}
