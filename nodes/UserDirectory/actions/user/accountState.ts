import * as keeper from '../../../shared/providers/keeper/writes';
import type { OperationDefinition } from '../types';
import { requiredUserId, unifiedUser, userIdProperty } from '../parameters';

/**
 * Suspend and Unsuspend: set Keeper's `active` flag. A user already in the wanted state is not
 * an error: the output says so (`changed: false`), so re-running an offboarding is safe.
 */
export function accountStateOperation(
	definition: Pick<OperationDefinition, 'value' | 'name' | 'action' | 'description'> & {
		active: boolean;
		/** Output field that is true when the user was already in the wanted state. */
		alreadyField: string;
	},
): OperationDefinition {
	const { active, alreadyField, ...described } = definition;
	return {
		...described,
		resource: 'user',
		providers: ['keeper'],
		properties: [userIdProperty()],
		async execute(context, itemIndex) {
			const userId = requiredUserId.call(this, context, itemIndex);
			const { resource, changed } = await keeper.setUserActive(await context.transport(), userId, active);
			return [{ ...unifiedUser(context, resource), changed, [alreadyField]: !changed }];
		},
	};
}
