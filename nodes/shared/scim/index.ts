import type { IDataObject } from 'n8n-workflow';

import { mapWithConcurrency } from '../helpers/concurrency';
import { UserFacingError } from '../helpers/errors';
import type { Transport } from '../transport/types';

/** RFC 7644 §3.4.2.4: servers may cap `count`; Keeper caps at 1000. */
export const SCIM_MAX_PAGE_SIZE = 1000;

interface ListPage {
	totalResults: number | undefined;
	resources: IDataObject[];
}

/** A value inside a SCIM filter string literal (RFC 7644 §3.4.2.2 uses JSON string escaping). */
export function scimString(value: string): string {
	return JSON.stringify(value);
}

async function fetchPage(
	transport: Transport,
	path: string,
	qs: IDataObject,
	startIndex: number,
	count: number,
): Promise<ListPage> {
	const { body } = await transport.request<unknown>({
		path,
		qs: { ...qs, startIndex, count },
		headers: { Accept: 'application/scim+json, application/json' },
	});
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new UserFacingError(
			`The SCIM server answered ${path} with something other than a ListResponse`,
			'Check that the base URL points at the SCIM endpoint (…/api/rest/scim/v2/<node id>) and not at a login page or proxy.',
		);
	}
	const list = body as IDataObject;
	const resources = list.Resources ?? [];
	if (!Array.isArray(resources)) {
		throw new UserFacingError(
			`The SCIM server's ListResponse for ${path} has a malformed "Resources" member`,
			'This is a server-side problem; try again later or report it to the directory vendor.',
		);
	}
	const total = typeof list.totalResults === 'number' ? list.totalResults : Number(list.totalResults);
	return { totalResults: Number.isFinite(total) ? total : undefined, resources: resources as IDataObject[] };
}

/**
 * Pages of a SCIM list, one request per page, stopping on `totalResults`, on an empty page, or
 * as soon as `limit` resources are in hand. A server may return fewer than asked (RFC 7644
 * §3.4.2.4), so the next page starts after what actually arrived, not after what was asked.
 */
export async function* scimPages(
	transport: Transport,
	path: string,
	qs: IDataObject,
	options: { pageSize?: number; limit?: number } = {},
): AsyncGenerator<IDataObject[]> {
	const pageSize = Math.min(options.pageSize ?? SCIM_MAX_PAGE_SIZE, SCIM_MAX_PAGE_SIZE);
	let startIndex = 1;
	let received = 0;
	for (;;) {
		const wanted = options.limit === undefined ? pageSize : Math.min(pageSize, options.limit - received);
		if (wanted <= 0) return;
		const page = await fetchPage(transport, path, qs, startIndex, wanted);
		if (page.resources.length === 0) return;
		yield page.resources;
		received += page.resources.length;
		startIndex += page.resources.length;
		if (page.totalResults !== undefined && startIndex > page.totalResults) return;
	}
}

function inconsistent(path: string, detail: string): UserFacingError {
	return new UserFacingError(
		`The directory changed or answered inconsistently while ${path} was being read: ${detail}`,
		'Nothing was saved from this read. It is safe to run again; if it keeps happening, lower the page concurrency.',
	);
}

/**
 * Every resource of a SCIM list, read with up to `concurrency` pages in flight, all or nothing.
 * The first page tells the total and the server's real page size; the remaining pages are then
 * fetched in parallel. Every page must agree on `totalResults` and the result must hold exactly
 * that many distinct ids — otherwise the read is refused rather than half-trusted.
 */
export async function scimReadAll(
	transport: Transport,
	path: string,
	qs: IDataObject,
	options: { pageSize?: number; concurrency: number },
): Promise<IDataObject[]> {
	const pageSize = Math.min(options.pageSize ?? SCIM_MAX_PAGE_SIZE, SCIM_MAX_PAGE_SIZE);
	const first = await fetchPage(transport, path, qs, 1, pageSize);
	const total = first.totalResults;
	if (total === undefined) {
		throw inconsistent(path, 'the ListResponse has no totalResults');
	}
	const stride = first.resources.length;
	if (stride === 0) {
		if (total === 0) return [];
		throw inconsistent(path, `the first page is empty but totalResults is ${total}`);
	}

	const checkTotal = (page: ListPage, startIndex: number) => {
		if (page.totalResults !== total) {
			throw inconsistent(
				path,
				`totalResults was ${total} on the first page and ${page.totalResults} at startIndex ${startIndex}`,
			);
		}
	};

	// A page holds `stride` resources unless it is the last one or the server returned fewer
	// than asked; a short page is completed by reading on from where it stopped.
	const readSlice = async (start: number, size: number): Promise<IDataObject[]> => {
		const collected: IDataObject[] = [];
		while (collected.length < size) {
			const startIndex = start + collected.length;
			const page = await fetchPage(transport, path, qs, startIndex, Math.min(pageSize, size - collected.length));
			checkTotal(page, startIndex);
			if (page.resources.length === 0) {
				throw inconsistent(path, `an empty page at startIndex ${startIndex} before all ${total} arrived`);
			}
			collected.push(...page.resources.slice(0, size - collected.length));
		}
		return collected;
	};

	const remainingPages = Math.ceil(Math.max(0, total - stride) / stride);
	const rest = await mapWithConcurrency(remainingPages, options.concurrency, async (index) => {
		const start = 1 + stride * (index + 1);
		return await readSlice(start, Math.min(stride, total - start + 1));
	});
	const all = first.resources.concat(...rest);
	if (all.length !== total) {
		throw inconsistent(path, `${all.length} resources arrived but totalResults is ${total}`);
	}
	const ids = new Set(all.map((resource) => String(resource.id)));
	if (ids.size !== all.length) {
		throw inconsistent(path, `${all.length - ids.size} resources arrived twice (paging shifted)`);
	}
	return all;
}
