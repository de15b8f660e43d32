// Which sources dist/ was built from: `npm run build` records a hash of everything that goes into
// dist/, and the test suite's globalSetup refuses to run when the sources no longer match it, so no
// suite passes or fails on a stale build.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Outside dist/, which is published as it is. */
const STAMP = join(root, 'node_modules', '.cache', 'n8n-nodes-user-directory', 'dist-sources.sha256');
const INPUTS = ['nodes', 'credentials', 'tsconfig.json', 'tsconfig.build.json', 'gulpfile.js'];

function files(path) {
	try {
		return readdirSync(path, { withFileTypes: true })
			.sort((a, b) => a.name.localeCompare(b.name))
			.flatMap((entry) => files(join(path, entry.name)));
	} catch (error) {
		if (error.code === 'ENOTDIR') return [path];
		throw error;
	}
}

/** Paths and contents of every build input. */
export function sourceHash() {
	const hash = createHash('sha256');
	for (const file of INPUTS.flatMap((input) => files(join(root, input)))) {
		hash.update(`${relative(root, file)}\0`).update(readFileSync(file)).update('\0');
	}
	return hash.digest('hex');
}

/** Undefined when dist/ was built from the current sources, else what to do. */
export function staleBuild() {
	let built;
	try {
		built = readFileSync(STAMP, 'utf8').trim();
	} catch {
		return 'dist/ has no build stamp: run `npm run build` first';
	}
	return built === sourceHash() ? undefined : 'dist/ was built from other sources than these: run `npm run build` first';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	mkdirSync(dirname(STAMP), { recursive: true });
	writeFileSync(STAMP, `${sourceHash()}\n`);
}
