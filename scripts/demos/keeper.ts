import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../dev/harness/engine';
import { KeeperDirectory, startKeeperSandbox } from '../../dev/sandboxes/keeper';
import { example, table } from './support';

/** Keeper: users and teams read through the User Directory node from the SCIM sandbox. */
export async function runKeeperDemo(log: (line: string) => void): Promise<void> {
	const sandbox = await startKeeperSandbox({ directory: KeeperDirectory.seeded({ users: 2_500, teams: 8, seed: 42 }) });
	try {
		log(`Keeper SCIM sandbox on ${sandbox.server.url}, node ${sandbox.nodeId}: ${sandbox.directory.users.size} users, ${sandbox.directory.teams.size} teams`);
		const run = await runWorkflow(example('keeper-users-and-teams.json'), { credentials: { keeperScimApi: sandbox.credentials } });
		const failure = run.error();
		if (failure) throw failure;

		log('List Users (Get Many, limit 8):');
		for (const line of table(run.output('List Users'), [
			['id', (user) => user.id],
			['email', (user) => user.email],
			['name', (user) => user.displayName],
			['status', (user) => user.status],
			['teams', (user) => (user.groups as IDataObject[]).map((group) => group.name).join(', ')],
		])) log(`  ${line}`);

		log('List Teams (Get Many, with members):');
		for (const line of table(run.output('List Teams'), [
			['id', (team) => team.id],
			['name', (team) => team.name],
			['members', (team) => team.memberCount],
		])) log(`  ${line}`);

		const [found] = run.output('Find User by Email');
		log(`Find User by Email (SCIM filter userName eq): ${String(found?.email)} → id ${String(found?.id)}`);
	} finally {
		await sandbox.close();
	}
}
