const { existsSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const SOURCE_FOLDERS = ['nodes', 'credentials'].map((folder) => join(ROOT, folder) + sep);

/**
 * Every suite runs the built package: an import of a source file (`../../nodes/shared/changes`)
 * resolves to its compiled file in dist/. Tests keep the sources' types, and a suite, its helpers
 * and the nodes n8n-core loads from dist/ share one instance of each module (one retry clock, one
 * error class for `instanceof`). globalSetup refuses a dist/ older than the sources.
 */
module.exports = (request, options) => {
	const resolved = options.defaultResolver(request, options);
	if (!resolved.endsWith('.ts') || !SOURCE_FOLDERS.some((folder) => resolved.startsWith(folder))) return resolved;
	const built = join(ROOT, 'dist', relative(ROOT, resolved)).replace(/\.ts$/, '.js');
	if (!existsSync(built)) throw new Error(`${relative(ROOT, built)} is missing: run \`npm run build\` first`);
	return built;
};
