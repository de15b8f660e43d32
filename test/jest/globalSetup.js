const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async () => {
	// Every suite runs dist/ (see resolver.js): a build older than the sources would test other code.
	const { staleBuild } = await import('../../scripts/build-stamp.mjs');
	const stale = staleBuild();
	if (stale) throw new Error(stale);
	// n8n-core writes an instance config under $N8N_USER_FOLDER/.n8n: keep it out of the home folder.
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-user-directory-test-'));
};
