import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

/** What an API answered when a failure is one: n8n then shows an API error with its HTTP code. */
export interface ApiAnswer {
	/** The HTTP status; 0 when no answer arrived. */
	status: number;
	/** Shown in n8n's error details; never a secret. */
	details: JsonObject;
}

/**
 * A failure the user can fix (a malformed credential field, an impossible parameter, a refusal
 * the service explained), carrying a hint that says how. Code throws it; `toNodeError` turns it
 * into the n8n error the user sees. Every node's own errors extend it.
 */
export class UserFacingError extends Error {
	constructor(
		message: string,
		readonly hint?: string,
		readonly answer?: ApiAnswer,
	) {
		super(message);
		this.name = new.target.name;
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
	const message = clean(error instanceof Error ? error.message : String(error));
	const description = withNote(error instanceof UserFacingError && error.hint ? clean(error.hint) : undefined);
	const answer = error instanceof UserFacingError ? error.answer : undefined;
	const nodeError = answer
		? new NodeApiError(node, answer.details, {
				message,
				description,
				httpCode: answer.status > 0 ? String(answer.status) : undefined,
				itemIndex,
			})
		: new NodeOperationError(node, message, { description, itemIndex });
	// n8n swaps a message naming a network code (ECONNRESET…) for a generic text; ours names the host.
	nodeError.message = message;
	return nodeError;
}

/** A failure in one line, for places that show only a message, such as a credential test. */
export function oneLine(error: unknown, clean: (text: string) => string = (text) => text): string {
	const message = error instanceof Error ? error.message : String(error);
	return clean(withHint(message, error instanceof UserFacingError ? error.hint : undefined));
}

/** "Message. Hint", or the message alone. */
export function withHint(message: string, hint: string | undefined): string {
	return hint ? `${message.replace(/\.$/, '')}. ${hint}` : message;
}
