import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isScimListResponse, readScimPage, SCIM_MAX_PAGE_SIZE, scimPages, scimReadAll, scimString } from '../../scim';
import { normaliseScimGroup, normaliseScimUser, SCIM_USER_ATTRIBUTES } from '../../scim/normalise';
import { textFilters } from '../../helpers/values';
import type { Transport } from '../../transport/types';
import type { DirectoryProvider, ListOptions } from '../types';
import { keeperScimBaseUrl } from './credentials';
import { explainKeeperError } from './errors';
import { KEEPER_TEAM_ID, KEEPER_USER_ID } from './ids';
import { keeperWording } from './wording';
import {
	createTeam,
	createUser,
	deleteTeam,
	deleteUser,
	findUser,
	readTeam,
	readTeamWithMembers,
	readUser,
	setTeamMembership,
	setUserActive,
	updateTeam,
	updateUser,
} from './writes';

const PROVIDER = 'keeper';

const userFilterProperties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@example.com',
		default: '',
		description: 'Return only the user with this email address (exact match)',
	},
	{
		displayName: 'User Name',
		name: 'userName',
		type: 'string',
		default: '',
		description:
			'Return only the user with this SCIM user name (exact match; in Keeper it is the login email)',
	},
];

const groupFilterProperties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Return only teams with this name (exact match, ignoring case)',
	},
];

function sameText(a: unknown, b: string): boolean {
	return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

/**
 * Keeper documents only `userName eq` filtering. Email is looked up as the user name first
 * (Keeper's user name is the login email) and, when that finds nothing, as `emails.value eq`
 * for SCIM servers that keep them apart — a server that rejects that filter simply has no match.
 */
async function* listUsers(transport: Transport, options: ListOptions): AsyncGenerator<IDataObject[]> {
	const { email, userName } = options.filters as { email?: string; userName?: string };
	if (!email && !userName) {
		yield* scimPages(transport, '/Users', {}, { limit: options.limit });
		return;
	}
	const matches = (user: IDataObject) => {
		const normalised = normaliseScimUser(user, PROVIDER);
		return (
			(!email || sameText(normalised.email, email) || sameText(normalised.username, email)) &&
			(!userName || normalised.username === userName)
		);
	};
	const byName = userName ?? email ?? '';
	const found: IDataObject[] = [];
	for await (const page of scimPages(transport, '/Users', { filter: `userName eq ${scimString(byName)}` })) {
		found.push(...page.filter(matches));
	}
	if (found.length === 0 && email && !userName) {
		const { status, body } = await transport.request<unknown>({
			path: '/Users',
			qs: { filter: `emails.value eq ${scimString(email)}`, count: SCIM_MAX_PAGE_SIZE },
			acceptStatus: [400],
		});
		if (status !== 400) found.push(...readScimPage(transport, '/Users', body, 1, SCIM_MAX_PAGE_SIZE).resources.filter(matches));
	}
	if (found.length) yield found.slice(0, options.limit);
}

async function* listGroups(
	transport: Transport,
	options: ListOptions & { includeMembers: boolean },
): AsyncGenerator<IDataObject[]> {
	const { name } = options.filters as { name?: string };
	const qs: IDataObject = options.includeMembers ? {} : { excludedAttributes: 'members' };
	// Teams are few; filtering by name here avoids depending on undocumented Group filters.
	let remaining = options.limit;
	for await (const page of scimPages(transport, '/Groups', qs, { limit: name ? undefined : options.limit })) {
		const wanted = name ? page.filter((group) => sameText(group.displayName, name)) : page;
		const taken = remaining === undefined ? wanted : wanted.slice(0, remaining);
		if (taken.length) yield taken;
		if (remaining !== undefined) {
			remaining -= taken.length;
			if (remaining <= 0) return;
		}
	}
}

export const keeperProvider: DirectoryProvider = {
	id: PROVIDER,
	displayName: 'Keeper (SCIM)',
	brand: 'Keeper',
	credentialName: 'keeperScimApi',
	secretFields: ['apiToken'],
	baseUrl: keeperScimBaseUrl,
	explainError: explainKeeperError,
	credentialTestRequest: (credentials) => ({
		path: '/Users',
		qs: { count: 1 },
		headers: { Authorization: `Bearer ${String(credentials.apiToken).trim()}` },
		isAnswer: isScimListResponse,
		expected: 'a SCIM ListResponse of users',
	}),
	wording: keeperWording,

	users: {
		idRule: KEEPER_USER_ID,
		filterProperties: userFilterProperties,
		readFilters: (parameters) => textFilters(parameters, userFilterProperties),
		list: listUsers,
		get: readUser,
		normalise: (raw) => normaliseScimUser(raw, PROVIDER),
		create: createUser,
		update: updateUser,
		setActive: setUserActive,
		delete: deleteUser,
	},

	groups: {
		idRule: KEEPER_TEAM_ID,
		filterProperties: groupFilterProperties,
		readFilters: (parameters) => textFilters(parameters, groupFilterProperties),
		list: listGroups,
		get: async (transport, id, includeMembers) =>
			includeMembers ? await readTeamWithMembers(transport, id) : await readTeam(transport, id),
		normalise: (raw) => normaliseScimGroup(raw, PROVIDER),
		create: createTeam,
		update: updateTeam,
		delete: deleteTeam,
		// Keeper changes team membership through the user.
		membership: setTeamMembership,
	},

	changes: {
		kind: 'snapshot',
		snapshot: (transport, options) =>
			scimReadAll(transport, '/Users', {}, { concurrency: options.concurrency, attributes: SCIM_USER_ATTRIBUTES }),
		// A user's record lists the user's teams, so the team list needs no members.
		groups: (transport, options) =>
			scimReadAll(transport, '/Groups', { excludedAttributes: 'members' }, { concurrency: options.concurrency }),
		pageConcurrency:
			'How many pages of users (up to 1,000 each) to fetch at the same time. Keeper publishes no rate limit; lower this if the directory answers 429 Too Many Requests.',
		// Offset paging shifts users between pages when the directory changes while it is read.
		confirmAbsence: findUser,
	},
};
