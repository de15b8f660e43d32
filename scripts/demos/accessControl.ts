import type { IDataObject } from 'n8n-workflow';

import { ActiveWorkflow, example, withWebhook } from '../../dev/harness/workflows';
import { KeeperDirectory, startKeeperSandbox } from '../../dev/sandboxes/keeper';
import { startWebhookSandbox } from '../../dev/sandboxes/webhook';

/** Access control: the example workflow reacting to team membership changes in the Keeper sandbox. */
export async function runAccessControlDemo(log: (line: string) => void): Promise<void> {
	const directory = KeeperDirectory.seeded({ users: 400, teams: 8, seed: 12 });
	const keeper = await startKeeperSandbox({ directory });
	const chat = await startWebhookSandbox();
	const teamNamed = (name: string) => [...directory.teams.values()].find((team) => team.displayName === name)!;
	try {
		const workflow = new ActiveWorkflow(withWebhook(example('access-control-keeper-team-membership.json'), chat.url), {
			keeperScimApi: keeper.credentials,
		});
		await workflow.poll();
		log(`Activated: the first poll recorded ${directory.users.size} users in ${directory.teams.size} teams and fired nothing.`);

		const [finance, sales] = [teamNamed('Finance'), teamNamed('Sales')];
		const mover = directory.membersOf(sales.id).find((user) => user.teamIds.length === 1)!;
		const joiner = directory.list().find((user) => user.active && user !== mover && !user.teamIds.includes(finance.id))!;
		directory.setTeams(joiner.id, [...joiner.teamIds, finance.id]);
		directory.setTeams(mover.id, [finance.id]);
		log(`\nAn admin adds ${joiner.email} to Finance and moves ${mover.email} from Sales to Finance.`);
		const { events } = await workflow.poll();
		for (const event of events) {
			log(`  Trigger: ${String(event.event)} ${String((event.user as IDataObject).email)} → ${String((event.group as IDataObject).name)}`);
		}
		for (const message of chat.messages) log(`  Posted: ${String(message.text)}`);

		const quiet = await workflow.poll();
		log(`\nNext poll: ${quiet.events.length} events — each membership change fires exactly once.`);
	} finally {
		await Promise.all([keeper.close(), chat.close()]);
	}
}
