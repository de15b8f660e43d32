// Before n8n-core loads: it reads its user folder then.
import '../../dev/harness/env';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import * as workflow from 'n8n-workflow';

import { packageUnderTest } from '../../dev/harness/engine';
import { PACKAGE_NAME, PACKAGE_ROOT } from '../../dev/harness/package';

const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
	n8n: { n8nNodesApiVersion: number };
};

/** Present in newer n8n-workflow only: the check n8n runs before it loads a community package. */
type NodesApiCheck = (manifest: unknown) => { compatible: boolean };

describe('n8n’s own package loader (the line under test)', () => {
	it('loads every node and credential from the manifest, with its codex and Docs link', async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();

		expect(loader.packageName).toBe(PACKAGE_NAME);
		const ours = packageUnderTest();
		expect(Object.keys(loader.credentialTypes).sort()).toEqual(Object.keys(ours.credentialTypes).sort());
		const nodes = Object.values(loader.nodeTypes).map(({ type }) => type.description);
		expect(nodes.map(({ name }) => `${PACKAGE_NAME}.${name}`).sort()).toEqual(Object.keys(ours.nodeTypes).sort());
		for (const description of nodes) {
			const primary = description.codex?.resources?.primaryDocumentation?.[0]?.url;
			expect([description.name, primary]).toEqual([description.name, expect.stringMatching(/\/docs\/[a-z-]+\.md$/)]);
		}
	});

	it('accepts the declared node API level where n8n checks it', () => {
		const check = (workflow as unknown as { checkNodesApiVersion?: NodesApiCheck }).checkNodesApiVersion;
		// Lines without the check load every package as level 1, the level declared.
		expect(manifest.n8n.n8nNodesApiVersion).toBe(1);
		if (check) expect(check(manifest)).toMatchObject({ compatible: true });
	});
});
