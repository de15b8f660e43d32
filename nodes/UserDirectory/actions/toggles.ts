import type { IDataObject } from 'n8n-workflow';

import { needed } from './capabilities';
import type { OperationDefinition } from './types';
import { groupIdProperty, requiredGroupId, requiredUserId, unifiedUser, userIdProperty } from './parameters';

type Described = Pick<OperationDefinition, 'value' | 'name' | 'action' | 'description'>;

/**
 * Suspend and Unsuspend (`users.setActive`). A user already in the wanted state is not an error:
 * the output says so (`changed: false`), so re-running an offboarding is safe.
 */
export function accountStateOperation(
	definition: Described & {
		active: boolean;
		/** Output field that is true when the user was already in the wanted state. */
		alreadyField: string;
	},
): OperationDefinition {
	const { active, alreadyField, ...described } = definition;
	return {
		...described,
		resource: 'user',
		offeredBy: (provider) => provider.users.setActive !== undefined,
		properties: (provider) => [userIdProperty(provider)],
		async execute(context, itemIndex) {
			const userId = requiredUserId.call(this, context, itemIndex);
			const setActive = needed(context.provider.users.setActive, context.provider, 'suspend users');
			const { resource, changed } = await setActive(await context.transport(), userId, active);
			return [{ ...unifiedUser(context, resource), changed, [alreadyField]: !changed }];
		},
	};
}

/**
 * Add to Group and Remove From Group (`groups.membership`). The output is the user with their
 * groups after the change; nothing to do is not an error.
 */
export function membershipOperation(
	definition: Described & {
		member: boolean;
		/** Output fields describing what was found, from whether anything changed. */
		outcome: (changed: boolean) => IDataObject;
	},
): OperationDefinition {
	const { member, outcome, ...described } = definition;
	return {
		...described,
		resource: 'user',
		offeredBy: (provider) => provider.groups?.membership !== undefined,
		properties: (provider) => [userIdProperty(provider), groupIdProperty(provider)],
		async execute(context, itemIndex) {
			const userId = requiredUserId.call(this, context, itemIndex);
			const groupId = requiredGroupId.call(this, context, itemIndex);
			const membership = needed(context.provider.groups?.membership, context.provider, 'change group membership');
			const { resource, changed } = await membership(await context.transport(), userId, groupId, member);
			return [{ ...unifiedUser(context, resource), changed, ...outcome(changed) }];
		},
	};
}
