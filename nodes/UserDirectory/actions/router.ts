import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../../shared/helpers/errors';
import { getProvider } from '../../shared/providers/registry';
import type { Transport } from '../../shared/transport/types';
import { createTransport } from '../../shared/transport';
import { OPERATIONS, offers } from './operations';
import { resourcesOf } from './resources';
import type { OperationContext } from './types';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const provider = getProvider(this.getNode(), this.getNodeParameter('provider', 0) as string);
	let transport: Promise<Transport> | undefined;
	const context: OperationContext = {
		provider,
		transport: async () => await (transport ??= createTransport(this, provider)),
	};
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resourceParameter = this.getNodeParameter('resource', itemIndex) as string;
		const resources = resourcesOf(provider, resourceParameter);
		const operationName = this.getNodeParameter('operation', itemIndex) as string;
		const operation = OPERATIONS.find(
			(candidate) =>
				resources.includes(candidate.resource) &&
				candidate.value === operationName &&
				offers(provider, candidate),
		);
		try {
			if (!operation) {
				throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported`, {
					description: `Resource "${resourceParameter}" has no operation "${operationName}" for ${provider.displayName}.`,
				});
			}
			const results: IDataObject[] = await operation.execute.call(this, context, itemIndex);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(results), {
					itemData: { item: itemIndex },
				}),
			);
			if (operation.runsOncePerExecution) break;
		} catch (error) {
			const opened = await transport?.catch(() => undefined);
			const nodeError = toNodeError(this.getNode(), error, { clean: (text) => opened?.redact(text) ?? text, itemIndex });
			if (this.continueOnFail()) {
				returnData.push({
					json: { error: nodeError.message, description: nodeError.description ?? null },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw nodeError;
		}
	}
	return [returnData];
}
