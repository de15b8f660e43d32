import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { UserFacingError } from '../../helpers/errors';
import { credentialAuthenticate, normaliseBaseUrl, rememberedBaseUrl } from '../../helpers/url';
import { KEEPER_SCIM_REGIONS, keeperRegionHost } from './regions';

const NODE_ID = /^\d{15}$/;
/** Console tokens are standard base64 (44 chars, `=`), Commander's are URL-safe without padding. */
const API_TOKEN = /^[A-Za-z0-9+/_-]{20,}={0,2}$/;

function keeperHost(credentials: ICredentialDataDecryptedObject): string {
	const region = String(credentials.region ?? 'us');
	if (region === 'custom') return normaliseBaseUrl(credentials.baseUrl, 'Base URL');
	const host = KEEPER_SCIM_REGIONS.some(({ value }) => value === region) ? keeperRegionHost(region) : undefined;
	if (!host) {
		const regions = KEEPER_SCIM_REGIONS.map(({ value }) => value).join(', ');
		throw new UserFacingError(`Unknown Keeper region "${region}"`, `Choose one of ${regions} or custom.`);
	}
	return `https://${host}`;
}

export const keeperScimBaseUrl = rememberedBaseUrl((credentials: ICredentialDataDecryptedObject): string => {
	const nodeId = String(credentials.nodeId ?? '').trim();
	if (!NODE_ID.test(nodeId)) {
		throw new UserFacingError(
			'The Keeper node ID must be the 15-digit number of the SCIM node',
			'In the Keeper Admin Console open Admin, select the node that has the SCIM provisioning method, and copy its node ID (shown in the SCIM provisioning details and in the SCIM URL after /scim/v2/).',
		);
	}
	const token = String(credentials.apiToken ?? '').trim();
	if (!API_TOKEN.test(token)) {
		throw new UserFacingError(
			'The Keeper API token is not a base64 token',
			'Paste the token shown once when the SCIM provisioning method was created (Admin → node → Provisioning → SCIM → Generate). Tokens look like 43–44 base64 characters.',
		);
	}
	return `${keeperHost(credentials)}/api/rest/scim/v2/${nodeId}`;
});

/** The credential's `authenticate`: the bearer token goes to the SCIM path of the configured node only. */
export const authenticateKeeperRequest = credentialAuthenticate(keeperScimBaseUrl, 'The Keeper API token', (options, credentials) => ({
	...options,
	headers: { ...options.headers, Authorization: `Bearer ${String(credentials.apiToken).trim()}` },
}));
