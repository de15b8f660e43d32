import { UserFacingError } from '../../shared/helpers/errors';

/**
 * Errors of the Keeper Secrets Manager client. Messages and descriptions are shown to n8n users and
 * land in execution logs, so they are built only from fixed text, endpoint names, status codes,
 * Keeper's error codes, key ids and record/folder UIDs — never from key material or record data.
 */
export class KsmError extends UserFacingError {
	/** The hint, under the name the client's callers read it by (n8n's name for it). */
	get description(): string | undefined {
		return this.hint;
	}
}

/** The configuration (or what was pasted instead of one) cannot be used. */
export class KsmConfigError extends KsmError {}

/** Keeper answered with an error, or did not answer (`status` 0). */
export class KsmApiError extends KsmError {
	constructor(
		message: string,
		readonly endpoint: string,
		readonly status: number,
		/** Keeper's `error` / `result_code`, when it sent one. */
		readonly code: string | undefined,
		description?: string,
	) {
		super(message, description, { status, details: { endpoint, status, code: code ?? null } });
	}
}

/** The record changed after the revision the update was based on. */
export class KsmRevisionConflictError extends KsmApiError {}

/** Keeper kept throttling this client beyond the retry budget. */
export class KsmThrottledError extends KsmApiError {
	constructor(
		message: string,
		endpoint: string,
		/** How long Keeper asked to wait, in seconds, when it said so. */
		readonly retryAfterSeconds: number | undefined,
		description?: string,
	) {
		super(message, endpoint, 403, 'throttled', description);
	}
}

/**
 * Runs `action` and returns undefined instead of its exception. Callers throw their own KsmError,
 * so what a parser or cipher said about the input (possibly quoting it) never reaches a message.
 */
export function attempt<T>(action: () => T): T | undefined {
	try {
		return action();
	} catch {
		return undefined;
	}
}
