import { NodeOperationError, type ICredentialsDisplayOptions, type INode, type INodeProperties } from 'n8n-workflow';

import { kandjiProvider } from './kandji';
import { keeperProvider } from './keeper';
import { konnektiveProvider } from './konnektive';
import type { DirectoryProvider } from './types';

/** Every provider the nodes offer, in the order shown. A new provider is one line here. */
export const PROVIDERS: readonly DirectoryProvider[] = [keeperProvider, kandjiProvider, konnektiveProvider];

export function getProvider(node: INode, id: string): DirectoryProvider {
	const provider = PROVIDERS.find((candidate) => candidate.id === id);
	if (!provider) {
		throw new NodeOperationError(node, `Unknown provider "${id}"`, {
			description: `Choose one of: ${PROVIDERS.map((candidate) => candidate.id).join(', ')}.`,
		});
	}
	return provider;
}

/** The Provider selector both directory nodes start with. */
export function providerProperty(description: string): INodeProperties {
	return {
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		noDataExpression: true,
		options: PROVIDERS.map((provider) => ({ name: provider.displayName, value: provider.id })),
		default: 'keeper',
		description,
	};
}

/**
 * Display options of a provider's credential in a directory node. Written as "hidden for the other
 * providers" on purpose: n8n's editor takes a field that every credential `show`s on for the node's
 * authentication selector, moves it out of the panel into the credential dialog and mixes all
 * three credential types in one list. `hide` keeps Provider a plain, visible field.
 */
export function credentialDisplayOptions(providerId: string): ICredentialsDisplayOptions {
	return {
		hide: { provider: PROVIDERS.filter((provider) => provider.id !== providerId).map((provider) => provider.id) },
	};
}
