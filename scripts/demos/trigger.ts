import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { pollTrigger, runWorkflow } from '../../dev/harness/engine';
import { KeeperDirectory, startKeeperSandbox } from '../../dev/sandboxes/keeper';
import { example, table } from './support';

function eventRows(items: IDataObject[]): string[] {
	return table(items, [
		['event', (item) => item.event],
		['id', (item) => (item.user as IDataObject).id],
		['name', (item) => (item.user as IDataObject).displayName],
		['email', (item) => (item.user as IDataObject).email],
		['status', (item) => (item.user as IDataObject).status],
		['changes', (item) => (item.changes as string[]).join(', ')],
	]);
}

const json = (result: INodeExecutionData[][] | null) => (result?.[0] ?? []).map((item) => item.json);

/** Keeper: a new hire and a suspension found by the User Directory Trigger, and by Watch. */
export async function runTriggerDemo(log: (line: string) => void): Promise<void> {
	const directory = KeeperDirectory.seeded({ users: 5_000, teams: 8, seed: 7 });
	const sandbox = await startKeeperSandbox({ directory });
	const credentials = { keeperScimApi: sandbox.credentials };
	try {
		log(`Keeper SCIM sandbox on ${sandbox.server.url}: ${directory.users.size} users`);
		const trigger = example('keeper-new-hires-and-suspensions.json').nodes.find((node) =>
			node.type.endsWith('.userDirectoryTrigger'),
		) as INode;

		const sample = json(await pollTrigger(trigger, { credentials, staticData: {}, mode: 'manual' }));
		log(`Fetch test event: ${sample.length} sample users (marked sample: true), nothing saved`);

		const staticData: IDataObject = {};
		sandbox.server.requests.length = 0;
		const baseline = json(await pollTrigger(trigger, { credentials, staticData, activation: 'activate' }));
		const stateBytes = JSON.stringify(staticData).length;
		log(
			`Activation: baseline of ${directory.users.size} users in ${sandbox.server.requests.length} requests, ${baseline.length} events, ${stateBytes} bytes of static data (${(stateBytes / directory.users.size).toFixed(1)} per user)`,
		);

		const hire = directory.addUser({ givenName: 'Amara', familyName: 'Okafor', teamIds: [...directory.teams.keys()].slice(0, 1) });
		const leaver = directory.list().find((user) => user.active && user.id !== hire.id);
		if (leaver) directory.lock(leaver.id);
		log(`In Keeper: ${hire.displayName} joins, ${leaver?.displayName ?? 'nobody'} is locked`);
		const events = json(await pollTrigger(trigger, { credentials, staticData }));
		log(`Next poll: ${events.length} events`);
		for (const line of eventRows(events)) log(`  ${line}`);
		const again = json(await pollTrigger(trigger, { credentials, staticData }));
		log(`Polling again: ${again.length} events (each change fires once)`);

		const watchWorkflow = example('keeper-watch-user-changes.json');
		const first = await runWorkflow(watchWorkflow, { credentials, mode: 'trigger' });
		const renamed = directory.list().find((user) => user.active && user.id !== leaver?.id) ?? hire;
		directory.rename(renamed.id, 'Grace', 'Hopper');
		const second = await runWorkflow(watchWorkflow, { credentials, mode: 'trigger', staticData: first.staticData });
		const changes = second.output('Changes Since Last Run');
		log(`Watch operation (Schedule Trigger style, full snapshot): first run records a baseline, the next returns ${changes.length} change:`);
		for (const line of eventRows(changes)) log(`  ${line}`);
		for (const change of changes) {
			const previous = change.previous as IDataObject;
			log(`  previous name: ${String(previous.displayName)}`);
		}
	} finally {
		await sandbox.close();
	}
}
