import { createGroup } from './group/create.operation';
import { deleteGroup } from './group/delete.operation';
import { getGroup } from './group/get.operation';
import { getManyGroups } from './group/getAll.operation';
import { updateGroup } from './group/update.operation';
import type { DirectoryProvider } from '../../shared/providers/types';
import type { OperationDefinition } from './types';
import { addUserToGroup } from './user/addToGroup.operation';
import { createUser } from './user/create.operation';
import { deleteUser } from './user/delete.operation';
import { getUserDevices } from './user/getDevices.operation';
import { getUser } from './user/get.operation';
import { getManyUsers } from './user/getAll.operation';
import { lockUserDevices } from './user/lockDevices.operation';
import { removeUserFromGroup } from './user/removeFromGroup.operation';
import { suspendUser } from './user/suspend.operation';
import { unsuspendUser } from './user/unsuspend.operation';
import { updateUser } from './user/update.operation';
import { watchUsers } from './user/watch.operation';

/**
 * Every operation of the node, in the order the editor lists them. Each provider is offered those
 * whose capabilities it has (`offeredBy`); parameters and dispatch both come from here.
 */
export const OPERATIONS: readonly OperationDefinition[] = [
	getUser,
	getManyUsers,
	getGroup,
	getManyGroups,
	createUser,
	updateUser,
	watchUsers,
	suspendUser,
	unsuspendUser,
	addUserToGroup,
	removeUserFromGroup,
	getUserDevices,
	lockUserDevices,
	deleteUser,
	createGroup,
	updateGroup,
	deleteGroup,
];

/** Whether a provider has what the operation calls (groups, for the group resource). */
export function offers(provider: DirectoryProvider, operation: OperationDefinition): boolean {
	if (operation.resource === 'group' && !provider.groups) return false;
	return operation.offeredBy?.(provider) ?? true;
}
