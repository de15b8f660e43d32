import { detailSuffix, explainCommon, type CommonWording, type Explanation } from '../../helpers/explain';
import type { HttpFailure } from '../../domain';

const TOKEN_NODE_REGION =
	'Check, in this order: the API token (shown once when the SCIM method was created; regenerate it if unsure), the node ID (the 15-digit ID of the node that owns the SCIM method — tokens are per node), and the region (the data center your Keeper tenant lives in: keepersecurity.com, .eu, .com.au, .ca, .jp or GovCloud).';

/** The transport never repeats a POST that may have been applied: say so, and how to check. */
const NOT_REPEATED =
	'The request was not repeated because Keeper may have applied it anyway: check with Get Many whether the user or team exists before running again.';

const KEEPER: CommonWording = {
	name: 'Keeper',
	api: 'the Keeper SCIM API',
	unresolved: 'Check the region, or the base URL of a custom region.',
	unreachable: 'Check the region (or custom base URL), your network and proxy settings, then try again.',
	redirect: `Redirects are not followed so that the API token never reaches another host. ${TOKEN_NODE_REGION}`,
	rateLimited: 'Retries with backoff did not get through. Poll less often or lower the page concurrency.',
	notRepeated: NOT_REPEATED,
};

/** Keeper's SCIM failures, each with the likely cause among token, node id and region. */
export function explainKeeperError(failure: HttpFailure): Explanation {
	const suffix = detailSuffix(failure);
	const isItem = /^\/(Users|Groups)\/[^/]+$/.test(failure.path);
	const resource = failure.path.startsWith('/Groups') ? 'team' : 'user';
	switch (failure.status) {
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
						description:
							'Keeper found no SCIM node with this ID in this region. Check the node ID (the 15-digit number at the end of the SCIM URL, under Admin → node → Provisioning) and the region (the data center you sign in to: keepersecurity.com, .eu, .com.au, .ca, .jp or GovCloud).',
					};
		case 409:
			return explainConflict(failure, resource, suffix);
		case 428:
			return {
				message: `Keeper refused ${failure.method === 'POST' ? 'to create the user' : 'the change'}: all licensed seats are in use (428)${suffix}`,
				description:
					'Every license seat of your Keeper enterprise is taken. Free one (delete a user who has left; a locked user may still hold a seat) or add seats under Admin → Subscription in the Keeper Admin Console, then run again.',
			};
		default:
			return explainCommon(failure, KEEPER);
	}
}

function explainConflict(
	failure: HttpFailure,
	resource: 'user' | 'team',
	suffix: string,
): Explanation {
	if (resource === 'team') {
		return {
			message: `Keeper reports a conflict for this team (409)${suffix}`,
			description: 'A team with this name or external ID may already exist. Find it with Get Many on groups (Name filter).',
		};
	}
	const action = failure.method === 'POST' ? 'create the user' : 'change the user';
	return {
		message: `Keeper refused to ${action}: the email address is already taken (409)${suffix}`,
		description:
			'Another Keeper user already signs in with this email — possibly a locked or invited user, or one in another node. Find them with Get Many (Email filter), then update or unsuspend that user instead.',
	};
}
