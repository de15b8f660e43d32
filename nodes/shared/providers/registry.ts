import { NodeOperationError, type INode } from 'n8n-workflow';

import { keeperProvider } from './keeper';
import type { DirectoryProvider } from './types';

/** Every provider the nodes offer, in the order shown. A new provider is one line here. */
export const PROVIDERS: readonly DirectoryProvider[] = [keeperProvider];

export function getProvider(node: INode, id: string): DirectoryProvider {
	const provider = PROVIDERS.find((candidate) => candidate.id === id);
	if (!provider) {
		throw new NodeOperationError(node, `Unknown provider "${id}"`, {
			description: `Choose one of: ${PROVIDERS.map((candidate) => candidate.id).join(', ')}.`,
		});
	}
	return provider;
}
