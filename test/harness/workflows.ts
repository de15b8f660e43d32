import type { INode, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from './engine';
import { MANUAL_TRIGGER } from './engine';
import { PACKAGE_NAME } from './package';

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
