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
