import { errorBodyText } from '../../helpers/errorBody';
import type { HttpFailure } from '../types';

const TOKEN_NODE_REGION =
	'Check, in this order: the API token (shown once when the SCIM method was created; regenerate it if unsure), the node ID (the 15-digit ID of the node that owns the SCIM method — tokens are per node), and the region (the data center your Keeper tenant lives in: keepersecurity.com, .eu, .com.au, .ca, .jp or GovCloud).';

/** Keeper's SCIM failures, each with the likely cause among token, node id and region. */
export function explainKeeperError(failure: HttpFailure): { message: string; description: string } {
	const detail = errorBodyText(failure.body);
	const suffix = detail ? `: ${detail}` : '';
	const isItem = /^\/(Users|Groups)\/[^/]+$/.test(failure.path);
	const resource = failure.path.startsWith('/Groups') ? 'team' : 'user';
	switch (failure.status) {
		case 0:
			return {
				message: `Could not reach the Keeper SCIM API (${failure.networkCode ?? 'network error'})`,
				description:
					failure.networkCode === 'ENOTFOUND'
						? 'The host name does not resolve. Check the region, or the base URL of a custom region.'
						: 'Check the region (or custom base URL), your network and proxy settings, then try again.',
			};
		case 400:
			return {
				message: `Keeper rejected the request${suffix}`,
				description: 'A filter or value was not accepted. Check the parameters of this node.',
			};
		case 401:
			return { message: `Keeper rejected the API token (401)${suffix}`, description: TOKEN_NODE_REGION };
		case 403:
			return {
				message: `Keeper refused access (403)${suffix}`,
				description: `The token is valid but may not be allowed on this node, or SCIM provisioning is disabled for it. ${TOKEN_NODE_REGION}`,
			};
		case 404:
			return isItem
				? {
						message: `No Keeper ${resource} with ID "${decodeURIComponent(failure.path.split('/')[2])}"`,
						description: `The ID is unknown on this SCIM node. Use "Get Many" to find the ${resource}'s ID (Keeper ${resource} IDs are numeric for users, Team UIDs for teams).`,
					}
				: {
						message: `Keeper has no SCIM endpoint at this address (404)${suffix}`,
						description: `The node ID or the region is probably wrong. ${TOKEN_NODE_REGION}`,
					};
		case 409:
			return {
				message: `Keeper reports a conflict (409)${suffix}`,
				description: 'Another user already has this email address or user name.',
			};
		case 428:
			return {
				message: `Keeper refused: the number of licensed seats was exceeded (428)${suffix}`,
				description: 'Free a seat (delete or remove a user) or buy more licenses, then try again.',
			};
		case 429:
			return {
				message: 'Keeper is rate limiting requests (429)',
				description: 'Retries with backoff did not get through. Poll less often or lower the page concurrency.',
			};
		default:
			if (failure.status >= 300 && failure.status < 400) {
				return {
					message: `Keeper answered with a redirect (${failure.status}), which is not followed`,
					description: `Redirects are not followed so that the API token never reaches another host. ${TOKEN_NODE_REGION}`,
				};
			}
			return {
				message: `Keeper answered ${failure.method} ${failure.path} with HTTP ${failure.status}${suffix}`,
				description:
					failure.status >= 500
						? 'Keeper had a server error and retries did not help. Try again later.'
						: 'Unexpected response from the Keeper SCIM API.',
			};
	}
}
