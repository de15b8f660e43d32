import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { clientFromCredential, KSM_CREDENTIAL_TYPE } from '../helpers/credentials';
import { toNodeError } from '../helpers/errors';
import { VaultSession } from '../helpers/vault';
import { httpViaN8n } from '../transport/n8nHttp';
import { SECRET_OPERATIONS } from './secret';
import type { OperationContext } from './types';

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
			const operationName = this.getNodeParameter('operation', itemIndex) as string;
			const operation = SECRET_OPERATIONS.find((candidate) => candidate.value === operationName);
			if (!operation) {
				throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported`, {
					itemIndex,
				});
			}
			const results: IDataObject[] = await operation.execute.call(this, context, itemIndex);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(results), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			returnData.push({
				json: { error: nodeError.message, description: nodeError.description ?? null },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [returnData];
}
