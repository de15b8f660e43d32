import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { MANUAL_TRIGGER, runWorkflow, type WorkflowJson, type WorkflowRun } from '../../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../../dev/harness/workflows';
import { KandjiDirectory, startKandjiSandbox, type KandjiSandbox, type KandjiUser } from '../../../dev/sandboxes/kandji';

let sandbox: KandjiSandbox;
let directory: KandjiDirectory;

function description(error: Error | undefined): string {
	return String((error as { description?: string } | undefined)?.description ?? '');
}

/** A fresh tenant per test: locks and deletions change it. */
beforeEach(async () => {
	directory = KandjiDirectory.seeded({ users: 40, seed: 5, devicesPerUser: [0, 2], unassignedDevices: 4 });
	sandbox = await startKandjiSandbox({ directory });
});
afterEach(async () => await sandbox.close());

async function run(
	parameters: INodeParameters,
	options: { continueOnFail?: boolean; target?: KandjiSandbox } = {},
): Promise<WorkflowRun> {
	const target = options.target ?? sandbox;
	const directoryNode = node(
		'Kandji',
		USER_DIRECTORY,
		{ provider: 'kandji', resource: 'user', ...parameters },
		{ credentials: credentialRefs('kandjiApi'), continueOnFail: options.continueOnFail },
	);
	return await runWorkflow(singleNodeWorkflow(directoryNode), { credentials: { kandjiApi: target.credentials } });
}

/** A departing user with a Mac, an iPhone and a second Mac. */
function departingUser(): KandjiUser {
	const user = directory.addUser({ name: 'Dana Leaving', email: 'dana.leaving@accuhive.example' });
	directory.addDevice(user.id, 'Mac');
	directory.addDevice(user.id, 'iPhone');
	directory.addDevice(user.id, 'Mac');
	return user;
}

function deviceRequests(target = sandbox) {
	return target.server.requests.filter((request) => request.path === '/api/v1/devices');
}

function lockPosts(target = sandbox) {
	return target.server.requests.filter((request) => request.method === 'POST');
}

