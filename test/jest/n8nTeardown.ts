import { dirname } from 'node:path';

/**
 * n8n-core's SSH client manager, a process-wide service that trigger and poll contexts create,
 * keeps a cleanup interval that holds the process open; n8n stops it when it shuts down, and so
 * does each suite when it ends. Both modules are resolved from n8n-core's own folder, so under
 * .ci/compat the n8n line under test is the one closed.
 */
afterAll(() => {
	const core = dirname(require.resolve('n8n-core'));
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { Container } = require(require.resolve('@n8n/di', { paths: [core] })) as typeof import('@n8n/di');
	const { SSHClientsManager } = require(require.resolve('./execution-engine/ssh-clients-manager', { paths: [core] })) as {
		SSHClientsManager: new () => { onShutdown(): void };
	};
	/* eslint-enable @typescript-eslint/no-require-imports */
	Container.get(SSHClientsManager).onShutdown();
});
