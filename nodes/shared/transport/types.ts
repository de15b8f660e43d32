import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { HttpFailure } from '../domain';

export interface RequestSpec {
	method?: IHttpRequestMethods;
	/** Path below the provider's base URL, starting with `/`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: Record<string, string>;
	/** Non-2xx statuses returned to the caller instead of thrown (an expected "no such thing"). */
	acceptStatus?: number[];
	/**
	 * A 2xx body comes back as `DeferredBody`, parsed only when asked: a reader with pages in
	 * flight then holds them as bytes, outside V8's heap, instead of as objects that every
	 * garbage collection in the meantime copies.
	 */
	deferParse?: boolean;
}

/** A response body kept as received; `parse` gives what `request` would have (JSON, else text). */
export interface DeferredBody {
	parse(): unknown;
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
	/** The text without this credential's secrets, for messages built outside the transport. */
	redact(text: string): string;
	/**
	 * Throws the provider's explained, redacted error for a failure the API reports inside a 2xx
	 * response (some APIs answer errors with HTTP 200 and an error field in the body).
	 */
	fail(failure: HttpFailure): never;
	/**
	 * Throws a redacted error saying that a 2xx answer is not what the API documents (an HTML page
	 * from a proxy, an empty body, a foreign shape), so no success is reported on it.
	 */
	unexpected(answer: Pick<HttpFailure, 'method' | 'path' | 'body'>, expected: string): never;
}

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Total time the retries of one request may wait, in milliseconds. */
	maxWaitMs: number;
	baseDelayMs: number;
	/** Deadline of each attempt, whole answer included, in milliseconds. */
	timeoutMs: number;
	/** Time all requests of one transport (one run) may take together, retries included. */
	budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	maxWaitMs: 60_000,
	baseDelayMs: 500,
	timeoutMs: 30_000,
	budgetMs: Number.POSITIVE_INFINITY,
};
