import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VaultSession } from '../helpers/vault';

export interface OperationContext {
	/** Opened on first use with the node's credential, then shared by every item of the execution. */
	vault(): Promise<VaultSession>;
}

/** One operation on secrets: its parameters and what it does for one input item. */
export interface SecretOperation {
	value: string;
	name: string;
	action: string;
	/** Also what an AI agent reads to decide when to call the operation. */
	description: string;
	/** Parameters of this operation; the resource/operation displayOptions are added for you. */
	properties: INodeProperties[];
	execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject[]>;
}
