import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { withProvider } from '../../shared/methods';
import type { ListOptions } from '../../shared/providers/types';
import { groupsOf } from '../actions/capabilities';
import { SEARCH_REACH } from '../actions/paging';

/** Entries shown per page of the editor's list; scrolling down asks for the next page. */
const PAGE_SIZE = 50;
/** Records read per page at most, so a search that matches little still answers quickly. */
const SCAN_WINDOW = 500;

type Entry = { name: string; id: string; also: Array<string | null> };

function startOf(paginationToken: string | undefined): number {
	const start = Number(paginationToken ?? 0);
	return Number.isInteger(start) && start >= 0 && start < SEARCH_REACH ? start : 0;
}

/**
 * One page of the records whose name, email, user name or id contains the filter (ignoring case),
 * read through the provider's own list with its paging and bounds.
 */
async function searchRecords(
	records: (options: ListOptions) => AsyncGenerator<IDataObject[]>,
	entryOf: (raw: IDataObject) => Entry,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const wanted = filter?.trim().toLowerCase() ?? '';
	const start = startOf(paginationToken);
	const end = Math.min(start + SCAN_WINDOW, SEARCH_REACH);
	const results: INodeListSearchItems[] = [];
	let position = 0;
	let more = false;
	scan: for await (const page of records({ filters: {}, limit: end })) {
		for (const raw of page) {
			if (position >= end || results.length >= PAGE_SIZE) {
				more = true;
				break scan;
			}
			position++;
			if (position <= start) continue;
			const entry = entryOf(raw);
			const text = [entry.name, entry.id, ...entry.also].join('\n').toLowerCase();
			if (text.includes(wanted)) results.push({ name: entry.name, value: entry.id });
		}
	}
	// A list read up to the window's end may go on; the next page finds out.
	more ||= position === end;
	return more && position < SEARCH_REACH ? { results, paginationToken: String(position) } : { results };
}

/** The directory's users for a user picker ("From List"), searched by name, email or id. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await withProvider(this, async (provider, transport) => {
		return await searchRecords(
			(options) => provider.users.list(transport, { ...options, filters: provider.users.searchFilters?.(filter?.trim() ?? '') ?? {} }),
			(raw) => {
				const user = provider.users.normalise(raw);
				const fullName = [user.firstName, user.lastName].filter(Boolean).join(' ');
				const name = user.displayName ?? (fullName || null);
				const email = user.email ?? user.username;
				return {
					name: name && email && name !== email ? `${name} (${email})` : (name ?? email ?? user.id),
					id: user.id,
					also: [user.email, user.username],
				};
			},
			filter,
			paginationToken,
		);
	});
}

/** The directory's groups for a group picker, searched by name or id. */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await withProvider(this, async (provider, transport) => {
		const groups = groupsOf(this.getNode(), provider);
		return await searchRecords(
			(options) => groups.list(transport, { ...options, includeMembers: false }),
			(raw) => {
				const group = groups.normalise(raw);
				return { name: group.name ?? group.id, id: group.id, also: [group.externalId] };
			},
			filter,
			paginationToken,
		);
	});
}
