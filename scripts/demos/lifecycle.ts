import type { IDataObject } from 'n8n-workflow';

import { ActiveWorkflow, example, withWebhook } from '../../dev/harness/workflows';
import { KandjiDirectory, startKandjiSandbox } from '../../dev/sandboxes/kandji';
import { KeeperDirectory, startKeeperSandbox } from '../../dev/sandboxes/keeper';
import { startWebhookSandbox } from '../../dev/sandboxes/webhook';

/** Onboarding and offboarding: the two example workflows reacting to changes in the sandboxes. */
export async function runLifecycleDemo(log: (line: string) => void): Promise<void> {
	const keeperDirectory = KeeperDirectory.seeded({ users: 400, teams: 8, seed: 9 });
	keeperDirectory.addTeam('All Staff');
	const leaver = keeperDirectory.addUser({ email: 'dana.leaving@accuhive.example', givenName: 'Dana', familyName: 'Leaving' });
	const kandjiDirectory = KandjiDirectory.seeded({ users: 300, seed: 9, devicesPerUser: [0, 2] });
	const leaverInKandji = kandjiDirectory.addUser({ name: 'Dana Leaving', email: leaver.email });
	kandjiDirectory.addDevice(leaverInKandji.id, 'Mac');
	kandjiDirectory.addDevice(leaverInKandji.id, 'iPhone');

	const keeper = await startKeeperSandbox({ directory: keeperDirectory });
	const kandji = await startKandjiSandbox({ directory: kandjiDirectory });
	const chat = await startWebhookSandbox();
	const credentials = { keeperScimApi: keeper.credentials, kandjiApi: kandji.credentials };
	const activate = (file: string) => new ActiveWorkflow(withWebhook(example(file), chat.url), credentials);
	const postedSince = (count: number) => {
		for (const message of chat.messages.slice(count)) log(`  Posted to IT's chat: ${String(message.text)}`);
	};
	try {
		const offboarding = activate('offboarding-keeper-suspended-lock-kandji-devices.json');
		const onboarding = activate('onboarding-kandji-new-user-create-keeper-account.json');
		await offboarding.poll();
		await onboarding.poll();
		log(`Both workflows activated: the first polls recorded ${keeperDirectory.users.size} Keeper and ${kandjiDirectory.users.size} Kandji users as the baseline, and fired nothing.`);

		const hire = kandjiDirectory.addUser({ name: 'Riley Newhire', email: 'riley.newhire@accuhive.example' });
		log(`\nIT's directory sync adds ${hire.name} <${hire.email}> to Kandji.`);
		let posted = chat.messages.length;
		const onboarded = await onboarding.poll();
		for (const event of onboarded.events) log(`  Onboarding trigger: ${String(event.event)} ${String((event.user as IDataObject).email)}`);
		for (const account of onboarded.run?.output('Create Keeper Account') ?? []) {
			const teams = (account.groups as IDataObject[]).map((group) => group.name).join(', ');
			log(`  Created Keeper account ${String(account.email)} (id ${String(account.id)}, ${String(account.status)}) in team ${teams}`);
		}
		postedSince(posted);

		keeperDirectory.user(leaver.id).active = false;
		log(`\nAn admin locks ${leaver.email} in the Keeper Admin Console.`);
		posted = chat.messages.length;
		const offboarded = await offboarding.poll();
		for (const event of offboarded.events) {
			const user = event.user as IDataObject;
			log(`  Offboarding trigger: ${String(event.event)} ${String(user.email)} (was ${String((event.previous as IDataObject).status)}, now ${String(user.status)})`);
		}
		for (const summary of offboarded.run?.output('Lock Their Devices') ?? []) {
			log(`  Summary: ${String(summary.userEmail)} — ${String(summary.devicesLocked)} device(s) locked, ${String(summary.devicesAlreadyLocked)} already locked, ${String(summary.devicesFailed)} failed`);
			for (const device of summary.devices as IDataObject[]) {
				log(`    ${String(device.deviceName)} (${String(device.serialNumber)}): ${String(device.status)}${device.pin ? ', unlock PIN in the `pin` field' : ''}`);
			}
		}
		postedSince(posted);

		const quiet = await offboarding.poll();
		log(`\nNext poll: ${quiet.events.length} events — each change fires exactly once.`);
	} finally {
		await Promise.all([keeper.close(), kandji.close(), chat.close()]);
	}
}
