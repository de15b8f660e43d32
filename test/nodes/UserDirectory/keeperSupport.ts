import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow, type WorkflowRun } from '../../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../../dev/harness/workflows';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox } from '../../../dev/sandboxes/keeper';

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

/**
 * One seeded Keeper sandbox for a whole test file, with a clean request log and no faults at the
 * start of every test. Read `.sandbox` inside tests (it exists once `beforeAll` has run).
 */
export function useKeeperSandbox(seed: Parameters<typeof KeeperDirectory.seeded>[0]) {
	let current: KeeperSandbox | undefined;
	beforeAll(async () => {
		current = await startKeeperSandbox({ directory: KeeperDirectory.seeded(seed) });
	});
	afterAll(async () => await current?.close());
	beforeEach(() => {
		current?.server.requests.splice(0);
		current?.server.clearFaults();
	});
	return {
		get sandbox(): KeeperSandbox {
			if (!current) throw new Error('The Keeper sandbox is not started yet');
			return current;
		},
		/** The Keeper User Directory node against this sandbox, or against `target` when given. */
		run: async (parameters: INodeParameters, options: KeeperRunOptions & { target?: KeeperSandbox } = {}) =>
			await runKeeperNode(options.target ?? current!, parameters, options),
	};
}
