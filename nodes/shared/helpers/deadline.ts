/** The failure of a request that ran out of time; its code reads like a network timeout. */
class DeadlineError extends Error {
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
 * execution's cancel signal) aborts it early. Platform signals rather than n8n-workflow's sleep
 * helpers, whose abortable form is not in every n8n line.
 */
export async function withDeadline<T>(
	ms: number,
	run: (signal: AbortSignal) => Promise<T>,
	parent?: AbortSignal,
): Promise<T> {
	const expiry = AbortSignal.timeout(Math.max(0, ms));
	const signal = parent ? AbortSignal.any([expiry, parent]) : expiry;
	let stopListening = (): void => undefined;
	const ended = new Promise<never>((_resolve, reject) => {
		const onAbort = () => reject(expiry.aborted ? new DeadlineError(ms) : signal.reason);
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		stopListening = () => signal.removeEventListener('abort', onAbort);
	});
	try {
		return await Promise.race([run(signal), ended]);
	} finally {
		stopListening();
	}
}
