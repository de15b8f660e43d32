import type { IDataObject } from 'n8n-workflow';

import { Growable, isPlainInteger } from '../changes/table';
import { describeBody, MAX_DIRECTORY_SIZE, wholeCount } from '../helpers/answer';
import { isObject } from '../helpers/values';
import { UserFacingError } from '../helpers/errors';
import type { DeferredBody, RequestSpec, Transport } from '../transport/types';

/** RFC 7644 §3.4.2.4: servers may cap `count`; 1000 is a common cap. */
export const SCIM_MAX_PAGE_SIZE = 1000;

interface ListPage {
	totalResults: number;
	resources: IDataObject[];
}

/** A value inside a SCIM filter string literal (RFC 7644 §3.4.2.2 uses JSON string escaping). */
export function scimString(value: string): string {
	return JSON.stringify(value);
}

/** A larger `totalResults` is a server error (see MAX_DIRECTORY_SIZE). */
export const SCIM_MAX_TOTAL = MAX_DIRECTORY_SIZE;

/** Whether a body is a SCIM ListResponse (RFC 7644 §3.4.2): a whole `totalResults`, a `Resources` list. */
export function isScimListResponse(body: unknown): boolean {
	return (
		isObject(body) &&
		wholeCount(body.totalResults, SCIM_MAX_TOTAL) !== undefined &&
		(body.Resources === undefined || Array.isArray(body.Resources))
	);
}

function malformed(path: string, detail: string): UserFacingError {
	return new UserFacingError(
		`The SCIM server sent a malformed list for ${path}: ${detail}`,
		'This is the server misbehaving, not a setting of this node. Nothing was used from this read. Check that the base URL points at the SCIM endpoint and not at a proxy; if it does, report the answer to the directory vendor.',
	);
}

/**
 * One page of a SCIM list, every field checked: a server's answer is trusted only in shape.
 * Undefined when the server answered with one of the `acceptStatus` statuses.
 */
async function fetchScimPage(
	transport: Transport,
	path: string,
	qs: IDataObject,
	startIndex: number,
	count: number,
	acceptStatus: number[] = [],
): Promise<ListPage | undefined> {
	const { status, body } = await transport.request<unknown>({ ...pageRequest(path, qs, startIndex, count), acceptStatus });
	if (acceptStatus.includes(status)) return undefined;
	return readScimPage(transport, path, body, startIndex, count);
}

function pageRequest(path: string, qs: IDataObject, startIndex: number, count: number): RequestSpec {
	return { path, qs: { ...qs, startIndex, count }, headers: { Accept: 'application/scim+json, application/json' } };
}

/** A page as received: `read` parses and checks it (as fetchScimPage does) when it is needed. */
async function fetchDeferredPage(
	transport: Transport,
	path: string,
	qs: IDataObject,
	startIndex: number,
	count: number,
): Promise<() => ListPage> {
	const { body } = await transport.request<DeferredBody>({ ...pageRequest(path, qs, startIndex, count), deferParse: true });
	return () => readScimPage(transport, path, body.parse(), startIndex, count);
}

/** A ListResponse body (of a page asked for at `startIndex`, `count` long), checked field by field. */
export function readScimPage(
	transport: Transport,
	path: string,
	body: unknown,
	startIndex: number,
	count: number,
): ListPage {
	if (!isObject(body)) return transport.unexpected({ method: 'GET', path, body }, 'a SCIM ListResponse');
	const totalResults = wholeCount(body.totalResults, SCIM_MAX_TOTAL);
	if (totalResults === undefined) {
		const got = body.totalResults === undefined ? 'it is missing' : `got ${JSON.stringify(body.totalResults)?.slice(0, 40)}`;
		throw malformed(path, `"totalResults" must be a whole number from 0 to ${SCIM_MAX_TOTAL} (${got})`);
	}
	// Resources may be left out of an empty list (RFC 7644 §3.4.2), but not be anything else.
	const resources = body.Resources === undefined ? [] : body.Resources;
	if (!Array.isArray(resources)) throw malformed(path, `"Resources" is ${describeBody(resources)}, not a list`);
	const bad = resources.findIndex((resource) => !isObject(resource) || !isScimId(resource.id));
	if (bad >= 0) {
		throw malformed(path, `entry ${bad + 1} of the page at startIndex ${startIndex} is ${describeBody(resources[bad])}, not a resource with an id`);
	}
	if (resources.length > count) throw malformed(path, `${resources.length} resources arrived where at most ${count} were asked for`);
	return { totalResults, resources: resources as IDataObject[] };
}