describe('User Directory · Kandji · Get Devices', () => {
	it("returns the user's devices, simplified, and only theirs", async () => {
		const user = departingUser();
		const result = await run({ operation: 'getDevices', userId: user.id });
		expect(result.error()).toBeUndefined();
		const devices = result.output('Kandji');
		const expected = directory.devicesOf(user.id);
		expect(devices.map((device) => device.deviceId)).toEqual(expected.map((device) => device.deviceId));
		expect(devices[0]).toEqual({
			deviceId: expected[0].deviceId,
			deviceName: expected[0].deviceName,
			serialNumber: expected[0].serialNumber,
			platform: 'Mac',
			model: expected[0].model,
			osVersion: expected[0].osVersion,
			assetTag: expected[0].assetTag || null,
			blueprintName: expected[0].blueprintName,
			lastCheckIn: expected[0].lastCheckIn,
			mdmEnabled: true,
			isMissing: false,
			user: { id: user.id, email: user.email, name: user.name },
		});
		expect(deviceRequests().map((request) => request.query)).toEqual([
			`?user_id=${user.id}&limit=300&offset=0`,
			`?user_id=${user.id}&limit=300&offset=3`,
		]);
	});

	it('returns the raw device records with Simplify off, the assigned user as Kandji sends it', async () => {
		const user = departingUser();
		const devices = (await run({ operation: 'getDevices', userId: user.id, simplify: false })).output('Kandji');
		expect(devices).toHaveLength(3);
		expect(devices[1]).toMatchObject({
			device_id: directory.devicesOf(user.id)[1].deviceId,
			platform: 'iPhone',
			user: { id: user.id, email: user.email, name: user.name, is_archived: false },
		});
	});

	it('returns nothing for a user without devices, after one empty page', async () => {
		const user = directory.addUser({});
		const result = await run({ operation: 'getDevices', userId: user.id });
		expect(result.error()).toBeUndefined();
		expect(result.output('Kandji')).toEqual([]);
		expect(deviceRequests()).toHaveLength(1);
	});

	it('pages by offset until an empty page for a user holding more than 300 devices', async () => {
		const lab = directory.addUser({ name: 'Device Lab', email: 'device-lab@accuhive.example' });
		for (let index = 0; index < 305; index++) directory.addDevice(lab.id);
		const devices = (await run({ operation: 'getDevices', userId: lab.id })).output('Kandji');
		expect(devices).toHaveLength(305);
		expect(new Set(devices.map((device) => device.deviceId)).size).toBe(305);
		expect(deviceRequests().map((request) => new URLSearchParams(request.query).get('offset'))).toEqual(['0', '300', '305']);
	});

	it('recognises devices that name their user by the older numeric id', async () => {
		const legacy = await startKandjiSandbox({ directory, deviceUserIds: 'legacy' });
		try {
			const user = departingUser();
			const devices = (await run({ operation: 'getDevices', userId: user.id }, { target: legacy })).output('Kandji');
			expect(devices.map((device) => device.deviceId)).toEqual(directory.devicesOf(user.id).map((device) => device.deviceId));
			expect(devices[0].user).toEqual({ id: user.deprecatedUserId, email: user.email, name: user.name });
		} finally {
			await legacy.close();
		}
	});

	it('gets the devices of every input item, each paired to its item', async () => {
		const first = departingUser();
		const second = directory.addUser({ email: 'dana.second@accuhive.example' });
		directory.addDevice(second.id, 'iPad');
		const workflow: WorkflowJson = {
			nodes: [
				node('Start', MANUAL_TRIGGER, {}),
				node(
					'Find',
					USER_DIRECTORY,
					{ provider: 'kandji', resource: 'user', operation: 'getAll', returnAll: true, filters: { email: 'dana.' } },
					{ credentials: credentialRefs('kandjiApi') },
				),
				node(
					'Devices',
					USER_DIRECTORY,
					{ provider: 'kandji', resource: 'user', operation: 'getDevices', userId: '={{ $json.id }}' },
					{ credentials: credentialRefs('kandjiApi') },
				),
			],
			connections: {
				Start: { main: [[{ node: 'Find', type: 'main', index: 0 }]] },
				Find: { main: [[{ node: 'Devices', type: 'main', index: 0 }]] },
			},
		};
		const result = await runWorkflow(workflow, { credentials: { kandjiApi: sandbox.credentials } });
		expect(result.output('Find').map((user) => user.id)).toEqual([first.id, second.id]);
		expect(
			result.items('Devices').map((item) => [(item.json.user as IDataObject).id, item.pairedItem]),
		).toEqual([
			[first.id, { item: 0 }],
			[first.id, { item: 0 }],
			[first.id, { item: 0 }],
			[second.id, { item: 1 }],
		]);
	});

	it('refuses a device list naming other users instead of passing it on', async () => {
		const user = departingUser();
		const everyone = [...directory.devices.values()].slice(0, 6).map((device) => ({
			device_id: device.deviceId,
			device_name: device.deviceName,
			serial_number: device.serialNumber,
			user: '',
		}));
		sandbox.server.injectFault({
			pathIncludes: '/devices',
			times: 1,
			response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(everyone) },
		});
		const result = await run({ operation: 'getDevices', userId: user.id });
		expect(result.error('Kandji')?.message).toMatch(/^Kandji listed 6 devices for this user that are not assigned to them/);
	});

	it('says the user is unknown, and names the Device list permission when it is missing', async () => {
		const unknown = await run({ operation: 'getDevices', userId: '00000000-0000-4000-a000-000000000000' });
		expect(unknown.error('Kandji')?.message).toBe('No Kandji user with ID "00000000-0000-4000-a000-000000000000"');

		sandbox.permissions.delete('devices:list');
		const forbidden = await run({ operation: 'getDevices', userId: departingUser().id });
		expect(description(forbidden.error('Kandji'))).toContain('"Device list" (GET /api/v1/devices)');
	});
});

