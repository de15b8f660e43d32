import { sleep } from 'n8n-workflow';

import type { RetryPolicy } from './types';

/**
 * Where every client reads the time and waits between attempts (backoff, Retry-After, the run's
 * budget). Nodes never change it; the test suite swaps its members for a virtual clock, so failure
 * cases run without real waits while the delays and budgets are computed exactly as in production.
 */
export const retryClock: { now(): number; sleep(milliseconds: number): Promise<void> } = {
	now: () => Date.now(),
	sleep: async (milliseconds) => await sleep(milliseconds),
};

/** Statuses worth another attempt: rate limiting and transient server trouble. */
export function isRetryableStatus(status: number): boolean {
	return status === 429 || status === 502 || status === 503 || status === 504 || status === 500;
}

/** Network failures worth another attempt: the request may never have reached the server. */
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
]);

export function isRetryableNetworkCode(code: string | undefined): boolean {
	return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
	if (!header) return undefined;
	const trimmed = header.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `retry` (1-based): the server's Retry-After when given,
 * else exponential backoff with full jitter so that parallel pollers do not retry in lockstep.
 */
export function retryDelay(
	retry: number,
	policy: RetryPolicy,
	retryAfterMs: number | undefined,
	random: () => number = Math.random,
): number {
	if (retryAfterMs !== undefined) return retryAfterMs;
	const ceiling = policy.baseDelayMs * 2 ** (retry - 1);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
