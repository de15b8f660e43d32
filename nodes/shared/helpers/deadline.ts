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
	let timer: ReturnType<typeof setTimeout> | undefined;
	const expired = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			const error = new DeadlineError(ms);
			controller.abort(error);
			reject(error);
		}, Math.max(0, ms));
	});
	const cancel = () => controller.abort(parent?.reason);
	parent?.addEventListener('abort', cancel, { once: true });
	try {
		return await Promise.race([run(controller.signal), expired]);
	} finally {
		clearTimeout(timer);
		parent?.removeEventListener('abort', cancel);
	}
}
