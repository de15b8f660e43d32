import type { IDataObject } from 'n8n-workflow';

import { MAX_DIRECTORY_SIZE, wholeCount } from '../../helpers/answer';
import { isObject } from '../../helpers/values';
import { UserFacingError } from '../../helpers/errors';
import type { Transport } from '../../transport/types';
import { customerIdOf } from './normalise';

export const CUSTOMER_QUERY_PATH = '/customer/query/';
/** Konnektive's cap on `resultsPerPage`. */
export const MAX_RESULTS_PER_PAGE = 200;

/** "No customers matching those parameters could be found" is how Konnektive says "nothing". */
const EMPTY_RESULT = /^No \w+ matching those parameters could be found/i;
/** A login or permission failure must never pass for an empty result. */
const ACCESS_PROBLEM = /login|password|credential|authenticat|permission|access|whitelist|\bIP\b/i;

/** A page of `customer/query/`. */
interface CustomerPage {
	totalResults: number | undefined;
	/** Number(page): Konnektive sometimes sends it as a string. */
	page: number | undefined;
	data: IDataObject[];
}

/** What a Konnektive answer says: a page, "nothing matched", or a failure to explain. */
export type Envelope = { kind: 'page'; page: CustomerPage } | { kind: 'empty' } | { kind: 'failure' };

function optionalNumber(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const number = Number(value);
	return Number.isFinite(number) ? number : undefined;
}

/**
 * Konnektive answers errors with HTTP 200, so the envelope's `result` decides: SUCCESS is a page,
 * an ERROR saying nothing matched is an empty result, and any other ERROR (or a body that is not
 * an envelope) is a failure.
 */
export function readEnvelope(body: unknown): Envelope {
	if (!isObject(body)) return { kind: 'failure' };
	const result = String(body.result).toUpperCase();
	if (result === 'ERROR') {
		const text = typeof body.message === 'string' ? body.message.trim() : '';
		return EMPTY_RESULT.test(text) && !ACCESS_PROBLEM.test(text) ? { kind: 'empty' } : { kind: 'failure' };
	}
	const message = body.message;
	if (result !== 'SUCCESS' || !isObject(message) || !Array.isArray(message.data ?? [])) return { kind: 'failure' };
	// A page of anything but customer records is not Konnektive's answer.
	if (!((message.data ?? []) as unknown[]).every(isObject)) return { kind: 'failure' };
	return {
		kind: 'page',
		page: {
			totalResults: optionalNumber(message.totalResults),
			page: optionalNumber(message.page),
			data: (message.data ?? []) as IDataObject[],
		},
	};
}

/** One `customer/query/` request: a page, undefined when nothing matched; failures throw like HTTP errors. */
export async function queryCustomers(transport: Transport, qs: IDataObject): Promise<CustomerPage | undefined> {
	const method = 'GET';
	const path = CUSTOMER_QUERY_PATH;
	const { status, body } = await transport.request<unknown>({ method, path, qs });
	const envelope = readEnvelope(body);
	if (envelope.kind === 'failure') return transport.fail({ status, body, method, path });
	return envelope.kind === 'page' ? envelope.page : undefined;
}

/**
 * Pages of customers, 200 at a time (fewer when `limit` is lower), stopping on a short or empty
 * page, on `totalResults`, or once `limit` records are in hand. A page that brings no customer
 * not seen before, or more customers than any directory holds, ends it with an error: a server
 * repeating full pages would otherwise keep it going for ever.
 */
export async function* customerPages(
	transport: Transport,
	qs: IDataObject,
	options: { limit?: number } = {},
): AsyncGenerator<IDataObject[]> {
	const resultsPerPage = Math.max(1, Math.min(MAX_RESULTS_PER_PAGE, options.limit ?? MAX_RESULTS_PER_PAGE));
	let received = 0;
	const seen = new Set<string>();
	let ceiling = MAX_DIRECTORY_SIZE;
	for (let page = 1; ; page++) {
		const found = await queryCustomers(transport, { ...qs, resultsPerPage, page });
		if (!found || found.data.length === 0) return;
		if (found.totalResults !== undefined && wholeCount(found.totalResults, MAX_DIRECTORY_SIZE) === undefined) {
			throw new UserFacingError(
				`Konnektive sent a malformed customer page: totalResults is ${found.totalResults}, not a whole number from 0 to ${MAX_DIRECTORY_SIZE}`,
				'This is the server misbehaving; nothing was used from this read. Check that the Base URL of the credential points at the Konnektive API itself, not at a proxy.',
			);
		}
		// No more than the first page announced, plus one page for customers added meanwhile.
		if (page === 1 && found.totalResults !== undefined) ceiling = found.totalResults + resultsPerPage;
		if (found.page !== undefined && found.page !== page) {
			// A server that ignores `page` would hand out the first page forever.
			throw new UserFacingError(
				`Konnektive answered page ${found.page} when page ${page} of the customers was asked for`,
				'The results cannot be paged consistently. Check that the Base URL of the credential points at the Konnektive API itself, not at a proxy or cache.',
			);
		}
		const fresh = found.data.filter((customer) => !seen.has(customerIdOf(customer)));
		if (fresh.length === 0 || seen.size + fresh.length > ceiling) {
			throw new UserFacingError(
				fresh.length === 0
					? `Konnektive answered page ${page} of the customers with only customers of earlier pages`
					: `Konnektive listed more customers than the ${ceiling === MAX_DIRECTORY_SIZE ? 'most any query may return' : 'first page announced'}`,
				'The results cannot be paged to an end. Narrow the date range, or check that the Base URL of the credential points at the Konnektive API itself, not at a proxy or cache.',
			);
		}
		for (const customer of fresh) seen.add(customerIdOf(customer));
		yield found.data;
		received += found.data.length;
		if (found.data.length < resultsPerPage) return;
		if (found.totalResults !== undefined && page * resultsPerPage >= found.totalResults) return;
		if (options.limit !== undefined && received >= options.limit) return;
	}
}
