import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { HttpFailure } from '../providers/types';

export interface RequestSpec {
	method?: IHttpRequestMethods;
	/** Path below the provider's base URL, starting with `/`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: Record<string, string>;
	/** Non-2xx statuses returned to the caller instead of thrown (an expected "no such thing"). */
	acceptStatus?: number[];
}

export interface HttpResult<T = unknown> {
	status: number;
	headers: Record<string, string>;
	body: T;
}

/** The only way provider code reaches the network: auth, retries and error mapping are inside. */
export interface Transport {
	readonly baseUrl: string;
	request<T = IDataObject>(spec: RequestSpec): Promise<HttpResult<T>>;
	/** Requests made so far (for benchmarks and tests). */
	readonly requestCount: number;
	/** The text without this credential's secrets, for messages built outside the transport. */
	redact(text: string): string;
	/**
	 * Throws the provider's explained, redacted error for a failure the API reports inside a 2xx
	 * response (Konnektive answers errors with HTTP 200 and `result: "ERROR"`).
	 */
	fail(failure: HttpFailure): never;
}

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Total time the retries of one request may wait, in milliseconds. */
	maxWaitMs: number;
	baseDelayMs: number;
	/** Per-attempt timeout, in milliseconds. */
	timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	maxWaitMs: 60_000,
	baseDelayMs: 500,
	timeoutMs: 30_000,
};
