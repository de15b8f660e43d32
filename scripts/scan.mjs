// n8n's verification scan, run locally: @n8n/scan-community-package's own ESLint configuration
// (buildScanConfig: community-nodes recommended + eslint-plugin-n8n-nodes-base's community,
// credentials and nodes rulesets + no-console) on the source files it lints (SOURCE_FILE_PATTERNS)
// and on the unpacked `npm pack` tarball. The scanner's analyzePackage fails on errors only;
// this gate also fails on warnings, so its ESLint is built exactly as analyzePackage builds it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import glob from 'fast-glob';
import { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every finding, warnings included, with analyzePackage's ESLint options and file selection. */
async function lint(packageDir, patterns) {
	const eslint = new ESLint({ cwd: packageDir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = glob.sync(patterns, { cwd: packageDir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	const verdict = await analyzePackage(packageDir, patterns);
	return {
		files: files.length,
		errors: results.reduce((sum, result) => sum + result.errorCount, 0),
		warnings: results.reduce((sum, result) => sum + result.warningCount, 0),
		passed: verdict.passed,
		details: await (await eslint.loadFormatter('stylish')).format(results),
	};
}

const unpacked = mkdtempSync(join(tmpdir(), 'n8n-scan-'));
let failed = false;
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', unpacked], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
	execFileSync('tar', ['-xzf', join(unpacked, tarball), '-C', unpacked, '--strip-components=1']);
	// The tarball leg uses analyzePackage's default patterns, a superset of the scanner's
	// (`**/*.js`, `package.json`): anything shipped is linted.
	for (const [leg, dir, patterns] of [
		['source', root, SOURCE_FILE_PATTERNS],
		['tarball', unpacked, ['**/*.js', '**/*.ts', '**/*.json']],
	]) {
		const result = await lint(dir, patterns);
		console.log(`n8n scanner, ${leg}: ${result.files} files, ${result.errors} errors, ${result.warnings} warnings`);
		if (result.errors || result.warnings || !result.passed) {
			failed = true;
			console.log(result.details);
		}
	}
} finally {
	rmSync(unpacked, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
