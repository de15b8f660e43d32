import type { HttpFailure } from '../domain';
import { errorBodyText } from './errorBody';
import { networkProblem } from './network';

/** A failed request in words: what happened, and what the user can do about it. */
export interface Explanation {
	message: string;
	description: string;
}

/** How one service is named in the failures every API shares, and what to check for each. */
export interface CommonWording {
	/** The service in sentences: "Acme". */
	name: string;
	/** The API in "Could not reach …" and "Unexpected response from …": "the Acme API". */
	api: string;
	/** After "The host name does not resolve.": where the address is set. */
	unresolved: string;
	/** When the network failed otherwise. */
	unreachable: string;
	/** Why redirects are not followed, and where the address is set. */
	redirect: string;
	/** After a 429 that retries did not get through. */
	rateLimited: string;
	/** After a server error that retries did not fix (default: "Try again later."). */
	serverError?: string;
	/**
	 * For a POST that may have been applied although it failed (the transport never repeats one):
	 * how to check. Omitted for a service whose POSTs only read.
	 */
	notRepeated?: string;
}

/** The failure's error body as ": detail", or '' when it says nothing useful. */
export function detailSuffix(failure: Pick<HttpFailure, 'body'>): string {
	const detail = errorBodyText(failure.body);
	return detail ? `: ${detail}` : '';
}

/**
 * The failures every API shares — no answer, a redirect, rate limiting, server errors and any
 * other status — in one wording. A provider's explainer answers its own statuses first.
 */
export function explainCommon(failure: HttpFailure, wording: CommonWording): Explanation {
	const { name, notRepeated } = wording;
	const mayHaveApplied = failure.method === 'POST' && notRepeated !== undefined;
	if (failure.status === 0) {
		return {
			message: `Could not reach ${wording.api}: ${networkProblem(failure.networkCode)}`,
			description:
				failure.networkCode === 'ENOTFOUND'
					? `The host name does not resolve. ${wording.unresolved}`
					: mayHaveApplied && failure.networkCode !== 'ECONNREFUSED'
						? notRepeated
						: wording.unreachable,
		};
	}
	if (failure.status >= 300 && failure.status < 400) {
		return {
			message: `${name} answered with a redirect (${failure.status}), which is not followed`,
			description: wording.redirect,
		};
	}
	if (failure.status === 429) {
		return { message: `${name} is rate limiting requests (429)`, description: wording.rateLimited };
	}
	return {
		message: `${name} answered ${failure.method} ${failure.path} with HTTP ${failure.status}${detailSuffix(failure)}`,
		description:
			failure.status < 500
				? `Unexpected response from ${wording.api}.`
				: mayHaveApplied
					? `${name} had a server error. ${notRepeated}`
					: `${name} had a server error and retries did not help. ${wording.serverError ?? 'Try again later.'}`,
	};
}
