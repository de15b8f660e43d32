import './env';

import {
	CredentialTestContext,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	PollContext,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

import { loadBaseNode, loadPackage, type LoadedPackage } from './package';

export const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

/** The package's nodes, and n8n's own (Manual Trigger, HTTP Request...) when a workflow uses them. */

export const HTTP_REQUEST = 'n8n-nodes-base.httpRequest';
class PackageNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(nodeType: string): INodeType {
		const type = this.types[nodeType] ?? loadBaseNode(nodeType);
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

class TestCredentials extends ICredentials {
	getData(): ICredentialDataDecryptedObject {
		return {};
	}
	getDataToSave() {
		return { id: this.id, name: this.name, type: this.type, data: '' };
	}
	setData(): void {}
}

/** Credentials by type name, as n8n would decrypt them from its database. */
export type TestCredentialStore = Record<string, ICredentialDataDecryptedObject>;

/** n8n's CredentialsHelper, minus the database: same generic `authenticate` resolution. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly store: TestCredentialStore,
		private readonly credentialTypes: Record<string, ICredentialType>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	/** Newer n8n-core (2.41) asks this before a node may read a credential; 2.8 does not know it. */
	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.credentialTypes[credentialType] as
			| (ICredentialType & { restrictToSupportedNodes?: boolean; supportedNodes?: string[] })
			| undefined;
		return type?.restrictToSupportedNodes !== true || (type.supportedNodes ?? []).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialTypes[typeName] ?? {};
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '')
				: value;
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			target[section] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				target[section][String(resolve(key))] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new TestCredentials({ id: details.id, name: details.name }, type);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes[type]?.properties ?? [];
	}
}

let cachedPackage: LoadedPackage | undefined;
export function packageUnderTest(): LoadedPackage {
	cachedPackage ??= loadPackage();
	return cachedPackage;
}

/** Runs this test file's workflows on the built package at `root` (a modified copy of dist/). */
export function usePackageAt(root: string): void {
	cachedPackage = loadPackage(root);
}

function nodeTypes(): PackageNodeTypes {
	return new PackageNodeTypes({ ...packageUnderTest().nodeTypes });
}

function additionalData(
	credentials: TestCredentialStore,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	const data: IWorkflowExecuteAdditionalData = {
		credentialsHelper: new TestCredentialsHelper(credentials, packageUnderTest().credentialTypes),
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in the test harness');
		},
		getRunExecutionData: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in the test harness');
		},
	};
	return Object.assign(data, { hooks });
}

/** A workflow as n8n exports it (what `examples/*.json` hold). */
export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IWorkflowBase['connections'];
	staticData?: IDataObject | null;
}

export function buildWorkflow(json: WorkflowJson, staticData?: IDataObject, timezone = 'UTC'): Workflow {
	return new Workflow({
		id: 'test-workflow',
		name: json.name ?? 'Test workflow',
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes: nodeTypes(),
		staticData,
		settings: { timezone },
	});
}

export interface WorkflowRun {
	run: IRun;
	/** Output items (json only) of a node's first run, first output. */
	output(nodeName: string): IDataObject[];
	/** Full output items (with pairedItem) of a node's first run, first output. */
	items(nodeName: string): INodeExecutionData[];
	/** The error a node failed with, if any. */
	error(nodeName?: string): Error | undefined;
	/** Static data as n8n would save it after this execution. */
	staticData: IDataObject;
}

/**
 * Executes a workflow through n8n-core's WorkflowExecute, exactly as n8n's main process or a
 * worker would, and returns what every node produced.
 */
export async function runWorkflow(
	json: WorkflowJson,
	options: {
		credentials: TestCredentialStore;
		staticData?: IDataObject;
		mode?: WorkflowExecuteMode;
		/** Start from a polling trigger with the items its poll returned (mode defaults to 'trigger'). */
		trigger?: { nodeName: string; items: INodeExecutionData[][] };
	},
): Promise<WorkflowRun> {
	const mode = options.mode ?? (options.trigger ? 'trigger' : 'manual');
	const workflow = buildWorkflow(json, options.staticData);
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: 'test-workflow',
		name: workflow.name ?? 'Test workflow',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: json.nodes,
		connections: json.connections,
		activeVersionId: null,
	} as IWorkflowBase);
	let finished: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (run) => {
		finished = run;
	});
	const start = options.trigger
		? json.nodes.find((node) => node.name === options.trigger?.nodeName)
		: json.nodes.find((node) => !Object.values(json.connections).some((outputs) =>
				Object.values(outputs).some((byIndex) => byIndex?.some((targets) => targets?.some((target) => target.node === node.name))),
			));
	if (!start) throw new Error('The workflow has no start node');
	// A poll's items enter the workflow as the trigger node's input, as n8n's active-workflow
	// manager starts it: WorkflowExecute passes them through the polling node unchanged.
	const startData = options.trigger?.items ?? [[{ json: {} }]];
	const runData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: start, data: { main: startData }, source: null }],
		},
	});
	const execute = new WorkflowExecute(additionalData(options.credentials, hooks), mode, runData);
	const run = (await execute.processRunExecutionData(workflow)) ?? finished;
	if (!run) throw new Error('The workflow produced no run');
	const taskOf = (nodeName: string) => run.data.resultData.runData[nodeName]?.[0];
	return {
		run,
		output: (nodeName) => (taskOf(nodeName)?.data?.main?.[0] ?? []).map((item) => item.json),
		items: (nodeName) => taskOf(nodeName)?.data?.main?.[0] ?? [],
		error: (nodeName) => (nodeName ? taskOf(nodeName)?.error : run.data.resultData.error),
		staticData: workflow.staticData,
	};
}

