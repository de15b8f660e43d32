import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { oneLine, UserFacingError } from './errors';

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Hosts on this machine only: the one place plain http may carry a credential (a test server). */
export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOST.test(hostname);
}

/**
 * A user-entered base URL reduced to scheme://host[:port] (plus an optional path prefix when
 * `keepPath`), refusing anything that is not https (or http to a loopback test server) or that
 * hides credentials in it.
 */
export function normaliseBaseUrl(input: unknown, fieldName: string, keepPath = false): string {
	const text = typeof input === 'string' ? input.trim() : '';
	const example = 'https://scim.example.com (or http://127.0.0.1:8080 for a local test server)';
	if (!URL.canParse(text)) {
		throw new UserFacingError(`"${fieldName}" is not a URL`, `Enter a URL such as ${example}.`);
	}
	const url = new URL(text);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
		throw new UserFacingError(
			`"${fieldName}" must start with https:// (plain http:// is accepted only for a server on this machine)`,
			`A secret sent over plain http can be read on the way. Enter a URL such as ${example}.`,
		);
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

/** Request options as n8n's legacy `request` helper (the HTTP Request node) also reads them. */
type AnyRequestOptions = IHttpRequestOptions & {
	uri?: string;
	proxy?: unknown;
	rejectUnauthorized?: boolean;
	followRedirect?: boolean;
	followAllRedirects?: boolean;
	maxRedirects?: number;
};

/** The URL axios will call for these options: `url` alone when absolute, else joined to `baseURL`. */
function requestUrl(options: AnyRequestOptions): URL | undefined {
	const target = options.url ?? options.uri ?? '';
	const absolute = /^([a-z][a-z\d+\-.]*:)?\/\//i.test(target)
		? target
		: `${(options.baseURL ?? '').replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`;
	return URL.canParse(absolute) ? new URL(absolute) : undefined;
}

/** Encoded `/`, `\` or `.` could climb out of the scope once a server decodes them. */
const ENCODED_PATH_CHARACTER = /%(?:2f|5c|2e)/i;

/**
 * Why a request must not carry the credential, or undefined when it may: it must be for the
 * configured base URL (origin and path prefix), and a proxy may only see a TLS tunnel it cannot
 * read (https with certificate checks on).
 */
function refusal(options: AnyRequestOptions, scope: URL): string | undefined {
	const destination = requestUrl(options);
	const allowed = scope.origin + scope.pathname.replace(/\/+$/, '');
	if (!destination || destination.username || destination.password || destination.origin !== scope.origin) {
		return `this request was for ${destination?.origin ?? 'an unreadable address'}`;
	}
	const prefix = scope.pathname.replace(/\/+$/, '');
	const path = destination.pathname;
	if ((path !== prefix && !path.startsWith(`${prefix}/`)) || ENCODED_PATH_CHARACTER.test(path)) {
		return `this request was for another path (${destination.origin}${path}), outside ${allowed}`;
	}
	const proxied = Boolean(options.proxy);
	const unverified = options.rejectUnauthorized === false || options.skipSslCertificateValidation === true;
	if (proxied && (destination.protocol !== 'https:' || unverified)) {
		return 'this request went through a proxy that could read it (a proxy is allowed only for https with certificate checks on)';
	}
	return undefined;
}

/**
 * For a credential's `authenticate`: every request made with the credential passes there — the
 * nodes', the credential test's and the HTTP Request node's (any version) — so this is where the
 * secret is kept to the configured base URL. A request for anywhere else is refused; the one
 * allowed is returned with redirects off, in the option names of both n8n request helpers, so no
 * answer can forward the secret either.
 */
function guardCredentialRequest(
	options: IHttpRequestOptions,
	baseUrl: string,
	secret: string,
): IHttpRequestOptions {
	const scope = new URL(baseUrl);
	const problem = refusal(options, scope);
	if (problem) {
		throw new Error(
			`${secret} is only sent to ${scope.origin}${scope.pathname.replace(/\/+$/, '')}; ${problem} and was not sent`,
		);
	}
	const noRedirects: Partial<AnyRequestOptions> = {
		disableFollowRedirect: true,
		followRedirect: false,
		followAllRedirects: false,
		maxRedirects: 0,
		sendCredentialsOnCrossOriginRedirect: false,
	};
	return { ...options, ...noRedirects };
}

type Credentials = ICredentialDataDecryptedObject;

/** Credentials one process keeps a checked base URL for, per provider (oldest dropped first). */
const REMEMBERED_CREDENTIALS = 32;

/**
 * A provider's `baseUrl`, which checks the credential and builds the URL, run once per credential
 * values: the transport and every authenticated request then share that one result. Only the
 * values' SHA-256 is kept, never the values, and a failure is not kept (it throws each time).
 */
export function rememberedBaseUrl(baseUrl: (credentials: Credentials) => string): (credentials: Credentials) => string {
	const known = new Map<string, string>();
	return (credentials) => {
		const key = createHash('sha256').update(JSON.stringify(credentials)).digest('base64');
		const remembered = known.get(key);
		if (remembered !== undefined) return remembered;
		const url = baseUrl(credentials);
		if (known.size >= REMEMBERED_CREDENTIALS) known.delete(known.keys().next().value as string);
		known.set(key, url);
		return url;
	};
}

/**
 * A credential's `authenticate`: the secret is added (by `apply`) only to requests for the base
 * URL of the credential, the same one the transport uses, and never follows a redirect. An
 * unusable credential is refused with its hint: the HTTP Request node shows only the message.
 */
export function credentialAuthenticate(
	baseUrl: (credentials: Credentials) => string,
	secret: string,
	apply: (options: IHttpRequestOptions, credentials: Credentials) => IHttpRequestOptions,
): (credentials: Credentials, options: IHttpRequestOptions) => Promise<IHttpRequestOptions> {
	return async (credentials, options) => {
		let scope: string | undefined;
		let problem: unknown;
		try {
			scope = baseUrl(credentials);
		} catch (error) {
			problem = error;
		}
		if (scope === undefined) throw new Error(oneLine(problem));
		return apply(guardCredentialRequest(options, scope, secret), credentials);
	};
}
