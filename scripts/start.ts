import { runAccessControlDemo } from './demos/accessControl';
import { runKandjiDemo } from './demos/kandji';
import { runKeeperDemo } from './demos/keeper';
import { runKonnektiveDemo } from './demos/konnektive';
import { runKsmDemo } from './demos/ksm';
import { runLifecycleDemo } from './demos/lifecycle';
import { runTriggerDemo } from './demos/trigger';

type Demo = [title: string, run: (log: (line: string) => void) => Promise<void>];

/**
 * `npm start`: the example workflows in examples/, run through n8n's engine against the
 * package's embedded loopback sandboxes — nothing leaves this machine.
 */
const DEMOS: Demo[] = [
	['Keeper: users and teams (User Directory node)', runKeeperDemo],
	['Keeper: a new hire and a suspension (User Directory Trigger, Watch)', runTriggerDemo],
	['Kandji: users, devices and a departing user (User Directory node)', runKandjiDemo],
	['Konnektive: customers and new-customer events', runKonnektiveDemo],
	['Keeper Secrets Manager: ksm secret list, get, notation', runKsmDemo],
	['Onboarding and offboarding: the trigger drives Keeper and Kandji', runLifecycleDemo],
	['Access control: joining or leaving a Keeper team grants or revokes its tools', runAccessControlDemo],
];

async function main(): Promise<void> {
	const log = (line: string) => process.stdout.write(`${line}\n`);
	for (const [title, run] of DEMOS) {
		log(`\n=== ${title} ===`);
		await run(log);
	}
	log('\nAll demos ran through the n8n engine against the local sandboxes.');
}

main().then(
	// n8n-core keeps process-wide handles open; the demos are done, so leave explicitly.
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);
