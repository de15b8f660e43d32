import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

/**
 * A failure the user can fix (a malformed credential field, an impossible parameter), carrying
 * a hint that says how. Provider code throws it; node code turns it into a NodeOperationError.
 */
export class UserFacingError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
		this.name = 'UserFacingError';
	}
}

export interface NodeErrorOptions {
	/** Redacts secrets from texts that did not come from n8n. */
	clean?: (text: string) => string;
	itemIndex?: number;
	/** Appended to the description, e.g. what happened to the trigger's saved state. */
	note?: string;
}

/** Any failure as the n8n error a user sees: n8n's own kept as they are, ours with their hint. */
export function toNodeError(node: INode, error: unknown, options: NodeErrorOptions = {}): NodeApiError | NodeOperationError {
	const { clean = (text: string) => text, itemIndex, note } = options;
	const withNote = (description: string | null | undefined) => [description, note].filter(Boolean).join(' ') || undefined;
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		if (note) error.description = withNote(error.description);
		return error;
	}
	const hint = error instanceof UserFacingError ? clean(error.hint) : undefined;
	const message = clean(error instanceof Error ? error.message : String(error));
	return new NodeOperationError(node, message, { description: withNote(hint), itemIndex });
}
