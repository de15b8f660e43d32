import { retryClock } from '../../nodes/shared/transport/retry';

/**
 * Every suite waits on a virtual clock: a wait between attempts is recorded and moves the clock
 * forward at once, so backoff, Retry-After and run budgets are computed as in production without
 * real waits. Installed by jest's setupFilesAfterEach into the built package (see resolver.js).
 */
const realClock = { ...retryClock };
let skippedMs = 0;
const recorded: number[] = [];

retryClock.now = () => realClock.now() + skippedMs;
retryClock.sleep = async (milliseconds) => {
	recorded.push(milliseconds);
	skippedMs += milliseconds;
	// Let the other requests of a run go on, as they would while this one waited.
	await new Promise((resolve) => setImmediate(resolve));
};

beforeEach(() => {
	recorded.length = 0;
});

/** The waits between attempts since the test began, in milliseconds. */
export function waits(): readonly number[] {
	return [...recorded];
}

/** Runs `run` on the production clock, which really waits. */
export async function withRealClock<T>(run: () => Promise<T>): Promise<T> {
	const virtual = { ...retryClock };
	Object.assign(retryClock, realClock);
	try {
		return await run();
	} finally {
		Object.assign(retryClock, virtual);
	}
}
