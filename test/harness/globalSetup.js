const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

// n8n-core writes an instance config under $N8N_USER_FOLDER/.n8n: keep it out of the home folder.
module.exports = async () => {
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-user-directory-test-'));
};
