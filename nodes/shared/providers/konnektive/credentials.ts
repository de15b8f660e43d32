import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { UserFacingError } from '../../helpers/errors';
import { credentialAuthenticate, normaliseBaseUrl, rememberedBaseUrl } from '../../helpers/url';

const KONNEKTIVE_DEFAULT_BASE_URL = 'https://api.konnektive.com';

const API_USER_HINT =
	'In Konnektive open Admin → Users, create (or open) a user with the access level "Api User", and copy its login ID and password.';

/**
 * Base URL for a Konnektive API credential. The login travels in the query string, so the URL is
 * reduced to scheme, host and port: nothing the user typed can add a path or a host of its own.
 */
export const konnektiveBaseUrl = rememberedBaseUrl((credentials: ICredentialDataDecryptedObject): string => {
	if (!String(credentials.loginId ?? '').trim()) {
		throw new UserFacingError('The Konnektive Login ID is empty', API_USER_HINT);
	}
	if (!String(credentials.password ?? '')) {
		throw new UserFacingError('The Konnektive password is empty', API_USER_HINT);
	}
	const baseUrl = String(credentials.baseUrl ?? '').trim() || KONNEKTIVE_DEFAULT_BASE_URL;
	return normaliseBaseUrl(baseUrl, 'Base URL');
});

/**
 * The credential's `authenticate`: Konnektive reads the login from request parameters only, so
 * they are added to requests for the configured host and to no other.
 */
export const authenticateKonnektiveRequest = credentialAuthenticate(konnektiveBaseUrl, 'The Konnektive login', (options, credentials) => ({
	...options,
	qs: { ...options.qs, loginId: String(credentials.loginId ?? '').trim(), password: String(credentials.password ?? '') },
}));
