import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { VaultSession } from '../helpers/vault';

export interface OperationContext {
	/** Opened on first use with the node's credential, then shared by every item of the execution. */
	vault(): Promise<VaultSession>;
}

export type KsmResource = 'secret' | 'file' | 'password';

/** Output items that carry binary data (a downloaded file), returned as they are. */
export class BinaryItems {
	constructor(readonly items: INodeExecutionData[]) {}
}

/** One operation of the node: its parameters and what it does for one input item. */
export interface KsmOperation {
	resource: KsmResource;
	value: string;
	name: string;
	action: string;
	/** Also what an AI agent reads to decide when to call the operation. */
	description: string;
	/** Parameters of this operation; the resource/operation displayOptions are added for you. */
	properties: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		context: OperationContext,
		itemIndex: number,
	): Promise<IDataObject[] | BinaryItems>;
}
