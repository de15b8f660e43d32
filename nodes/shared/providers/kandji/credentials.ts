import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { UserFacingError } from '../../helpers/errors';
import { credentialAuthenticate, normaliseBaseUrl, rememberedBaseUrl } from '../../helpers/url';

/** Kandji's API hosts per region: `<subdomain>.api.kandji.io` and `<subdomain>.api.eu.kandji.io`. */
const KANDJI_REGION_SUFFIXES: Record<string, string> = {
	us: '.api.kandji.io',
	eu: '.api.eu.kandji.io',
};

const KANDJI_API_PATH = '/api/v1';

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HOST_CHARACTERS = /^[a-z0-9.-]+$/;
/** What a pasted URL may carry after the host: nothing, or the API root. */
const API_ROOT_PATH = /^\/?(?:api(?:\/v1)?\/?)?$/;

const ENTER_SUBDOMAIN =
	'Enter only your tenant\'s subdomain: the text before ".api.kandji.io" in the API URL shown under Settings → Access → API Token in Kandji (for https://acme.api.kandji.io enter "acme"). Pasting "acme.api", "acme.api.eu" or the whole URL works too.';

/** What is wrong with a credential field, and what to enter instead. */
type Problem = { message: string; hint: string };

/** The problem with a credential, or the API base URL it designates. */
type KandjiTarget = { baseUrl: string } | Problem;

/**
 * The subdomain as users paste it (`acme`, `acme.api`, `acme.api.eu`, `https://acme.api.kandji.io/`)
 * reduced to the single host label, checked against the chosen region. Anything that could name
 * another host (`evil.com/x#`, `a@b`, `acme.evil.com`) is refused, so the token cannot leave Kandji.
 */
function subdomainLabel(input: unknown, region: string): { label: string } | Problem {
	let host = (typeof input === 'string' ? input : '').trim().toLowerCase();
	if (!host) return { message: 'The Kandji subdomain is empty', hint: ENTER_SUBDOMAIN };
	if (/^https?:\/\//.test(host)) {
		const url = URL.canParse(host) ? new URL(host) : undefined;
		if (!url || url.username || url.password || url.port || url.search || url.hash || !API_ROOT_PATH.test(url.pathname)) {
			return { message: 'The Kandji subdomain is not a plain Kandji API address', hint: ENTER_SUBDOMAIN };
		}
		host = url.hostname;
	}
	if (!HOST_CHARACTERS.test(host)) {
		return { message: 'The Kandji subdomain may only contain letters, digits, hyphens and dots', hint: ENTER_SUBDOMAIN };
	}
	host = host.replace(/\.kandji\.io$/, '');
	const pastedRegion = /\.api\.eu$/.test(host) ? 'eu' : /\.api$/.test(host) ? 'us' : undefined;
	if (pastedRegion && pastedRegion !== region) {
		return {
			message: `The Kandji subdomain is ${pastedRegion === 'eu' ? 'an EU' : 'a US'} address but the region is ${region.toUpperCase()}`,
			hint: `Set the region to ${pastedRegion.toUpperCase()}, or enter only the subdomain (the first part of the address).`,
		};
	}
	const label = host.replace(/\.api(?:\.eu)?$/, '');
	if (!HOST_LABEL.test(label)) {
		return { message: 'The Kandji subdomain must be a single name such as "acme", not a host name or URL', hint: ENTER_SUBDOMAIN };
	}
	return { label };
}

/** The API base URL (…/api/v1) for these credentials, or what is wrong with them. */
export function resolveKandjiTarget(credentials: ICredentialDataDecryptedObject): KandjiTarget {
	const region = String(credentials.region ?? 'us');
	if (region === 'custom') {
		try {
			return { baseUrl: normaliseBaseUrl(credentials.baseUrl, 'Base URL', true) + KANDJI_API_PATH };
		} catch (error) {
			if (error instanceof UserFacingError && error.hint) return { message: error.message, hint: error.hint };
			return { message: 'The Base URL is not usable', hint: 'Enter a URL such as https://kandji-proxy.example.com.' };
		}
	}
	const suffix = KANDJI_REGION_SUFFIXES[region];
	if (!suffix) {
		return { message: `Unknown Kandji region "${region}"`, hint: 'Choose US, EU or Custom.' };
	}
	const subdomain = subdomainLabel(credentials.subdomain, region);
	if ('message' in subdomain) return subdomain;
	return { baseUrl: `https://${subdomain.label}${suffix}${KANDJI_API_PATH}` };
}

/** The API base URL for these credentials, once the subdomain (or custom URL) and the token are usable. */
export const kandjiBaseUrl = rememberedBaseUrl((credentials: ICredentialDataDecryptedObject): string => {
	const target = resolveKandjiTarget(credentials);
	if ('message' in target) throw new UserFacingError(target.message, target.hint);
	kandjiAuthorization(credentials); // throws for a token no request could carry
	return target.baseUrl;
});

/** The token as pasted, without surrounding space or a copied "Bearer " prefix. */
function kandjiToken(credentials: ICredentialDataDecryptedObject): { token: string } | Problem {
	const token = String(credentials.apiToken ?? '')
		.trim()
		.replace(/^bearer\s+/i, '');
	const hint =
		'Paste the token shown when it was created in Kandji (Settings → Access → API Token → Add API Token). Kandji shows it only once: create a new one if it is lost.';
	if (!token) return { message: 'The Kandji API token is empty', hint };
	// A space or control character would corrupt the Authorization header.
	if (!/^[\x21-\x7e]+$/.test(token)) {
		return { message: 'The Kandji API token contains spaces or characters a token never has', hint };
	}
	return { token };
}

/** The Authorization header value for these credentials (validated by `kandjiBaseUrl` first). */
export function kandjiAuthorization(credentials: ICredentialDataDecryptedObject): string {
	const token = kandjiToken(credentials);
	if ('message' in token) throw new UserFacingError(token.message, token.hint);
	return `Bearer ${token.token}`;
}

/**
 * The credential's `authenticate`: adds the bearer token only to requests for the configured
 * Kandji API (host and /api/v1 path). Every request with this credential passes here — the
 * nodes', the credential test's and the HTTP Request node's — so no setting, expression,
 * redirect or `next` link can carry the token anywhere else.
 */
export const authenticateKandjiRequest = credentialAuthenticate(kandjiBaseUrl, 'The Kandji API token', (options, credentials) => ({
	...options,
	headers: { ...options.headers, Authorization: kandjiAuthorization(credentials) },
}));
