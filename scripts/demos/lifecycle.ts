import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { pollTrigger, runWorkflow, type TestCredentialStore, type WorkflowJson } from '../../test/harness/engine';
import { KandjiDirectory, startKandjiSandbox } from '../../test/sandbox/kandji';
import { KeeperDirectory, startKeeperSandbox } from '../../test/sandbox/keeper';
import { example } from './support';

/** A polling trigger as n8n runs it: one poll, state saved as JSON between polls, then the flow. */
class ActiveWorkflow {
	private staticData: IDataObject = {};

	constructor(
		private readonly workflow: WorkflowJson,
		private readonly credentials: TestCredentialStore,
	) {}

	private get trigger() {
		return this.workflow.nodes.find((node) => node.type.endsWith('.userDirectoryTrigger'))!;
	}

	/** Runs one poll; when it finds events, runs the rest of the workflow with them. */
	async poll(): Promise<{ events: IDataObject[]; run?: Awaited<ReturnType<typeof runWorkflow>> }> {
		const staticData = JSON.parse(JSON.stringify(this.staticData)) as IDataObject;
		const items: INodeExecutionData[][] | null = await pollTrigger(this.trigger, { credentials: this.credentials, staticData });
		this.staticData = staticData;
		if (!items) return { events: [] };
		const run = await runWorkflow(this.workflow, { credentials: this.credentials, trigger: { nodeName: this.trigger.name, items } });
		const failure = run.error();
		if (failure) throw failure;
		return { events: items[0].map((item) => item.json), run };
	}
}

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
	const credentials = { keeperScimApi: keeper.credentials, kandjiApi: kandji.credentials };
	try {
		const offboarding = new ActiveWorkflow(example('offboarding-keeper-suspended-lock-kandji-devices.json'), credentials);
		const onboarding = new ActiveWorkflow(example('onboarding-kandji-new-user-create-keeper-account.json'), credentials);
		await offboarding.poll();
		await onboarding.poll();
		log(`Both workflows activated: the first polls recorded ${keeperDirectory.users.size} Keeper and ${kandjiDirectory.users.size} Kandji users as the baseline, and fired nothing.`);

		const hire = kandjiDirectory.addUser({ name: 'Riley Newhire', email: 'riley.newhire@accuhive.example' });
		log(`\nIT's directory sync adds ${hire.name} <${hire.email}> to Kandji.`);
		const onboarded = await onboarding.poll();
		for (const event of onboarded.events) log(`  Onboarding trigger: ${String(event.event)} ${String((event.user as IDataObject).email)}`);
		for (const account of onboarded.run?.output('Create Keeper Account') ?? []) {
			const teams = (account.groups as IDataObject[]).map((group) => group.name).join(', ');
			log(`  Created Keeper account ${String(account.email)} (id ${String(account.id)}, ${String(account.status)}) in team ${teams}`);
		}

		keeperDirectory.user(leaver.id).active = false;
		log(`\nAn admin locks ${leaver.email} in the Keeper Admin Console.`);
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

		const quiet = await offboarding.poll();
		log(`\nNext poll: ${quiet.events.length} events — each change fires exactly once.`);
	} finally {
		await Promise.all([keeper.close(), kandji.close()]);
	}
}
