import { writeFileSync } from 'node:fs';

import { KandjiDirectory, startKandjiSandbox } from '../dev/sandboxes/kandji';
import { KeeperDirectory, startKeeperSandbox } from '../dev/sandboxes/keeper';
import { KonnektiveCrm, startKonnektiveSandbox } from '../dev/sandboxes/konnektive';
import { startKsmSandbox } from '../dev/sandboxes/ksm';

/**
 * `npm run sandbox`: every sandbox on loopback until Ctrl+C, with the credential values to enter
 * in a real n8n. These are made-up demo credentials that only these local servers accept.
 */
async function main(): Promise<void> {
	const users = Number(process.env.SANDBOX_USERS ?? 250);
	const keeper = await startKeeperSandbox({ directory: KeeperDirectory.seeded({ users, teams: 8, seed: 42 }) });
	const kandji = await startKandjiSandbox({ directory: KandjiDirectory.seeded({ users, seed: 42, devicesPerUser: [0, 2] }) });
	const konnektive = await startKonnektiveSandbox({
		crm: KonnektiveCrm.seeded({ customers: users, seed: 42, now: new Date(), spreadDays: 365 }),
	});
	const ksm = await startKsmSandbox({ seed: 42 });
	const print = (line = '') => process.stdout.write(`${line}\n`);
	// `SANDBOX_JSON=<file>`: the credentials as n8n stores them, for the browser test (test/e2e).
	if (process.env.SANDBOX_JSON) {
		writeFileSync(
			process.env.SANDBOX_JSON,
			JSON.stringify({
				keeperScimApi: keeper.credentials,
				kandjiApi: kandji.credentials,
				konnektiveApi: konnektive.credentials,
				keeperSecretsManagerApi: { config: ksm.applications.readOnly.config },
			}),
		);
	}

	print('Local sandboxes are running. Create these credentials in n8n:');
	print();
	print(`Keeper SCIM API    (${keeper.directory.users.size} users, ${keeper.directory.teams.size} teams)`);
	print(`  Region: Custom   Base URL: ${keeper.server.url}`);
	print(`  Node ID: ${keeper.nodeId}`);
	print(`  API Token: ${keeper.apiToken}`);
	print();
	print(`Kandji API         (${kandji.directory.users.size} users, ${kandji.directory.devices.size} devices)`);
	print(`  Region: Custom   Base URL: ${kandji.server.url}`);
	print(`  API Token: ${kandji.credentials.apiToken}`);
	print();
	print(`Konnektive API     (${konnektive.crm.customers.size} customers)`);
	print(`  Base URL: ${konnektive.server.url}`);
	print(`  Login ID: ${konnektive.credentials.loginId}   Password: ${konnektive.credentials.password}`);
	print();
	print(`Keeper Secrets Manager API   (server ${ksm.url})`);
	print(`  Config, read-only application:  ${ksm.applications.readOnly.config}`);
	print(`  Config, read/write application: ${ksm.applications.readWrite.config}`);
	print();
	print('Press Ctrl+C to stop.');

	const stop = async () => {
		await Promise.all([keeper.close(), kandji.close(), konnektive.close(), ksm.close()]);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
