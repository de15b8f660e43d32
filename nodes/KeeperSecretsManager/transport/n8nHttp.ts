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

import type { KsmHttpFunction, KsmHttpResponse } from './types';

const REQUEST_TIMEOUT_MS = 30_000;

/** Node executions, option lists and searches. */
export function httpViaN8n(context: IExecuteFunctions | ILoadOptionsFunctions): KsmHttpFunction {
	return async (url, headers, body, method = 'POST') => {
		const options: IHttpRequestOptions = {
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
		};
		const response = (await context.helpers.httpRequest(options)) as IN8nHttpFullResponse;
		return { status: response.statusCode, body: asBuffer(response.body) };
	};
}

/**
 * The credential dialog's Test button: n8n gives credential tests only the older `request`
 * helper (n8n-core's CredentialTestContext), so the same request is phrased in its options.
 */
export function httpViaCredentialTest(context: ICredentialTestFunctions): KsmHttpFunction {
	return async (url, headers, body): Promise<KsmHttpResponse> => {
		const response = (await context.helpers.request({
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
		})) as { statusCode: number; body: unknown };
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
