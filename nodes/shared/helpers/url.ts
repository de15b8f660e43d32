import type { IHttpRequestOptions } from 'n8n-workflow';

import { UserFacingError } from './errors';

/**
 * A user-entered base URL reduced to scheme://host[:port] (plus an optional path prefix when
 * `keepPath`), refusing anything that is not plain http(s) or that hides credentials in it.
 */
export function normaliseBaseUrl(input: unknown, fieldName: string, keepPath = false): string {
	const text = typeof input === 'string' ? input.trim() : '';
	const example = 'https://scim.example.com or http://127.0.0.1:8080';
	if (!URL.canParse(text)) {
		throw new UserFacingError(`"${fieldName}" is not a URL`, `Enter a URL such as ${example}.`);
	}
	const url = new URL(text);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new UserFacingError(`"${fieldName}" must start with https:// or http://`, `Enter a URL such as ${example}.`);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new UserFacingError(
			`"${fieldName}" must not contain a user name, password, query string or fragment`,
			`Enter only the scheme, host and port, such as ${example}.`,
		);
	}
	const path = keepPath ? url.pathname.replace(/\/+$/, '') : '';
	return `${url.protocol}//${url.host}${path}`;
}

/** The URL axios will call for these options: `url` alone when absolute, else joined to `baseURL`. */
function requestUrl(options: IHttpRequestOptions): URL | undefined {
	const { url, baseURL } = options as IHttpRequestOptions & { uri?: string };
	const target = url ?? (options as { uri?: string }).uri ?? '';
	const absolute = /^([a-z][a-z\d+\-.]*:)?\/\//i.test(target)
		? target
		: `${(baseURL ?? '').replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`;
	return URL.canParse(absolute) ? new URL(absolute) : undefined;
}

/**
 * For a credential's `authenticate`: refuses any request that is not for the configured API's
 * origin. Every request made with the credential passes there — the nodes', the credential
 * test's and the HTTP Request node's — so no setting, expression or link in a response can carry
 * the secret to another host.
 */
export function assertConfiguredOrigin(options: IHttpRequestOptions, baseUrl: string, secret: string): void {
	const allowed = new URL(baseUrl).origin;
	const destination = requestUrl(options);
	if (!destination || destination.origin !== allowed || destination.username || destination.password) {
		throw new Error(
			`${secret} is only sent to ${allowed}; this request was for ${destination?.origin ?? 'an unreadable address'} and was not sent`,
		);
	}
}
