import { NodeOperationError, type ICredentialsDisplayOptions, type INode, type INodeProperties, type NodeParameterValue } from 'n8n-workflow';

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
 * Display options of a provider's credential in a directory node. The condition is written as
 * `_cnd: { eq }` on purpose: n8n's editor takes a field whose every option a credential `show`s on
 * as plain values for the node's authentication selector, moves it out of the panel into the
 * credential dialog and mixes all three credential types in one list. A condition object is not a
 * plain value, so Provider stays a visible field and each provider shows only its own credential.
 */
export function credentialDisplayOptions(providerId: string): ICredentialsDisplayOptions {
	// n8n evaluates credential display options like parameters' (conditions included); only the type is narrower.
	const onlyThisProvider = { _cnd: { eq: providerId } } as unknown as NodeParameterValue;
	return { show: { provider: [onlyThisProvider] } };
}
