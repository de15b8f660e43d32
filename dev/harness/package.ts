import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-user-directory';

/** The package folder, whether this file runs from test/ (Jest) or compiled under build/ (scripts). */
function findPackageRoot(start: string): string {
	for (let folder = start; ; folder = dirname(folder)) {
		const manifest = join(folder, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) {
			return folder;
		}
		if (dirname(folder) === folder) throw new Error(`No ${PACKAGE_NAME} package.json above ${start}`);
	}
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);

export interface LoadedPackage {
	/** Keyed by full type name, e.g. `n8n-nodes-user-directory.userDirectory`. */
	nodeTypes: Record<string, INodeType>;
	credentialTypes: Record<string, ICredentialType>;
	/** Directory of each loaded node file, for icons and codex checks. */
	nodeFiles: Record<string, string>;
}

/** A node or credential file as n8n's loader reads it: it exports a class named after the file. */
function instantiateFile<T>(root: string, file: string, suffix: string): T {
	const path = join(root, file);
	if (!existsSync(path)) throw new Error(`${file} is missing: run \`npm run build\` first`);
	const className = basename(file, suffix);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = (require(path) as Record<string, new () => T>)[className];
	if (typeof exported !== 'function') throw new Error(`${file} does not export a class named ${className}`);
	return new exported();
}

/**
 * Loads the built package the way n8n's loader does: the files listed in package.json's `n8n`
 * section, each exporting a class named after its file. Tests run what would be published.
 */
export function loadPackage(root = PACKAGE_ROOT): LoadedPackage {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		name: string;
		n8n: { nodes: string[]; credentials: string[] };
	};
	const instantiate = <T>(file: string, suffix: string): T => instantiateFile<T>(root, file, suffix);
	const loaded: LoadedPackage = { nodeTypes: {}, credentialTypes: {}, nodeFiles: {} };
	for (const file of manifest.n8n.nodes) {
		const nodeType = instantiate<INodeType>(file, '.node.js');
		const name = `${manifest.name}.${nodeType.description.name}`;
		loaded.nodeTypes[name] = nodeType;
		loaded.nodeFiles[name] = join(root, file);
	}
	for (const file of manifest.n8n.credentials) {
		const credentialType = instantiate<ICredentialType>(file, '.credentials.js');
		loaded.credentialTypes[credentialType.name] = credentialType;
	}
	return loaded;
}

/** n8n's own nodes, installed by `npm run deps:n8n-nodes-base` for tests and the example workflows. */
const BASE_NODES_ROOT = join(PACKAGE_ROOT, 'dev', 'n8n-nodes-base', 'node_modules', 'n8n-nodes-base');
const BASE_NODES_PREFIX = 'n8n-nodes-base.';
const baseNodes = new Map<string, INodeType | undefined>();

/**
 * One of n8n's own nodes (`n8n-nodes-base.httpRequest`), loaded from its file in n8n-nodes-base's
 * manifest as n8n loads it; undefined for other types.
 */
export function loadBaseNode(type: string): INodeType | undefined {
	if (!type.startsWith(BASE_NODES_PREFIX)) return undefined;
	if (!baseNodes.has(type)) baseNodes.set(type, instantiateBaseNode(type));
	return baseNodes.get(type);
}

function instantiateBaseNode(type: string): INodeType | undefined {
	const name = type.slice(BASE_NODES_PREFIX.length);
	const manifestFile = join(BASE_NODES_ROOT, 'package.json');
	if (!existsSync(manifestFile)) throw new Error(`${type} needs n8n-nodes-base: run \`npm run deps:n8n-nodes-base\` first`);
	const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { n8n: { nodes: string[] } };
	const file = manifest.n8n.nodes.find((candidate) => candidate.endsWith(`/${name[0].toUpperCase()}${name.slice(1)}.node.js`));
	return file ? instantiateFile<INodeType>(BASE_NODES_ROOT, file, '.node.js') : undefined;
}
