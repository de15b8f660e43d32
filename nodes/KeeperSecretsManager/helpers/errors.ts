import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { KsmApiError, KsmError } from '../transport';

/**
 * The n8n error for anything a Keeper Secrets Manager operation threw. Client errors are built
 * from fixed text, status codes and UIDs only (see transport/errors.ts), so they pass unchanged.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (!(error instanceof KsmError)) return new NodeOperationError(node, error as Error, { itemIndex });
	const nodeError =
		error instanceof KsmApiError
			? apiError(node, error, itemIndex)
			: new NodeOperationError(node, error.message, { description: error.description, itemIndex });
	// n8n swaps a message naming a network code (ECONNRESET…) for a generic text; ours names the host.
	nodeError.message = error.message;
	return nodeError;
}

function apiError(node: INode, error: KsmApiError, itemIndex: number | undefined): NodeApiError {
	const response = { endpoint: error.endpoint, status: error.status, code: error.code ?? null };
	return new NodeApiError(node, response, {
		message: error.message,
		description: error.description,
		httpCode: error.status > 0 ? String(error.status) : undefined,
		itemIndex,
	});
}

/** One line for places that show only a message, such as the credential test. */
export function describeError(error: unknown): string {
	if (error instanceof KsmError) return error.description ? `${error.message}. ${error.description}` : error.message;
	return error instanceof Error ? error.message : String(error);
}
