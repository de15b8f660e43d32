import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeBody } from '../helpers/answer';
import { withDeadline } from '../helpers/deadline';
import { toNodeError, UserFacingError } from '../helpers/errors';
import { redact, secretValues } from '../helpers/redact';
import type { HttpFailure } from '../domain';
import type { DirectoryProvider } from '../providers/types';
import { parseJsonBytes } from './json';
import { isRetryableNetworkCode, isRetryableStatus, parseRetryAfter, retryClock, retryDelay } from './retry';
import type { DeferredBody, HttpResult, RequestSpec, RetryPolicy, Transport } from './types';
import { DEFAULT_RETRY_POLICY } from './types';

export type DirectoryContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export { DEFAULT_RETRY_POLICY };
export type { DeferredBody, HttpResult, RequestSpec, RetryPolicy, Transport };

/**
 * Opens a transport for one provider: reads and checks its credential, then sends every request
 * through n8n's authenticated HTTP helper with retries and provider-specific error hints.
 */
export async function createTransport(
	context: DirectoryContext,
	provider: DirectoryProvider,
	retryPolicy: Partial<RetryPolicy> = {},
): Promise<Transport> {
	const credentials = await context.getCredentials(provider.credentialName);
	const secrets = secretValues(credentials, provider.secretFields);
	let baseUrl: string;
	try {
		baseUrl = provider.baseUrl(credentials);
	} catch (error) {
		throw toNodeError(context.getNode(), error, { clean: (text) => redact(text, secrets) });
	}
	// Handed to n8n with every request, so that it does not read and decrypt the credential again each time.
	const credentialsDecrypted = { id: '', name: provider.credentialName, type: provider.credentialName, data: credentials };
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...retryPolicy };
	const budgetEnds = retryClock.now() + policy.budgetMs;

	const outOfBudget = (): never => {
		throw new NodeOperationError(
			context.getNode(),
			`Talking to ${provider.displayName} took longer than this run may take (${Math.round(policy.budgetMs / 1000)} s in all)`,
			{
				description:
					'The server or the network is too slow, or the server keeps the requests waiting. Nothing from this run was used; try again later, or check the server.',
			},
		);
	};

	const failWith = (failure: HttpFailure, attempts: number): never => {
		const { message, description } = provider.explainError(failure);
		const retried = attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
		const details: JsonObject = { status: failure.status, method: failure.method, path: failure.path };
		// Not under `code`: n8n would replace our message with its generic one for that code.
		if (failure.networkCode) details.networkCode = failure.networkCode;
		const explained = new UserFacingError(message + retried, description, { status: failure.status, details });
		throw toNodeError(context.getNode(), explained, { clean: (text) => redact(text, secrets) });
	};

	// n8n sets the request's abort signal from the context's cancel signal: this context hands it
	// the deadline's signal instead (tied to the execution's own, so cancelling still works).
	const executionSignal = 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
	const withSignal = (signal: AbortSignal) =>
		Object.create(context, { getExecutionCancelSignal: { value: () => signal } }) as typeof context;

	const send = async (spec: RequestSpec): Promise<HttpResult<unknown> | { networkCode: string }> => {
		const left = budgetEnds - retryClock.now();
		if (left <= 0) outOfBudget();
		const options: IHttpRequestOptions = {
			method: spec.method ?? 'GET',
			url: baseUrl + spec.path,
			qs: spec.qs,
			body: spec.body,
			headers: { Accept: 'application/json', ...spec.headers },
			json: true,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect could carry the credential to a host the user never configured.
			disableFollowRedirect: true,
			timeout: policy.timeoutMs,
		};
		try {
			const response = (await withDeadline(
				Math.min(policy.timeoutMs, left),
				async (signal) =>
					await context.helpers.httpRequestWithAuthentication.call(withSignal(signal), provider.credentialName, options, {
						credentialsDecrypted,
					}),
				executionSignal,
			)) as IN8nHttpFullResponse;
			const ok = response.statusCode >= 200 && response.statusCode < 300;
			const raw = response.body;
			return {
				status: response.statusCode,
				headers: lowerCaseHeaders(response.headers),
				// Failures are parsed at once: their explanation reads the body.
				body: spec.deferParse && ok ? ({ parse: () => parseBody(raw) } satisfies DeferredBody) : parseBody(raw),
			};
		} catch (error) {
			const code = networkErrorCode(error);
			if (code) return { networkCode: code };
			const message = error instanceof Error ? error.message : String(error);
			throw new NodeOperationError(context.getNode(), redact(message, secrets));
		}
	};

	return {
		baseUrl,
		fail: (failure: HttpFailure): never => failWith(failure, 1),
		redact: (text: string) => redact(text, secrets),
		unexpected(answer, expected): never {
			throw new NodeOperationError(
				context.getNode(),
				redact(`${provider.displayName} answered ${answer.method} ${answer.path} with ${describeBody(answer.body)}, not ${expected}`, secrets),
				{
					description:
						`Nothing confirms that it happened. This is not an answer of the ${provider.displayName} API: check that the credential points at the API itself and that no proxy, captive portal or login page answers in its place, then check the state in ${provider.displayName} before running again.`,
				},
			);
		},
		async request<T = IDataObject>(spec: RequestSpec): Promise<HttpResult<T>> {
			const method = spec.method ?? 'GET';
			let waitedMs = 0;
			for (let attempt = 1; ; attempt++) {
				const outcome = await send(spec);
				const isResponse = 'status' in outcome;
				if (isResponse && ((outcome.status >= 200 && outcome.status < 300) || spec.acceptStatus?.includes(outcome.status))) {
					return outcome as HttpResult<T>;
				}
				const failure: HttpFailure = isResponse
					? { status: outcome.status, body: outcome.body, method, path: spec.path }
					: { status: 0, body: undefined, method, path: spec.path, networkCode: outcome.networkCode };
				// A failed POST may still have been applied: repeating it could create a duplicate.
				// Only a 429 says for certain that it was not.
				const retryable = isResponse
					? isRetryableStatus(outcome.status) && (method !== 'POST' || outcome.status === 429)
					: method !== 'POST' && isRetryableNetworkCode(outcome.networkCode);
				if (retryable && attempt <= policy.maxRetries) {
					const retryAfter = isResponse
						? parseRetryAfter(outcome.headers['retry-after'], retryClock.now())
						: undefined;
					const delay = retryDelay(attempt, policy, retryAfter);
					if (waitedMs + delay <= policy.maxWaitMs && retryClock.now() + delay < budgetEnds) {
						await retryClock.sleep(delay);
						waitedMs += delay;
						continue;
					}
				}
				return failWith(failure, attempt);
			}
		},
	};
}

/**
 * JSON bodies parsed, anything else as text, as n8n's helper would: the body is asked for as
 * bytes so that it is decoded and parsed once, here, without the helper's generic transforms.
 */
function parseBody(body: unknown): unknown {
	if (!Buffer.isBuffer(body)) return body;
	try {
		return parseJsonBytes(body);
	} catch {
		const text = body.toString('utf8');
		return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	}
}

function lowerCaseHeaders(headers: IDataObject | undefined): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

export function networkErrorCode(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	// n8n's request helpers throw a NodeApiError that keeps the network code only as `httpCode`.
	const { code, httpCode, cause } = error as { code?: unknown; httpCode?: unknown; cause?: unknown };
	const found = [code, httpCode].find((value) => typeof value === 'string' && /^E[A-Z_]+$/.test(value));
	if (found) return found as string;
	return cause === undefined ? undefined : networkErrorCode(cause);
}
