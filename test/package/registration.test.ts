import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { PROVIDERS } from '../../nodes/shared/providers/registry';
import { credentialTestName } from '../../nodes/shared/transport/credentialTest';
import { packageUnderTest } from '../../dev/harness/engine';
import { PACKAGE_NAME, PACKAGE_ROOT } from '../../dev/harness/package';

const { nodeTypes, credentialTypes, nodeFiles } = packageUnderTest();
const directoryNodes = Object.entries(nodeTypes).filter(([, type]) =>
	type.description.properties.some((property) => property.name === 'provider'),
);

describe('package registration', () => {
	it('lists every provider credential, with its test, in every directory node', () => {
		expect(directoryNodes.map(([name]) => name).sort()).toEqual(
			[`${PACKAGE_NAME}.userDirectory`, `${PACKAGE_NAME}.userDirectoryTrigger`].sort(),
		);
		for (const [, type] of directoryNodes) {
			const listed = type.description.credentials ?? [];
			expect(listed.map((entry) => entry.name).sort()).toEqual(PROVIDERS.map((p) => p.credentialName).sort());
			for (const provider of PROVIDERS) {
				const entry = listed.find((candidate) => candidate.name === provider.credentialName);
				expect(entry?.testedBy).toBe(credentialTestName(provider));
				// Shown for its provider only, through a condition object rather than a plain value: n8n's
				// editor would take a field every credential `show`s plain values of for the auth selector.
				expect(entry?.displayOptions).toEqual({ show: { provider: [{ _cnd: { eq: provider.id } }] } });
				expect(typeof type.methods?.credentialTest?.[credentialTestName(provider)]).toBe('function');
				expect(credentialTypes[provider.credentialName]).toBeDefined();
			}
		}
	});

	it('ships icons and a codex file beside every node, naming the node as n8n loads it', () => {
		for (const [name, type] of Object.entries(nodeTypes)) {
			const folder = dirname(nodeFiles[name]);
			const icon = type.description.icon as { light: string; dark: string };
			for (const file of [icon.light, icon.dark]) expect(existsSync(join(folder, file.replace('file:', '')))).toBe(true);
			const codexFile = nodeFiles[name].replace(/\.js$/, '.json');
			const codex = JSON.parse(readFileSync(codexFile, 'utf8')) as { node: string };
			expect(codex.node).toBe(name);
		}
	});

	it('packs only dist, with every node, credential, icon and codex file, and no runtime dependencies', () => {
		const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
			dependencies?: object;
			peerDependencies: object;
			n8n: { nodes: string[]; credentials: string[] };
		};
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
		) as Array<{ files: Array<{ path: string }> }>;
		const files = packed.files.map((file) => file.path);
		expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(file);
		for (const file of manifest.n8n.nodes) {
			expect(files).toContain(file.replace(/\.js$/, '.json'));
			expect(files.some((path) => path.startsWith(dirname(file)) && path.endsWith('.svg'))).toBe(true);
		}
		expect(files.some((file) => file.startsWith('dist/test') || file.includes('sandbox'))).toBe(false);
	});
});