function isScimId(id: unknown): boolean {
	return (typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isSafeInteger(id));
}

/**
 * Pages of a SCIM list, one request per page, stopping on `totalResults`, on an empty page, or
 * as soon as `limit` resources are in hand. A server may return fewer than asked (RFC 7644
 * §3.4.2.4), so the next page starts after what actually arrived, not after what was asked.
 * Every page adds new resources, and no more than the first page announced (plus one page for
 * users added meanwhile) are read, so the loop ends whatever the server says.
 */
export async function* scimPages(
	transport: Transport,
	path: string,
	qs: IDataObject,
	options: { pageSize?: number; limit?: number } = {},
): AsyncGenerator<IDataObject[]> {
	const pageSize = Math.min(options.pageSize ?? SCIM_MAX_PAGE_SIZE, SCIM_MAX_PAGE_SIZE);
	const seen = new Set<string>();
	// What the first page announced, plus one page of the server's real size for users added meanwhile.
	let first: { total: number; ceiling: number } | undefined;
	let startIndex = 1;
	for (;;) {
		const wanted = options.limit === undefined ? pageSize : Math.min(pageSize, options.limit - seen.size);
		if (wanted <= 0) return;
		const page = (await fetchScimPage(transport, path, qs, startIndex, wanted)) as ListPage;
		if (page.resources.length === 0) {
			if (startIndex === 1 && page.totalResults > 0) {
				throw inconsistent(path, `the first page is empty but totalResults is ${page.totalResults}`);
			}
			return;
		}
		for (const resource of page.resources) {
			const id = String(resource.id);
			if (seen.has(id)) throw inconsistent(path, `resource ${id} arrived twice (the server ignores startIndex, or the list shifted)`);
			seen.add(id);
		}
		first ??= { total: page.totalResults, ceiling: page.totalResults + page.resources.length };
		if (seen.size > first.ceiling) {
			throw inconsistent(path, `more resources arrived than the ${first.total} the first page announced`);
		}
		yield page.resources;
		startIndex += page.resources.length;
		if (startIndex > page.totalResults) return;
	}
}

function inconsistent(path: string, detail: string): UserFacingError {
	return new UserFacingError(
		`The directory changed or answered inconsistently while ${path} was being read: ${detail}`,
		'Nothing was saved from this read. It is safe to run again; if it keeps happening, lower the page concurrency.',
	);
}

/**
 * Every resource of a SCIM list, page by page in list order, with up to `concurrency` pages in
 * flight while the earlier ones are handed on. The first page tells the total and the server's
 * real page size; the remaining pages are then fetched in parallel. Every page must agree on
 * `totalResults`, no id may arrive twice, and exactly that many must arrive — otherwise the
 * iteration throws (at the latest after the last page) rather than be half-trusted.
 * `attributes` asks for only those attributes (RFC 7644 §3.4.2.5); a server may ignore that,
 * and one that refuses it (400) is asked again without.
 */
