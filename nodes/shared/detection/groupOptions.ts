import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { withProvider } from '../methods';

/** Groups offered by a filter's list at most; more are given by ID through an expression. */
const MAX_LISTED_GROUPS = 1000;

/** The directory's groups for the group filter of the trigger and of Watch for Changes, by name. */
export async function getFilterGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await withProvider(this, async (provider, transport) => {
		const { groups } = provider;
		const options: INodePropertyOptions[] = [];
		// The filter is shown only for providers with groups; a saved node of another offers none.
		if (!groups) return options;
		for await (const page of groups.list(transport, { filters: {}, limit: MAX_LISTED_GROUPS, includeMembers: false })) {
			for (const raw of page) {
				const group = groups.normalise(raw);
				if (options.length < MAX_LISTED_GROUPS) options.push({ name: group.name ?? group.id, value: group.id, description: `ID ${group.id}` });
			}
		}
		return options.sort((first, second) => first.name.localeCompare(second.name));
	});
}
