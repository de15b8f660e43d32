import type { IDataObject } from 'n8n-workflow';

/** Drains pages until `limit` records are in hand; leaving the loop stops the generator's fetching. */
export async function collectPages(
	pages: AsyncGenerator<IDataObject[]>,
	limit: number | undefined,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for await (const page of pages) {
		records.push(...page);
		if (limit !== undefined && records.length >= limit) break;
	}
	return limit === undefined ? records : records.slice(0, limit);
}

/**
 * Records a picker's search reaches at most (methods/listSearch.ts). Its token is a position in
 * the directory's own order and every page reads the directory again from the start, so this
 * keeps each call a few requests; entries further on are picked By ID.
 */
export const SEARCH_REACH = 5000;
