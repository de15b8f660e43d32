import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../types';
import { requiredUserId } from '../parameters';

/** Parameters and look-ups shared by the Kandji-only user operations. */

export const kandjiUserIdProperty: INodeProperties = {
	displayName: 'User ID',
	name: 'userId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '69c009ca-1f78-4bdf-bb93-08d6d39041db',
	description: "The user's Kandji ID (a UUID), as returned by Get Many or the trigger",
};

/** The raw Kandji user named by the `userId` parameter; a clear error when it does not exist. */
export async function kandjiUserOfItem(
	this: IExecuteFunctions,
	context: OperationContext,
	itemIndex: number,
): Promise<IDataObject> {
	const userId = requiredUserId.call(this, context, itemIndex);
	return await context.provider.getUser(await context.transport(), userId);
}
