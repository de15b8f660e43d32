import { errorBodyText } from '../../helpers/errorBody';
import { explainCommon, type CommonWording, type Explanation } from '../../helpers/explain';
import { isObject } from '../../helpers/values';
import type { HttpFailure } from '../../domain';

const IP_HINT =
	'Konnektive only answers API users from whitelisted IP addresses. In Konnektive open Admin → Users → the API user and add the public IP address of your n8n server to its IP whitelist (or allow your whole cloud: AWS, GOOGLE, AZURE, CLOUDFLARE or DIGITAL_OCEAN).';

/** The permission Konnektive grants per endpoint, as the Admin → Users screen names it. */
function permissionFor(path: string): string {
	return path.startsWith('/customer/query') ? 'Query Customers' : `access to ${path}`;
}

function permissionHint(path: string): string {
	return `Konnektive grants API users access per endpoint. In Konnektive open Admin → Users → the API user and allow "${permissionFor(path)}".`;
}

function twoUsualCauses(path: string): string {
	return `The two usual causes: ${IP_HINT} Or: ${permissionHint(path)}`;
}

const BASE_URL_HINT =
	'Check the Base URL of the credential: https://api.konnektive.com for Konnektive, https://api.checkoutchamp.com for Checkout Champ (scheme and host only).';

const KONNEKTIVE: CommonWording = {
	name: 'Konnektive',
	api: 'the Konnektive API',
	unresolved: BASE_URL_HINT,
	unreachable: 'Check the Base URL of the credential, your network and proxy settings, then try again.',
	redirect: `The login ID and password travel in the request, so redirects are not followed. ${BASE_URL_HINT}`,
	rateLimited: 'Retries with backoff did not get through. Poll less often, or narrow the date range.',
	serverError: 'Try again later, or narrow the date range.',
};

/** Konnektive answers errors with HTTP 200 and `result: "ERROR"`: the text tells the cause. */
function explainEnvelopeError(failure: HttpFailure, detail: string): Explanation {
	const about = `Konnektive refused ${failure.path}: ${detail}`;
	if (/\bIP\b|whitelist/i.test(detail)) return { message: about, description: IP_HINT };
	if (/permission|not permitted|not allowed|access denied|not authori[sz]ed/i.test(detail)) {
		return { message: about, description: permissionHint(failure.path) };
	}
	if (/login|password|credential|authenticat/i.test(detail)) {
		return {
			message: about,
			description: `Check the Login ID and Password of the credential: those of a Konnektive user with the access level "Api User" (Admin → Users), not your own sign-in. If they are right: ${twoUsualCauses(failure.path)}`,
		};
	}
	return { message: about, description: twoUsualCauses(failure.path) };
}

function isEnvelope(body: unknown): body is { result: unknown; message?: unknown } {
	return isObject(body) && 'result' in body;
}

/** Konnektive's failures, each with the likely cause: IP whitelist, endpoint permission, login, base URL. */
export function explainKonnektiveError(failure: HttpFailure): Explanation {
	// The login travels in the query string; the transport redacts it from whatever this echoes.
	const detail = errorBodyText(failure.body) ?? '';
	const suffix = detail ? `: ${detail}` : '';
	if (failure.status >= 200 && failure.status < 300) {
		return isEnvelope(failure.body) && String(failure.body.result).toUpperCase() === 'ERROR'
			? explainEnvelopeError(failure, detail || 'no reason given')
			: {
					message: `The answer to ${failure.path} is not a Konnektive API response`,
					description: `Konnektive wraps every answer in {"result": …, "message": …}. ${BASE_URL_HINT}`,
				};
	}
	switch (failure.status) {
		case 401:
		case 403:
			return {
				message: `Konnektive refused access (${failure.status})${suffix}`,
				description: twoUsualCauses(failure.path),
			};
		case 404:
			return { message: `There is no Konnektive API at this address (404)${suffix}`, description: BASE_URL_HINT };
		default:
			return explainCommon(failure, KONNEKTIVE);
	}
}