/**
 * One poll of a polling trigger through n8n-core's PollContext, the way n8n's active-workflow
 * manager calls it. Pass the same `staticData` object between polls (and round-trip it through
 * JSON to mimic n8n's database).
 */
export async function pollTrigger(
	node: INode,
	options: {
		credentials: TestCredentialStore;
		staticData: IDataObject;
		mode?: WorkflowExecuteMode;
		activation?: WorkflowActivateMode;
		/** The workflow's time zone setting (UTC by default). */
		timezone?: string;
	},
): Promise<INodeExecutionData[][] | null> {
	const workflow = buildWorkflow({ nodes: [node], connections: {} }, options.staticData, options.timezone);
	const context = new PollContext(
		workflow,
		workflow.getNode(node.name) as INode,
		additionalData(options.credentials),
		options.mode ?? 'trigger',
		options.activation ?? 'init',
	);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.poll) throw new Error(`${node.type} is not a polling trigger`);
	const result = await nodeType.poll.call(context);
	// Mirror n8n: static data is copied back to what gets saved only when the poll succeeded.
	Object.assign(options.staticData, workflow.staticData);
	return result;
}

/**
 * The credential dialog's "Test" button, as n8n's CredentialsTester runs it: a node-provided
 * test function (`testedBy`) or the credential's declarative `test` request through RoutingNode.
 */
export async function testCredential(
	typeName: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const { credentialTypes, nodeTypes: types } = packageUnderTest();
	const credentialType = credentialTypes[typeName];
	if (!credentialType) throw new Error(`Unknown credential type ${typeName}`);
	const decrypted: ICredentialsDecrypted = { id: 'test-credential', name: 'Test', type: typeName, data };

	if (!credentialType.test) {
		for (const nodeType of Object.values(types)) {
			const testedBy = nodeType.description.credentials?.find((entry) => entry.name === typeName)?.testedBy;
			const testFunction: ICredentialTestFunction | undefined =
				typeof testedBy === 'string' ? nodeType.methods?.credentialTest?.[testedBy] : undefined;
			if (testFunction) return await testFunction.call(new CredentialTestContext(), decrypted);
		}
		throw new Error(`No test for credential type ${typeName}`);
	}

	const testRequest = credentialType.test;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credential-test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [typeName]: { id: decrypted.id, name: decrypted.name } },
	};
	const testNodeType: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credential-test',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new PackageNodeTypes({ 'credential-test': testNodeType }),
	});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData({ [typeName]: data }),
		'internal',
		{ resultData: { runData: {} } } as IRunExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	try {
		await new RoutingNode(context, testNodeType, decrypted).runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			const rule = testRequest.rules?.find(
				(candidate) => candidate.type === 'responseCode' && candidate.properties.value === cause.response?.status,
			);
			if (rule) return { status: 'Error', message: rule.properties.message };
			return {
				status: 'Error',
				message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}`,
			};
		}
		if (cause?.code) return { status: 'Error', message: cause.code };
		return { status: 'Error', message: (error as Error).message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** The editor's call of a node's `loadOptions` / `listSearch` method, through n8n-core's LoadOptionsContext. */
function loadOptionsCall(node: INode, credentials: TestCredentialStore) {
	const workflow = buildWorkflow({ nodes: [node], connections: {} });
	const context = new LoadOptionsContext(workflow, workflow.getNode(node.name) as INode, additionalData(credentials), '');
	return { context, methods: workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).methods };
}

/** The options of a parameter with `loadOptionsMethod`, as the editor fetches them. */
export async function loadOptions(
	node: INode,
	method: string,
	options: { credentials: TestCredentialStore },
): Promise<INodePropertyOptions[]> {
	const { context, methods } = loadOptionsCall(node, options.credentials);
	const load = methods?.loadOptions?.[method];
	if (!load) throw new Error(`${node.type} has no loadOptions method ${method}`);
	return await load.call(context);
}

/** The results of a resource locator's list mode (`searchListMethod`), as the editor fetches them. */
export async function listSearch(
	node: INode,
	method: string,
	options: { credentials: TestCredentialStore; filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const { context, methods } = loadOptionsCall(node, options.credentials);
	const search = methods?.listSearch?.[method];
	if (!search) throw new Error(`${node.type} has no listSearch method ${method}`);
	return await search.call(context, options.filter, options.paginationToken);
}
