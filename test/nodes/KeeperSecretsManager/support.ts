/** Helpers shared by the Keeper Secrets Manager integration tests. */
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { KsmRecordData } from '../../../nodes/KeeperSecretsManager/transport';
import { runWorkflow, type WorkflowJson, type WorkflowRun } from '../../../dev/harness/engine';
import { credentialRefs, KEEPER_SECRETS_MANAGER, node, singleNodeWorkflow } from '../../../dev/harness/workflows';
import { fieldValue, fieldValues, startKsmSandbox, type KsmSandbox, type SandboxApplication } from '../../../dev/sandboxes/ksm';

export const KSM_CREDENTIAL = 'keeperSecretsManagerApi';

/** The credential as a user fills it in for a sandbox application: its exported configuration only. */
export function credentialFor(application: SandboxApplication): ICredentialDataDecryptedObject {
	return { secretConfig: application.config, useCustomHost: false };
}

export function ksmNode(name: string, parameters: INodeParameters, extra: Partial<INode> = {}): INode {
	return node(name, KEEPER_SECRETS_MANAGER, { resource: 'secret', ...parameters }, {
		credentials: credentialRefs(KSM_CREDENTIAL),
		...extra,
	});
}

/** Manual Trigger → the given nodes, each feeding the next. */
export function chain(...nodes: INode[]): WorkflowJson {
	const { nodes: [trigger] } = singleNodeWorkflow(nodes[0]);
	const all = [trigger, ...nodes];
	const connections: WorkflowJson['connections'] = {};
	for (let index = 0; index + 1 < all.length; index++) {
		connections[all[index].name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes: all, connections };
}

/** One Keeper Secrets Manager node run by hand with the credential given. */
export async function runKsm(
	parameters: INodeParameters,
	credential: ICredentialDataDecryptedObject,
	options: { continueOnFail?: boolean } = {},
): Promise<WorkflowRun> {
	const workflow = singleNodeWorkflow(ksmNode('Vault', parameters, { continueOnFail: options.continueOnFail }));
	return await runWorkflow(workflow, { credentials: { [KSM_CREDENTIAL]: credential } });
}

export const byUid = (value: string) => ({ __rl: true, mode: 'id', value });
export const byTitle = (value: string) => ({ __rl: true, mode: 'title', value });

export function uidTitled(sandbox: KsmSandbox, title: string): string {
	const matches = sandbox.vault.recordUidsVisibleTo(sandbox.applications.readOnly.uid)
		.concat(sandbox.vault.recordUidsVisibleTo(sandbox.applications.readWrite.uid))
		.filter((uid) => sandbox.vault.getRecord(uid).data.title === title);
	if (matches.length !== 1) throw new Error(`expected one record titled ${title}, found ${matches.length}`);
	return matches[0];
}

/** A field's value as the vault stores it, unwrapped the way simplified output shows it. */
export function shown(data: KsmRecordData, typeOrLabel: string): unknown {
	const values = fieldValues(data, typeOrLabel);
	return values.length === 0 ? null : values.length === 1 ? values[0] : values;
}

export function storedValue(sandbox: KsmSandbox, recordUid: string, typeOrLabel: string): unknown {
	return fieldValue(sandbox.vault.getRecord(recordUid).data, typeOrLabel);
}

/** The error a node failed with, with the description n8n shows under it. */
export function errorOf(run: WorkflowRun, nodeName = 'Vault'): { message: string; description: string } {
	const error = run.error(nodeName) as (Error & { description?: string }) | undefined;
	if (!error) throw new Error(`${nodeName} did not fail: ${JSON.stringify(run.output(nodeName)).slice(0, 300)}`);
	return { message: error.message, description: error.description ?? '' };
}

export function outputOf(run: WorkflowRun, nodeName = 'Vault'): IDataObject[] {
	const error = run.error(nodeName);
	if (error) throw new Error(`${nodeName} failed: ${error.message}`);
	return run.output(nodeName);
}

/**
 * One sandbox for the suite (`started` receives it), with its request log and faults cleared
 * before each test.
 */
export function useKsmSandbox(options: Parameters<typeof startKsmSandbox>[0], started: (sandbox: KsmSandbox) => void): void {
	let sandbox: KsmSandbox;
	beforeAll(async () => {
		sandbox = await startKsmSandbox(options);
		started(sandbox);
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.requests.length = 0;
		sandbox.clearFaults();
	});
}
