import { getGroup } from './group/get.operation';
import { getManyGroups } from './group/getAll.operation';
import type { OperationDefinition } from './types';
import { getUser } from './user/get.operation';
import { getManyUsers } from './user/getAll.operation';

/** Every operation of the node, in the order the editor lists them. */
export const OPERATIONS: readonly OperationDefinition[] = [getUser, getManyUsers, getGroup, getManyGroups];
