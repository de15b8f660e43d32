import {
	NodeOperationError,
	type ICredentialsDisplayOptions,
	type INode,
	type INodeCredentialDescription,
	type INodeProperties,
	type NodeParameterValue,
} from 'n8n-workflow';

import { kandjiProvider } from './kandji';
import { keeperProvider } from './keeper';
import { konnektiveProvider } from './konnektive';
import { credentialTestName } from '../transport/credentialTest';
import type { DirectoryProvider } from './types';

/**
 * Every provider the nodes offer, in the order shown. A new provider is its folder and one line
 * here: its capabilities decide the operations it is offered (test/package/fourthProvider.test.ts).
 */
export const PROVIDERS: readonly DirectoryProvider[] = [
	keeperProvider,
	kandjiProvider,
	konnektiveProvider,
];

/** The Provider parameter's default: the first provider. */
export const DEFAULT_PROVIDER = PROVIDERS[0].id;

/** The products, as the nodes' descriptions name them ("Keeper, Kandji and Konnektive"). */
export function providerBrands(): string {
	const brands = PROVIDERS.map((provider) => provider.brand);
	return brands.length > 1 ? `${brands.slice(0, -1).join(', ')} and ${brands[brands.length - 1]}` : brands.join('');
}

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
		default: DEFAULT_PROVIDER,
		description,
	};
}

/**
 * Display options of a provider's credential (by its name) in a directory node. The condition is written as
 * `_cnd: { eq }` on purpose: n8n's editor takes a field whose every option a credential `show`s on
 * as plain values for the node's authentication selector, moves it out of the panel into the
 * credential dialog and mixes all three credential types in one list. A condition object is not a
 * plain value, so Provider stays a visible field and each provider shows only its own credential.
 */
export function credentialDisplayOptions(credentialName: string): ICredentialsDisplayOptions {
	const providerId = PROVIDERS.find((provider) => provider.credentialName === credentialName)?.id;
	if (!providerId) throw new Error(`No registered provider authenticates with ${credentialName}`);
	// n8n evaluates credential display options like parameters' (conditions included); only the type is narrower.
	const onlyThisProvider = { _cnd: { eq: providerId } } as unknown as NodeParameterValue;
	return { show: { provider: [onlyThisProvider] } };
}

/**
 * A directory node's credentials with one for every registered provider it does not list. The
 * nodes spell out the shipped providers' (n8n's verification reads each credential and its
 * `testedBy` from the node's source); another provider's is tested the same way, through itself.
 */
export function withEveryProviderCredential(listed: INodeCredentialDescription[] = []): INodeCredentialDescription[] {
	const others = PROVIDERS.filter((provider) => !listed.some((entry) => entry.name === provider.credentialName));
	return [
		...listed,
		...others.map((provider) => ({
			name: provider.credentialName,
			required: true,
			testedBy: credentialTestName(provider),
			displayOptions: credentialDisplayOptions(provider.credentialName),
		})),
	];
}
