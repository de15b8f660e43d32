import { sleepWithAbort } from 'n8n-workflow';

/** The failure of a request that ran out of time; its code reads like a network timeout. */
export class DeadlineError extends Error {
	readonly code = 'ETIMEDOUT';

	constructor(readonly ms: number) {
		super(`No complete answer within ${ms} ms`);
		this.name = 'DeadlineError';
	}
}

/**
 * Runs `run` with a signal that aborts after `ms`, and settles by then whatever `run` does.
 * HTTP client timeouts count only idle time, so a body trickling in byte by byte could hold a
 * request for ever; this makes the time limit a deadline for the whole exchange. `parent` (an
 * execution's cancel signal) aborts it early.
 */
export async function withDeadline<T>(
	ms: number,
	run: (signal: AbortSignal) => Promise<T>,
	parent?: AbortSignal,
): Promise<T> {
	const controller = new AbortController();
	const settled = new AbortController();
	// Ends the timer once `run` settles; the race has its outcome by then, so its rejection is moot.
	const expired = sleepWithAbort(Math.max(0, ms), settled.signal).then(() => {
		const error = new DeadlineError(ms);
		controller.abort(error);
		throw error;
	});
	const cancel = () => controller.abort(parent?.reason);
	if (parent?.aborted) cancel();
	else parent?.addEventListener('abort', cancel, { once: true });
	try {
		return await Promise.race([run(controller.signal), expired]);
	} finally {
		settled.abort();
		parent?.removeEventListener('abort', cancel);
	}
}
