import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { clientFromCredential, KSM_CREDENTIAL_TYPE } from '../helpers/credentials';
import { toNodeError } from '../../shared/helpers/errors';
import { VaultSession } from '../helpers/vault';
import { httpViaN8n } from '../transport/n8nHttp';
import { OPERATIONS } from './operations';
import { BinaryItems, type OperationContext } from './types';

/** Runs the chosen operation once per input item, pairing each result to its item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	let session: VaultSession | undefined;
	const context: OperationContext = {
		vault: async () => {
			session ??= new VaultSession(
				clientFromCredential(await this.getCredentials(KSM_CREDENTIAL_TYPE), httpViaN8n(this)),
				items.length > 1,
			);
			return session;
		},
	};
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex, 'secret') as string;
			const operationName = this.getNodeParameter('operation', itemIndex) as string;
			const operation = OPERATIONS.find(
				(candidate) => candidate.resource === resource && candidate.value === operationName,
			);
			if (!operation) {
				throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported`, {
					itemIndex,
				});
			}
			const results = await operation.execute.call(this, context, itemIndex);
			const items = results instanceof BinaryItems ? results.items : this.helpers.returnJsonArray(results);
			returnData.push(...this.helpers.constructExecutionMetaData(items, { itemData: { item: itemIndex } }));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, { itemIndex });
			if (!this.continueOnFail()) throw nodeError;
			returnData.push({
				json: { error: nodeError.message, description: nodeError.description ?? null },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [returnData];
}
