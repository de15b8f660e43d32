// Installs n8n's own nodes (HTTP Request, Slack, ...) into dev/n8n-nodes-base for the tests and the
// example workflows. They live in their own folder because installing them needs `overrides`, which
// n8n's verification forbids in this package's manifest. Skipped when the installed copy already
// matches the lockfile, so `npm test` stays fast after the first run.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'dev', 'n8n-nodes-base');
const locked = JSON.parse(readFileSync(join(folder, 'package-lock.json'), 'utf8')).packages['node_modules/n8n-nodes-base'].version;
const installedManifest = join(folder, 'node_modules', 'n8n-nodes-base', 'package.json');
const installed = existsSync(installedManifest) ? JSON.parse(readFileSync(installedManifest, 'utf8')).version : undefined;
if (installed === locked) process.exit(0);
console.log(`Installing n8n-nodes-base ${locked} into dev/n8n-nodes-base (once)...`);
execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: folder, stdio: 'inherit' });
