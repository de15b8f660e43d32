import type { IDataObject } from 'n8n-workflow';

import * as keeper from '../../../shared/providers/keeper/writes';
import type { OperationDefinition } from '../types';
import { groupIdProperty, requiredGroupId, requiredUserId, unifiedUser, userIdProperty } from '../parameters';

/**
 * Add to Group and Remove From Group. Keeper changes team membership through the user, so the
 * output is the user with their teams after the change; nothing to do is not an error.
 */
export function membershipOperation(
	definition: Pick<OperationDefinition, 'value' | 'name' | 'action' | 'description'> & {
		member: boolean;
		/** Output fields describing what was found, from whether anything changed. */
		outcome: (changed: boolean) => IDataObject;
	},
): OperationDefinition {
	const { member, outcome, ...described } = definition;
	return {
		...described,
		resource: 'user',
		providers: ['keeper'],
		properties: [userIdProperty(), groupIdProperty()],
		async execute(context, itemIndex) {
			const userId = requiredUserId.call(this, context, itemIndex);
			const groupId = requiredGroupId.call(this, context, itemIndex);
			const { resource, changed } = await keeper.setTeamMembership(await context.transport(), userId, groupId, member);
			return [{ ...unifiedUser(context, resource), changed, ...outcome(changed) }];
		},
	};
}