export async function* scimReadAll(
	transport: Transport,
	path: string,
	qs: IDataObject,
	options: { pageSize?: number; concurrency: number; attributes?: string },
): AsyncGenerator<IDataObject[]> {
	const pageSize = Math.min(options.pageSize ?? SCIM_MAX_PAGE_SIZE, SCIM_MAX_PAGE_SIZE);
	let pageQs = options.attributes ? { ...qs, attributes: options.attributes } : qs;
	let first = await fetchScimPage(transport, path, pageQs, 1, pageSize, options.attributes ? [400] : []);
	if (first === undefined) {
		pageQs = qs;
		first = (await fetchScimPage(transport, path, pageQs, 1, pageSize)) as ListPage;
	}
	const total = first.totalResults;
	const stride = first.resources.length;
	if (stride === 0) {
		if (total === 0) return;
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
	// than asked; a short page is completed by reading on from where it stopped. A slice's first
	// page waits as bytes until its turn: parsed pages in flight would survive, and be copied by,
	// every garbage collection until then (at concurrency 8 that tripled the collector's time).
	const fetchSlice = async (start: number, size: number): Promise<() => Promise<IDataObject[]>> => {
		const first = await fetchDeferredPage(transport, path, pageQs, start, Math.min(pageSize, size));
		return async () => {
			let collected: IDataObject[] = [];
			for (let page = first(); ; ) {
				const startIndex = start + collected.length;
				checkTotal(page, startIndex);
				if (page.resources.length === 0) {
					throw inconsistent(path, `an empty page at startIndex ${startIndex} before all ${total} arrived`);
				}
				const wanted = page.resources.length > size - collected.length ? page.resources.slice(0, size - collected.length) : page.resources;
				collected = collected.length === 0 ? wanted : collected.concat(wanted);
				if (collected.length >= size) return collected;
				const next = start + collected.length;
				page = (await fetchScimPage(transport, path, pageQs, next, Math.min(pageSize, size - collected.length))) as ListPage;
			}
		};
	};

	const ids = new IdTally();
	const accept = (resources: IDataObject[]) => {
		for (const resource of resources) ids.add(resource.id as string | number);
		return resources;
	};

	yield accept(first.resources);
	const remainingPages = Math.ceil(Math.max(0, total - stride) / stride);
	const inFlight: Array<Promise<() => Promise<IDataObject[]>>> = [];
	let launched = 0;
	const launch = () => {
		const start = 1 + stride * (launched + 1);
		launched++;
		const slice = fetchSlice(start, Math.min(stride, total - start + 1));
		// Failures surface when the page's turn comes; until then they must not count as unhandled.
		slice.catch(() => undefined);
		inFlight.push(slice);
	};
	while (launched < remainingPages && inFlight.length < options.concurrency) launch();
	while (inFlight.length > 0) {
		const read = await (inFlight.shift() as Promise<() => Promise<IDataObject[]>>);
		if (launched < remainingPages) launch();
		yield accept(await read());
	}
	const repeated = ids.repeats();
	if (repeated > 0) throw inconsistent(path, `${repeated} resources arrived twice (paging shifted)`);
	if (ids.count !== total) {
		throw inconsistent(path, `${ids.count} resources arrived but totalResults is ${total}`);
	}
}

/**
 * Counts ids and, at the end, the ones that came more than once. Integer ids (the common case) are kept
 * in a typed array and sorted once: a Set of a million fresh strings would keep them all alive
 * for the garbage collector to copy, and cost more than the sort.
 */
class IdTally {
	private readonly integers = new Growable(Float64Array);
	private readonly texts = new Set<string>();
	private textRepeats = 0;

	get count(): number {
		return this.integers.length + this.texts.size + this.textRepeats;
	}

	add(id: string | number): void {
		const text = String(id);
		if (!isPlainInteger(text)) {
			if (this.texts.has(text)) this.textRepeats++;
			else this.texts.add(text);
			return;
		}
		this.integers.push(Number(text));
	}

	repeats(): number {
		const sorted = this.integers.view().sort();
		let repeats = this.textRepeats;
		for (let index = 1; index < sorted.length; index++) if (sorted[index] === sorted[index - 1]) repeats++;
		return repeats;
	}
}
