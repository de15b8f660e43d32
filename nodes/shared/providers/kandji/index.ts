import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isObject } from '../../helpers/values';
import { UserFacingError } from '../../helpers/errors';
import { booleanValue, textFilters } from '../../helpers/values';
import type { Transport } from '../../transport/types';
import type { DirectoryProvider, ListOptions } from '../types';
import { kandjiAuthorization, kandjiBaseUrl } from './credentials';
import { explainKandjiError } from './errors';
import { KANDJI_USER_ID, UUID } from './ids';
import { kandjiUserDevices, lockKandjiDevice, simplifyKandjiDevice } from './devices';
import {
	deleteKandjiUser,
	findKandjiUser,
	kandjiUserPages,
	normaliseKandjiUser,
	PROVIDER,
	readKandjiUser,
} from './users';
import { kandjiWording } from './wording';

const userFilterProperties: INodeProperties[] = [
	{
		displayName: 'Email Contains',
		name: 'email',
		type: 'string',
		placeholder: '@acme.com',
		default: '',
		description: 'Return only users whose email address contains this text (Kandji matches part of the address)',
	},
	{
		displayName: 'Email Is Exactly',
		name: 'emailExact',
		type: 'string',
		placeholder: 'dana@acme.com',
		default: '',
		description:
			'Return only the users whose email address is exactly this one, ignoring case. Use it to find one person (for example a leaver), since Email Contains would also match longer addresses.',
	},
	{
		displayName: 'Archived',
		name: 'archived',
		type: 'boolean',
		default: false,
		description:
			'Whether to return only archived users (on) or only users that are not archived (off). Leave the filter out to get both.',
	},
	{
		displayName: 'Integration ID',
		name: 'integrationId',
		type: 'string',
		placeholder: 'f7461096-4ef9-43aa-88e9-ca1967ba0b38',
		default: '',
		description:
			'Return only users synced by this directory integration (Google Workspace, Entra ID, Okta…): its UUID, the `integration.uuid` field of a user with Simplify off',
	},
];

function userQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	// Kandji only matches part of an address: the exact filter narrows on its side, then here.
	const email = filters.emailExact ?? filters.email;
	if (email) qs.email = email;
	if (typeof filters.archived === 'boolean') qs.archived = String(filters.archived);
	if (filters.integrationId) {
		const integrationId = String(filters.integrationId);
		if (!UUID.test(integrationId)) {
			throw new UserFacingError(
				`"${integrationId}" is not an integration UUID`,
				"Kandji filters by the integration's UUID (the `integration.uuid` field of a user with Simplify off), not by its number (`integration.id`).",
			);
		}
		qs.integration_id = integrationId;
	}
	return qs;
}

async function* listUsers(transport: Transport, options: ListOptions): AsyncGenerator<IDataObject[]> {
	// Kandji has no page size parameter (pages hold 300): the caller stops reading at its limit.
	const exact = (options.filters.emailExact as string | undefined)?.toLowerCase();
	for await (const page of kandjiUserPages(transport, userQuery(options.filters))) {
		const matching = exact ? page.filter((user) => String(user.email ?? '').toLowerCase() === exact) : page;
		if (matching.length) yield matching;
	}
}

/** Kandji's directory-integration users. No groups: the group resource is not offered for it. */
export const kandjiProvider: DirectoryProvider = {
	id: PROVIDER,
	displayName: 'Kandji',
	brand: 'Kandji',
	credentialName: 'kandjiApi',
	secretFields: ['apiToken'],
	baseUrl: kandjiBaseUrl,
	explainError: explainKandjiError,
	credentialTestRequest: (credentials) => ({
		path: '/users',
		headers: { Authorization: kandjiAuthorization(credentials) },
		isAnswer: (body) => isObject(body) && Array.isArray(body.results),
		expected: 'a page of Kandji users',
	}),

	wording: kandjiWording,

	users: {
		idRule: KANDJI_USER_ID,
		filterProperties: userFilterProperties,
		readFilters: (parameters) => ({
			...textFilters(parameters, userFilterProperties),
			archived: booleanValue(parameters.archived, 'Archived'),
		}),
		list: listUsers,
		get: readKandjiUser,
		normalise: normaliseKandjiUser,
		// Looked up first, so that the output is the user as they were.
		delete: async (transport, id) => {
			const user = await readKandjiUser(transport, id);
			await deleteKandjiUser(transport, String(user.id));
			return user;
		},
	},
	devices: { list: kandjiUserDevices, simplify: simplifyKandjiDevice, lock: lockKandjiDevice },

	changes: {
		kind: 'snapshot',
		// Cursor pages can only be read one after the other (no Page Concurrency); they refuse repeats, so all or nothing.
		snapshot: (transport) => kandjiUserPages(transport, {}),
		// A list can end early (`next: null` before the last user).
		confirmAbsence: findKandjiUser,
	},
};
