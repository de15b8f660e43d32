import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { DirectoryProvider } from '../../shared/providers/types';
import type { Transport } from '../../shared/transport/types';

export type Resource = 'user' | 'group' | 'directory';

export interface OperationContext {
	provider: DirectoryProvider;
	/** Opened on first use, then shared by every item of the execution. */
	transport(): Promise<Transport>;
}

/** One operation of one resource: its parameters and what it does for one input item. */
export interface OperationDefinition {
	resource: Resource;
	value: string;
	name: string;
	/** The node list's name for it; `{provider}` becomes the provider's name ("Get a <brand> user"). */
	action: string;
	description: string;
	/**
	 * Whether a provider offers this operation: whether it has the capability the operation
	 * calls. Omitted: every provider with the resource (groups for the group resource).
	 */
	offeredBy?(provider: DirectoryProvider): boolean;
	/**
	 * Parameters of this operation for one provider; the provider's wording of the operation is
	 * laid over them and the provider/resource/operation displayOptions are added for you.
	 */
	properties(provider: DirectoryProvider): INodeProperties[];
	/**
	 * Operations that act on the whole directory (watch) run once per execution, paired to the
	 * first item; the others run once per input item.
	 */
	runsOncePerExecution?: boolean;
	execute(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject[]>;
}
