import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { groupsOf } from '../actions/capabilities';
import { withProvider } from './listSearch';

/** Groups offered by a filter's list at most; more are given by ID through an expression. */
const MAX_LISTED_GROUPS = 1000;

/** The directory's groups for the trigger's group filter, by name. */
export async function getFilterGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await withProvider(this, async (provider, transport) => {
		const groups = groupsOf(this.getNode(), provider);
		const options: INodePropertyOptions[] = [];
		for await (const page of groups.list(transport, { filters: {}, limit: MAX_LISTED_GROUPS, includeMembers: false })) {
			for (const raw of page) {
				const group = groups.normalise(raw);
				if (options.length < MAX_LISTED_GROUPS) options.push({ name: group.name ?? group.id, value: group.id, description: `ID ${group.id}` });
			}
		}
		return options.sort((first, second) => first.name.localeCompare(second.name));
	});
}
