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
