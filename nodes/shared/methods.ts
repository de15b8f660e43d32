import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { toNodeError } from './helpers/errors';
import { DEFAULT_PROVIDER, getProvider } from './providers/registry';
import type { DirectoryProvider } from './providers/types';
import { createTransport, type Transport } from './transport';

/*
 * What the editor asks of a node (pickers, option lists) with the node's provider and
 * credential: shared by the User Directory node and the User Directory Trigger.
 */

/** Runs a search with the node's provider and transport; errors read as the node's own (redacted). */
export async function withProvider<Result>(
	context: ILoadOptionsFunctions,
	search: (provider: DirectoryProvider, transport: Transport) => Promise<Result>,
): Promise<Result> {
	const provider = getProvider(context.getNode(), context.getNodeParameter('provider', DEFAULT_PROVIDER) as string);
	let transport: Transport | undefined;
	try {
		transport = await createTransport(context, provider);
		return await search(provider, transport);
	} catch (error) {
		throw toNodeError(context.getNode(), error, { clean: (text) => transport?.redact(text) ?? text });
	}
}
