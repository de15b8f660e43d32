import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { PROVIDERS } from '../../nodes/shared/providers/registry';
import { PACKAGE_ROOT } from '../../dev/harness/package';

/**
 * Shared code names no provider: provider facts live in nodes/shared/providers/<name>/ (issue
 * 15's check, `grep -rni "keeper\|kandji\|konnektive" nodes/shared nodes/UserDirectory
 * nodes/UserDirectoryTrigger --include=*.ts | grep -v nodes/shared/providers/`, without a shell).
 * The exceptions: the registry, and the shipped credentials the directory nodes spell out for
 * n8n's verification (it reads each credential's `testedBy` from the node's source).
 */
const FOLDERS = ['nodes/shared', 'nodes/UserDirectory', 'nodes/UserDirectoryTrigger'];
const PROVIDER_NAMES = /keeper|kandji|konnektive/i;
const REGISTRY = 'nodes/shared/providers/registry.ts';

function typeScriptFiles(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) return typeScriptFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** A line with its spelled-out credential names ('keeperScimApi', 'keeperScimApiTest') taken out. */
function withoutCredentialNames(line: string): string {
	return PROVIDERS.reduce(
		(rest, provider) => rest.replace(new RegExp(`'${provider.credentialName}(Test)?'`, 'g'), "''"),
		line,
	);
}

describe('provider names in shared code', () => {
	it('appear only in provider folders, the registry and the spelled-out credentials', () => {
		const found: string[] = [];
		for (const folder of FOLDERS) {
			for (const file of typeScriptFiles(join(PACKAGE_ROOT, folder))) {
				const path = relative(PACKAGE_ROOT, file).split('\\').join('/');
				if (path.startsWith('nodes/shared/providers/') && path !== REGISTRY) continue;
				readFileSync(file, 'utf8')
					.split('\n')
					.forEach((line, index) => {
						if (path !== REGISTRY && PROVIDER_NAMES.test(withoutCredentialNames(line))) found.push(`${path}:${index + 1}: ${line.trim()}`);
					});
			}
		}
		expect(found).toEqual([]);
	});

	it('finds a provider name where there is one (the check is not blind)', () => {
		expect(PROVIDER_NAMES.test(withoutCredentialNames("description: 'in Keeper: locked'"))).toBe(true);
		expect(PROVIDER_NAMES.test(withoutCredentialNames("{ name: 'kandjiApi', testedBy: 'kandjiApiTest' }"))).toBe(false);
	});
});
