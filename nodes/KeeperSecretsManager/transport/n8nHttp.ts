/**
 * The client's HTTP function on top of n8n's helpers, so proxies, SSL settings and request logging
 * of the n8n instance apply. Keeper authenticates each request by its signature, which only the
 * client can compute, so the plain helper is used rather than a credential `authenticate` block.
 */

import type {
	ICredentialTestFunctions,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { withDeadline } from '../../shared/helpers/deadline';
import type { KsmHttpFunction, KsmHttpResponse } from './types';

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Node executions, option lists and searches. The timeout is a deadline for the whole exchange
 * (n8n's own counts only idle time), and cancelling the execution aborts the request.
 */
export function httpViaN8n(context: IExecuteFunctions | ILoadOptionsFunctions): KsmHttpFunction {
	const executionSignal = 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
	return async (url, headers, body, method = 'POST') => {
		const options = (abortSignal: AbortSignal): IHttpRequestOptions => ({
			method,
			url,
			headers,
			...(method === 'POST' ? { body } : {}),
			encoding: 'arraybuffer',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Requests are sealed for this host (and file addresses pre-signed for theirs): a redirect would only hand them to another one.
			disableFollowRedirect: true,
			timeout: REQUEST_TIMEOUT_MS,
			abortSignal,
		});
		const response = (await withDeadline(
			REQUEST_TIMEOUT_MS,
			async (signal) => await context.helpers.httpRequest(options(signal)),
			executionSignal,
		)) as IN8nHttpFullResponse;
		return { status: response.statusCode, body: asBuffer(response.body) };
	};
}

/**
 * The credential dialog's Test button: n8n gives credential tests only the older `request`
 * helper (n8n-core's CredentialTestContext), so the same request is phrased in its options.
 */
export function httpViaCredentialTest(context: ICredentialTestFunctions): KsmHttpFunction {
	return async (url, headers, body): Promise<KsmHttpResponse> => {
		// The legacy helper takes no abort signal: the deadline still bounds the wait.
		const response = (await withDeadline(REQUEST_TIMEOUT_MS, async () => await context.helpers.request({
			method: 'POST',
			uri: url,
			headers,
			body,
			encoding: null,
			json: false,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			followAllRedirects: false,
			timeout: REQUEST_TIMEOUT_MS,
		}))) as { statusCode: number; body: unknown };
		return { status: response.statusCode, body: asBuffer(response.body) };
	};
}

function asBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.alloc(0);
}
