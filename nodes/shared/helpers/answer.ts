import { errorBodyText, isMarkup } from './errorBody';

/** What a response body is, in a few words, for errors naming what came back instead of an answer. */
export function describeBody(body: unknown): string {
	if (body === undefined || body === null || (typeof body === 'string' && body.trim() === '')) {
		return 'an empty body';
	}
	if (typeof body === 'string') {
		const text = errorBodyText(body);
		const quoted = text ? ` ("${text.slice(0, 80)}")` : '';
		return `${isMarkup(body) ? 'an HTML page' : 'text that is not JSON'}${quoted}`;
	}
	if (Array.isArray(body)) return `a JSON list of ${body.length} entries`;
	if (typeof body === 'object') {
		const keys = Object.keys(body);
		return keys.length ? `JSON with the fields ${keys.slice(0, 6).join(', ')}` : 'an empty JSON object';
	}
	return `the bare JSON value ${JSON.stringify(body).slice(0, 40)}`;
}

/**
 * Most records a directory list is believed to hold: twice the 1,000,000 users the change
 * detection is measured with, so that a directory of that size may still grow. A server
 * announcing or sending more is misbehaving, and believing it would let it keep a read going
 * for days.
 */
export const MAX_DIRECTORY_SIZE = 2_000_000;

/** A count as an API must send it: a whole number from 0 to `max`; undefined otherwise. */
export function wholeCount(value: unknown, max: number): number | undefined {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max ? value : undefined;
}