describe('User Directory · Kandji · Lock Devices', () => {
	const lock = (userId: string, extra: INodeParameters = {}) => ({
		operation: 'lockDevices',
		userId,
		confirmLock: true,
		...extra,
	});

	it('refuses to run without the confirmation, before any request', async () => {
		const user = departingUser();
		for (const confirmLock of [undefined, false]) {
			const result = await run({ operation: 'lockDevices', userId: user.id, ...(confirmLock === undefined ? {} : { confirmLock }) });
			expect(result.error('Kandji')?.message).toBe('Locking devices was not confirmed');
			expect(description(result.error('Kandji'))).toContain('Confirm Locking');
		}
		expect(sandbox.server.requests).toEqual([]);
		expect(directory.devicesOf(user.id).some((device) => device.locked)).toBe(false);
	});

	it('says in its description that it is destructive and needs the confirmation', async () => {
		const { packageUnderTest } = await import('../../../dev/harness/engine');
		const userDirectory = packageUnderTest().nodeTypes[USER_DIRECTORY];
		const operations = userDirectory.description.properties.filter(
			(property) => property.name === 'operation' && property.displayOptions?.show?.provider?.includes('kandji'),
		);
		const option = operations
			.flatMap((property) => (property.options ?? []) as Array<{ value: string; description?: string }>)
			.find((candidate) => candidate.value === 'lockDevices');
		expect(option?.description).toMatch(/^DESTRUCTIVE: .*Confirm Locking/);
		const confirm = userDirectory.description.properties.find((property) => property.name === 'confirmLock');
		expect(confirm).toMatchObject({ type: 'boolean', default: false });
	});

	it('locks every device, returning a PIN for each Mac, and forwards the message and phone number', async () => {
		const user = departingUser();
		const result = await run(
			lock(user.id, { lockOptions: { message: '  Please return this device to IT. ', phoneNumber: '+1 555 0100' } }),
		);
		expect(result.error()).toBeUndefined();
		const [summary] = result.output('Kandji');
		const devices = directory.devicesOf(user.id);
		expect(devices.every((device) => device.locked)).toBe(true);
		expect(summary).toEqual({
			userId: user.id,
			userEmail: user.email,
			userName: user.name,
			devicesLocked: 3,
			devicesAlreadyLocked: 0,
			devicesFailed: 0,
			devices: devices.map((device) => ({
				deviceId: device.deviceId,
				deviceName: device.deviceName,
				serialNumber: device.serialNumber,
				platform: device.platform,
				status: 'locked',
				locked: true,
				pin: device.lock?.pin ?? null,
			})),
		});
		expect((summary.devices as IDataObject[]).map((device) => typeof device.pin)).toEqual(['string', 'object', 'string']);
		expect(sandbox.lockRequests.map((request) => request.body)).toEqual(
			devices.map(() => ({ Message: 'Please return this device to IT.', PhoneNumber: '+1 555 0100' })),
		);
	});

	it('sends no body when neither message nor phone number is given', async () => {
		const user = departingUser();
		await run(lock(user.id));
		expect(sandbox.lockRequests.map((request) => request.body)).toEqual([undefined, undefined, undefined]);
	});

	it('reports an already-locked device as such, not as a failure', async () => {
		const user = departingUser();
		const [first] = directory.devicesOf(user.id);
		first.locked = true;
		const result = await run(lock(user.id));
		expect(result.error()).toBeUndefined();
		const [summary] = result.output('Kandji');
		expect(summary).toMatchObject({ devicesLocked: 2, devicesAlreadyLocked: 1, devicesFailed: 0 });
		expect((summary.devices as IDataObject[])[0]).toEqual({
			deviceId: first.deviceId,
			deviceName: first.deviceName,
			serialNumber: first.serialNumber,
			platform: 'Mac',
			status: 'alreadyLocked',
			locked: true,
			reason: expect.stringContaining('already locked'),
		});
	});

	it('reports a device that failed beside the ones locked, without repeating the lock', async () => {
		const user = departingUser();
		const devices = directory.devicesOf(user.id);
		sandbox.server.injectFault({
			pathIncludes: `/devices/${devices[1].deviceId}/action/lock`,
			times: 1,
			response: { status: 500, body: '<html><head><title>Server Error (500)</title></head></html>' },
		});
		const result = await run(lock(user.id));
		expect(result.error()).toBeUndefined();
		const [summary] = result.output('Kandji');
		expect(summary).toMatchObject({ devicesLocked: 2, devicesAlreadyLocked: 0, devicesFailed: 1 });
		const outcomes = summary.devices as IDataObject[];
		expect(outcomes.map((outcome) => [outcome.deviceId, outcome.status])).toEqual([
			[devices[0].deviceId, 'locked'],
			[devices[1].deviceId, 'failed'],
			[devices[2].deviceId, 'locked'],
		]);
		expect(outcomes[1]).toEqual({
			deviceId: devices[1].deviceId,
			deviceName: devices[1].deviceName,
			serialNumber: devices[1].serialNumber,
			platform: 'iPhone',
			status: 'failed',
			locked: false,
			reason: `Kandji answered POST /devices/${devices[1].deviceId}/action/lock with HTTP 500: Server Error (500)`,
			hint: expect.stringContaining('not repeated'),
		});
		expect(lockPosts().filter((request) => request.path.includes(devices[1].deviceId))).toHaveLength(1);
	});

	it('fails the item when no device could be locked, with every reason and no PIN', async () => {
		const user = departingUser();
		sandbox.permissions.delete('devices:lock');
		const result = await run(lock(user.id));
		const error = result.error('Kandji');
		expect(error?.message).toMatch(/^None of the 3 devices of dana\.leaving@accuhive\.example could be locked: .*\(403\)/);
		expect(description(error).split(' | ')).toHaveLength(3);
		expect(description(error)).toContain('"Lock Device (Device actions)"');

		const continued = await run(lock(user.id), { continueOnFail: true });
		expect(continued.items('Kandji')).toEqual([
			{ json: { error: expect.stringMatching(/^None of the 3 devices/), description: expect.any(String) }, pairedItem: { item: 0 } },
		]);
	});

	it('shows each unlock PIN only in its own output field', async () => {
		const user = departingUser();
		const [, secondMac] = directory.devicesOf(user.id).filter((device) => device.platform === 'Mac');
		sandbox.server.injectFault({ pathIncludes: `/devices/${secondMac.deviceId}/action/lock`, times: 1, dropConnection: true });
		const result = await run(lock(user.id));
		const pins = directory
			.devicesOf(user.id)
			.map((device) => device.lock?.pin)
			.filter((pin): pin is string => typeof pin === 'string');
		expect(pins).toHaveLength(1);
		const everything = JSON.stringify(result.run.data);
		for (const pin of pins) expect(everything.split(pin)).toHaveLength(2);
		const [summary] = result.output('Kandji');
		const failed = (summary.devices as IDataObject[]).find((device) => device.status === 'failed');
		expect(failed).toMatchObject({
			deviceId: secondMac.deviceId,
			locked: false,
			reason: expect.any(String),
			hint: expect.stringContaining('not repeated'),
		});
		expect(failed).not.toHaveProperty('pin');
	});

	it('returns the user with no devices and locks nothing when none are assigned', async () => {
		const user = directory.addUser({});
		const [summary] = (await run(lock(user.id))).output('Kandji');
		expect(summary).toEqual({
			userId: user.id,
			userEmail: user.email,
			userName: user.name,
			devicesLocked: 0,
			devicesAlreadyLocked: 0,
			devicesFailed: 0,
			devices: [],
		});
		expect(lockPosts()).toEqual([]);
	});

	it('locks nothing when Kandji lists devices of other users', async () => {
		const user = departingUser();
		const others = [...directory.devices.values()].filter((device) => device.userId !== user.id && device.userId);
		sandbox.server.injectFault({
			pathIncludes: '/devices',
			times: 1,
			response: {
				status: 200,
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(
					others.slice(0, 2).map((device) => ({
						device_id: device.deviceId,
						device_name: device.deviceName,
						serial_number: device.serialNumber,
						user: { id: device.userId, email: 'someone@accuhive.example', name: 'Someone', is_archived: false },
					})),
				),
			},
		});
		const result = await run(lock(user.id));
		expect(result.error('Kandji')?.message).toMatch(/^Kandji listed 2 devices for this user/);
		expect(lockPosts()).toEqual([]);
		expect([...directory.devices.values()].some((device) => device.locked)).toBe(false);
	});
});

