import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow, type WorkflowRun } from '../harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../harness/workflows';
import type { KeeperSandbox } from '../sandbox/keeper';

export interface KeeperRunOptions {
	continueOnFail?: boolean;
	/** Credential fields to override, e.g. a wrong token. */
	credentials?: IDataObject;
}

/** Manual Trigger → one Keeper "User Directory" node named `Directory`, run through the engine. */
export async function runKeeperNode(
	sandbox: KeeperSandbox,
	parameters: INodeParameters,
	options: KeeperRunOptions = {},
): Promise<WorkflowRun> {
	const directoryNode = node(
		'Directory',
		USER_DIRECTORY,
		{ provider: 'keeper', ...parameters },
		{ credentials: credentialRefs('keeperScimApi'), continueOnFail: options.continueOnFail },
	);
	return await runWorkflow(singleNodeWorkflow(directoryNode), {
		credentials: { keeperScimApi: { ...sandbox.credentials, ...options.credentials } },
	});
}
