import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../types';
import { KANDJI_USER_ID } from '../../../shared/providers/kandji/ids';
import { idLocator, requiredUserId } from '../parameters';

/** Parameters and look-ups shared by the Kandji-only user operations. */

export function kandjiUserIdProperty(description: string): INodeProperties {
	return idLocator('user', KANDJI_USER_ID, { description, placeholder: '69c009ca-1f78-4bdf-bb93-08d6d39041db' });
}

/** The raw Kandji user named by the `userId` parameter; a clear error when it does not exist. */
export async function kandjiUserOfItem(
	this: IExecuteFunctions,
	context: OperationContext,
	itemIndex: number,
): Promise<IDataObject> {
	const userId = requiredUserId.call(this, context, itemIndex);
	return await context.provider.getUser(await context.transport(), userId);
}