describe('User Directory · Kandji · Delete', () => {
	it('deletes a user without devices and returns it; the user is gone afterwards', async () => {
		const user = directory.addUser({ name: 'Gone Soon' });
		const result = await run({ operation: 'delete', userId: user.id });
		expect(result.error()).toBeUndefined();
		expect(result.output('Kandji')).toEqual([
			expect.objectContaining({ id: user.id, email: user.email, displayName: 'Gone Soon', provider: 'kandji', deleted: true }),
		]);
		expect(directory.users.has(user.id)).toBe(false);
		const again = await run({ operation: 'get', userId: user.id });
		expect(again.error('Kandji')?.message).toBe(`No Kandji user with ID "${user.id}"`);
	});

	it('says clearly that Kandji refuses while devices are assigned, and keeps the user', async () => {
		const user = departingUser();
		const result = await run({ operation: 'delete', userId: user.id });
		expect(result.error('Kandji')?.message).toBe(
			'Kandji refuses to delete a user who still has devices assigned: User still assigned to one or more devices.',
		);
		expect(description(result.error('Kandji'))).toContain('Get Devices');
		expect(directory.users.has(user.id)).toBe(true);
	});

	it('names the Delete User permission when the token lacks it', async () => {
		const user = directory.addUser({});
		sandbox.permissions.delete('users:delete');
		const result = await run({ operation: 'delete', userId: user.id });
		expect(result.error('Kandji')?.message).toContain('(403)');
		expect(description(result.error('Kandji'))).toContain('"Delete User" (DELETE /api/v1/users/{user_id})');
		expect(directory.users.has(user.id)).toBe(true);
	});

	it('is not offered for Keeper, whose own Delete is a different operation', async () => {
		const { packageUnderTest } = await import('../../../dev/harness/engine');
		const properties = packageUnderTest().nodeTypes[USER_DIRECTORY].description.properties;
		const kandjiUserOperations = properties.find(
			(property) =>
				property.name === 'operation' &&
				property.displayOptions?.show?.provider?.includes('kandji') &&
				property.displayOptions?.show?.resource?.includes('user'),
		);
		const values = ((kandjiUserOperations?.options ?? []) as Array<{ value: string }>).map((option) => option.value);
		expect(values).toEqual(expect.arrayContaining(['get', 'getAll', 'getDevices', 'lockDevices', 'delete']));
		const resources = properties.find(
			(property) => property.name === 'resource' && property.displayOptions?.show?.provider?.includes('kandji'),
		);
		expect(((resources?.options ?? []) as Array<{ value: string }>).map((option) => option.value)).toEqual(['kandjiUser', 'kandjiDirectory']);
	});
});
