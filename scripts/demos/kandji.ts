import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../../dev/harness/engine';
import { PACKAGE_ROOT } from '../../dev/harness/package';
import { KandjiDirectory, startKandjiSandbox } from '../../dev/sandboxes/kandji';

function example(file: string): WorkflowJson {
	return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'examples', file), 'utf8')) as WorkflowJson;
}

function lockLine(device: IDataObject): string {
	const name = `${String(device.deviceName)} (${String(device.serialNumber)})`;
	if (device.status === 'locked') {
		return `${name}: locked, ${device.pin ? 'unlock PIN issued (in the `pin` field)' : 'no PIN (iPhones and iPads unlock with their passcode)'}`;
	}
	return `${name}: ${String(device.status)} — ${String(device.reason)}`;
}

/** Kandji: find users by email, list what they hold, lock a departing user's devices. */
export async function runKandjiDemo(log: (line: string) => void): Promise<void> {
	const directory = KandjiDirectory.seeded({ users: 640, seed: 2024, devicesPerUser: [0, 2] });
	const departing = directory.addUser({ name: 'Dana Leaving', email: 'dana.leaving@accuhive.example' });
	directory.addDevice(departing.id, 'Mac');
	directory.addDevice(departing.id, 'iPhone');
	directory.addDevice(departing.id, 'Mac');
	const colleague = directory.addUser({ name: 'Dana Staying', email: 'dana.staying@accuhive.example' });
	directory.addDevice(colleague.id, 'iPad');
	const sandbox = await startKandjiSandbox({ directory });
	const credentials = { kandjiApi: sandbox.credentials };
	try {
		log(`Kandji sandbox on ${sandbox.server.url}: ${directory.users.size} users, ${directory.devices.size} devices`);

		const lookup = await runWorkflow(example('kandji-user-devices.json'), { credentials });
		const users = lookup.output('Find Users by Email');
		log(`Get Many (email contains "dana."): ${users.map((user) => `${String(user.displayName)} <${String(user.email)}>`).join(', ')}`);
		const listRequests = sandbox.server.requests.filter((request) => request.path === '/api/v1/users').length;
		log(`  ${listRequests} request to /api/v1/users: Kandji matches part of the address on its side`);
		for (const item of lookup.items('Get Their Devices')) {
			const owner = users[(item.pairedItem as { item: number }).item];
			log(`  ${String(owner.displayName)} holds ${String(item.json.model)} ${String(item.json.serialNumber)} (${String(item.json.platform)})`);
		}

		const lock = await runWorkflow(example('kandji-lock-departing-user.json'), { credentials });
		const [first] = lock.output('Lock Their Devices');
		log(`Lock Devices for ${String(first.userEmail)}: ${String(first.devicesLocked)} locked, ${String(first.devicesFailed)} failed`);
		for (const device of first.devices as IDataObject[]) log(`  ${lockLine(device)}`);

		const again = await runWorkflow(example('kandji-lock-departing-user.json'), { credentials });
		const [second] = again.output('Lock Their Devices');
		log(`Run again: ${String(second.devicesAlreadyLocked)} already locked, reported rather than failed`);

		const hosts = new Set(sandbox.server.requests.map((request) => request.host));
		log(`${sandbox.server.requests.length} requests, all to ${[...hosts].join(', ')}`);
	} finally {
		await sandbox.close();
	}
}
