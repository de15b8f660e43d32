import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { EXAMPLE_WEBHOOK_PREFIX } from '../sandboxes/webhook';
import { MANUAL_TRIGGER, pollTrigger, runWorkflow, type TestCredentialStore, type WorkflowJson, type WorkflowRun } from './engine';
import { PACKAGE_NAME, PACKAGE_ROOT } from './package';

export const USER_DIRECTORY = `${PACKAGE_NAME}.userDirectory`;
export const USER_DIRECTORY_TRIGGER = `${PACKAGE_NAME}.userDirectoryTrigger`;
export const KEEPER_SECRETS_MANAGER = `${PACKAGE_NAME}.keeperSecretsManager`;

/** Credential references as n8n stores them on a node; the harness resolves them by type. */
export function credentialRefs(...types: string[]): INode['credentials'] {
	return Object.fromEntries(types.map((type) => [type, { id: `${type}-id`, name: `${type} account` }]));
}

export function node(
	name: string,
	type: string,
	parameters: INodeParameters,
	extra: Partial<INode> = {},
): INode {
	return { id: name, name, type, typeVersion: 1, position: [0, 0], parameters, ...extra };
}

/** Manual Trigger → one node under test (optionally `continueOnFail`). */
export function singleNodeWorkflow(nodeUnderTest: INode): WorkflowJson {
	const trigger = node('Start', MANUAL_TRIGGER, {});
	return {
		nodes: [trigger, nodeUnderTest],
		connections: { Start: { main: [[{ node: nodeUnderTest.name, type: 'main', index: 0 }]] } },
	};
}

/** A workflow from examples/, exactly as a user would import it into n8n. */
export function example(file: string): WorkflowJson {
	return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'examples', file), 'utf8')) as WorkflowJson;
}

/** The workflow with its chat webhook (the placeholder a user replaces with their own) set to `url`. */
export function withWebhook(workflow: WorkflowJson, url: string): WorkflowJson {
	const nodes = workflow.nodes.map((entry) =>
		String(entry.parameters.url).startsWith(EXAMPLE_WEBHOOK_PREFIX) ? { ...entry, parameters: { ...entry.parameters, url } } : entry,
	);
	if (nodes.every((entry, index) => entry === workflow.nodes[index])) throw new Error(`${workflow.name} posts to no chat webhook`);
	return { ...workflow, nodes };
}

/** A workflow with a User Directory Trigger as n8n runs it once active: one poll, state saved as JSON between polls, then the flow. */
export class ActiveWorkflow {
	private staticData: IDataObject = {};

	constructor(
		private readonly workflow: WorkflowJson,
		private readonly credentials: TestCredentialStore,
	) {}

	private get trigger() {
		const trigger = this.workflow.nodes.find((entry) => entry.type === USER_DIRECTORY_TRIGGER);
		if (!trigger) throw new Error(`${this.workflow.name} has no User Directory Trigger`);
		return trigger;
	}

	/** Runs one poll; when it finds events, runs the rest of the workflow with them. */
	async poll(): Promise<{ events: IDataObject[]; run?: WorkflowRun }> {
		const staticData = JSON.parse(JSON.stringify(this.staticData)) as IDataObject;
		const items: INodeExecutionData[][] | null = await pollTrigger(this.trigger, { credentials: this.credentials, staticData });
		this.staticData = staticData;
		if (!items) return { events: [] };
		const run = await runWorkflow(this.workflow, { credentials: this.credentials, trigger: { nodeName: this.trigger.name, items } });
		const failure = run.error();
		if (failure) throw failure;
		return { events: items[0].map((item) => item.json), run };
	}
}
