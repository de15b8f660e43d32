import { errorBodyText, isMarkup } from '../../helpers/errorBody';
import { detailSuffix, explainCommon, type CommonWording, type Explanation } from '../../helpers/explain';
import type { HttpFailure } from '../../domain';

const CHECK_ADDRESS =
	'Check the subdomain and the region in the Kandji credential: the API URL is shown in Kandji under Settings → Access → API Token (https://<subdomain>.api.kandji.io, or .api.eu.kandji.io for EU tenants).';

/** The token permission each endpoint needs, as Kandji lists them when configuring a token. */
const PERMISSIONS: Array<{ method: string; path: RegExp; permission: string; endpoint: string }> = [
	{ method: 'GET', path: /^\/users$/, permission: 'List Users', endpoint: 'GET /api/v1/users' },
	{ method: 'GET', path: /^\/users\/[^/]+$/, permission: 'Get User', endpoint: 'GET /api/v1/users/{user_id}' },
	{ method: 'DELETE', path: /^\/users\/[^/]+$/, permission: 'Delete User', endpoint: 'DELETE /api/v1/users/{user_id}' },
	{ method: 'GET', path: /^\/devices$/, permission: 'Device list', endpoint: 'GET /api/v1/devices' },
	{
		method: 'POST',
		path: /^\/devices\/[^/]+\/action\/lock$/,
		permission: 'Lock Device (Device actions)',
		endpoint: 'POST /api/v1/devices/{device_id}/action/lock',
	},
];

/** Where a user turns on the permission a request needs; undefined for an endpoint not listed. */
export function kandjiPermission(method: string, path: string): string | undefined {
	const entry = PERMISSIONS.find((candidate) => candidate.method === method && candidate.path.test(path));
	return entry && `"${entry.permission}" (${entry.endpoint})`;
}

function lastSegment(path: string, afterCollection: string): string {
	const match = new RegExp(`^/${afterCollection}/([^/]+)`).exec(path);
	return match ? decodeURIComponent(match[1]) : '';
}

function explainNotFound(failure: HttpFailure, suffix: string): Explanation {
	// Kandji answers unknown ids with JSON and unknown addresses with an HTML page.
	if (!isMarkup(failure.body)) {
		if (/^\/users\/[^/]+$/.test(failure.path)) {
			return {
				message: `No Kandji user with ID "${lastSegment(failure.path, 'users')}"`,
				description:
					'Kandji user IDs are UUIDs such as 69c009ca-1f78-4bdf-bb93-08d6d39041db (the `id` field of Get Many). The user may have been deleted, or removed by the directory integration.',
			};
		}
		if (/^\/devices\/[^/]+/.test(failure.path)) {
			return {
				message: `No Kandji device with ID "${lastSegment(failure.path, 'devices')}"`,
				description: 'The device may have been deleted from Kandji since it was listed.',
			};
		}
	}
	return { message: `Kandji has no API at this address (404)${suffix}`, description: CHECK_ADDRESS };
}

function explainBadRequest(failure: HttpFailure, detail: string | undefined, suffix: string): Explanation {
	if (failure.method === 'DELETE' && /assigned/i.test(detail ?? '')) {
		return {
			message: `Kandji refuses to delete a user who still has devices assigned${suffix}`,
			description:
				"Unassign the user's devices first (in Kandji on each device's page, or through Kandji's Update Device API), then delete again. The Get Devices operation lists them.",
		};
	}
	return {
		message: `Kandji rejected the request${suffix}`,
		description:
			'A parameter was not accepted. Check the values of this node: user and integration IDs are UUIDs, and Archived is true or false.',
	};
}

const NOT_REPEATED =
	'The request was not repeated because Kandji may have carried it out anyway: check the device in Kandji (its Activity tab) before running again.';

const KANDJI: CommonWording = {
	name: 'Kandji',
	api: 'the Kandji API',
	unresolved: CHECK_ADDRESS,
	unreachable: `Check your network and proxy settings, then try again. ${CHECK_ADDRESS}`,
	redirect: `Redirects are not followed so that the API token never reaches another host. ${CHECK_ADDRESS}`,
	rateLimited:
		'Kandji allows 10,000 API requests per hour per tenant, shared by every integration. Retries did not get through: run less often, or check which other tools use the API.',
	notRepeated: NOT_REPEATED,
};

/** Kandji's failures, each with the likely cause and where in Kandji to fix it. */
export function explainKandjiError(failure: HttpFailure): Explanation {
	const detail = errorBodyText(failure.body);
	const suffix = detailSuffix(failure);
	switch (failure.status) {
		case 400:
			return explainBadRequest(failure, detail, suffix);
		case 401:
			return {
				message: `Kandji rejected the API token (401)${suffix}`,
				description:
					'The token is wrong, or it was deleted or revoked in Kandji (Settings → Access → API Token). A token only works for its own tenant, so also check the subdomain and region.',
			};
		case 403: {
			const permission = kandjiPermission(failure.method, failure.path);
			return {
				message: `The Kandji API token is not allowed to ${failure.method} ${failure.path} (403)${suffix}`,
				description: permission
					? `The token is valid but lacks the ${permission} permission. In Kandji open Settings → Access → API Token, select this token, choose Configure, turn on ${permission} and save.`
					: 'The token is valid but lacks the permission for this endpoint. In Kandji open Settings → Access → API Token, select this token, choose Configure and turn on the endpoint.',
			};
		}
		case 404:
			return explainNotFound(failure, suffix);
		default:
			return explainCommon(failure, KANDJI);
	}
}
