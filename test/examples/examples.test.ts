import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { packageUnderTest } from '../../dev/harness/engine';
import { loadBaseNode, PACKAGE_ROOT } from '../../dev/harness/package';
import { ActiveWorkflow, example, withWebhook } from '../../dev/harness/workflows';
import { KandjiDirectory, startKandjiSandbox, type KandjiSandbox } from '../../dev/sandboxes/kandji';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox } from '../../dev/sandboxes/keeper';
import { EXAMPLE_WEBHOOK_PREFIX, startWebhookSandbox, type WebhookSandbox } from '../../dev/sandboxes/webhook';

const OFFBOARDING = 'offboarding-keeper-suspended-lock-kandji-devices.json';
const ONBOARDING = 'onboarding-kandji-new-user-create-keeper-account.json';
const ACCESS_CONTROL = 'access-control-keeper-team-membership.json';

describe('example workflows', () => {
	it.each(readdirSync(join(PACKAGE_ROOT, 'examples')).filter((file) => file.endsWith('.json')))(
		'%s uses only nodes n8n knows: the package’s and n8n’s own',
		(file) => {
			const { nodeTypes } = packageUnderTest();
			for (const node of example(file).nodes) {
				const type = nodeTypes[node.type] ?? loadBaseNode(node.type);
				expect([node.type, type?.description.name]).toEqual([node.type, node.type.split('.')[1]]);
			}
		},
	);

	it.each([
		[OFFBOARDING, 1],
		[ONBOARDING, 1],
		[ACCESS_CONTROL, 2],
	])('%s ends in %i message(s) to a chat webhook the user replaces', (file, count) => {
		const workflow = example(file);
		const targets = new Set(Object.values(workflow.connections).flatMap((outputs) => outputs.main.flat().map((target) => target?.node)));
		const last = workflow.nodes.filter((node) => !workflow.connections[node.name]);
		expect(last.map((node) => [node.type, String(node.parameters.url).startsWith(EXAMPLE_WEBHOOK_PREFIX), targets.has(node.name)])).toEqual(
			Array.from({ length: count }, () => ['n8n-nodes-base.httpRequest', true, true]),
		);
	});
});

describe('lifecycle examples, end to end against the sandboxes', () => {
	let keeper: KeeperSandbox;
	let kandji: KandjiSandbox;
	let chat: WebhookSandbox;
	let keeperDirectory: KeeperDirectory;
	let kandjiDirectory: KandjiDirectory;

	beforeEach(async () => {
		keeperDirectory = KeeperDirectory.seeded({ users: 30, teams: 3, seed: 4 });
		keeperDirectory.addTeam('All Staff');
		kandjiDirectory = KandjiDirectory.seeded({ users: 20, seed: 4, devicesPerUser: [0, 1] });
		keeper = await startKeeperSandbox({ directory: keeperDirectory });
		kandji = await startKandjiSandbox({ directory: kandjiDirectory });
		chat = await startWebhookSandbox();
	});

	afterEach(async () => {
		await Promise.all([keeper.close(), kandji.close(), chat.close()]);
	});

	const activate = (file: string) =>
		new ActiveWorkflow(withWebhook(example(file), chat.url), { keeperScimApi: keeper.credentials, kandjiApi: kandji.credentials });

	it('offboarding: a user locked in Keeper gets their devices locked and IT a summary without the PIN', async () => {
		const leaver = keeperDirectory.addUser({ email: 'dana.leaving@example.com', givenName: 'Dana', familyName: 'Leaving' });
		const inKandji = kandjiDirectory.addUser({ name: 'Dana Leaving', email: leaver.email });
		kandjiDirectory.addDevice(inKandji.id, 'Mac');
		kandjiDirectory.addDevice(inKandji.id, 'iPhone');
		const offboarding = activate(OFFBOARDING);
		expect((await offboarding.poll()).events).toEqual([]);

		keeperDirectory.user(leaver.id).active = false;
		const { events, run } = await offboarding.poll();
		expect(events.map((event) => [event.event, (event.user as IDataObject).email])).toEqual([['userSuspended', leaver.email]]);
		const [summary] = run!.output('Lock Their Devices');
		const devices = summary.devices as IDataObject[];
		expect(devices.map((device) => device.status)).toEqual(['locked', 'locked']);
		const pins = devices.map((device) => device.pin).filter(Boolean) as string[];
		expect(pins).toHaveLength(1);

		expect(chat.messages).toHaveLength(1);
		const { text } = chat.messages[0] as { text: string };
		expect(text).toBe(
			`Offboarding ${leaver.email}: 2 device(s) locked, 0 already locked, 0 failed (${devices.map((device) => `${String(device.deviceName)}: locked`).join(', ')}).`,
		);
		for (const pin of pins) expect(JSON.stringify(chat.messages)).not.toContain(pin);
		expect(run!.output('Tell IT in Chat')).toHaveLength(1);

		expect((await offboarding.poll()).events).toEqual([]);
		expect(chat.messages).toHaveLength(1);
	});

	it('onboarding: a new hire in Kandji gets a Keeper account in All Staff, and IT hears of it once', async () => {
		const onboarding = activate(ONBOARDING);
		expect((await onboarding.poll()).events).toEqual([]);

		const hire = kandjiDirectory.addUser({ name: 'Riley Newhire', email: 'riley.newhire@example.com' });
		const { run } = await onboarding.poll();
		const [account] = run!.output('Create Keeper Account');
		const created = keeperDirectory.findByUserName(hire.email);
		expect(created && String(account.id)).toBe(created?.id);
		expect(chat.messages).toEqual([
			{ text: `New hire ${hire.email}: Keeper account created (active) in All Staff; Keeper has emailed them an invitation.` },
		]);

		expect((await onboarding.poll()).events).toEqual([]);
		expect(chat.messages).toHaveLength(1);
	});

	it('access control: a user who joins a team is granted its tools, one who leaves has them revoked, each once', async () => {
		const teamNamed = (name: string) => [...keeperDirectory.teams.values()].find((team) => team.displayName === name)!;
		const [finance, sales] = [teamNamed('Finance'), teamNamed('Sales')];
		const joiner = keeperDirectory.list().find((user) => user.teamIds.length === 1 && user.teamIds[0] !== finance.id)!;
		const leaver = keeperDirectory.membersOf(sales.id)[0];
		const departing = keeperDirectory.membersOf(finance.id).find((user) => user !== joiner && user !== leaver)!;
		const control = activate(ACCESS_CONTROL);
		expect((await control.poll()).events).toEqual([]);

		keeperDirectory.setTeams(joiner.id, [...joiner.teamIds, finance.id]);
		keeperDirectory.setTeams(leaver.id, leaver.teamIds.filter((teamId) => teamId !== sales.id));
		keeperDirectory.deleteUser(departing.id);
		const { events, run } = await control.poll();
		const left = [leaver, departing].sort((first, second) => (first.id < second.id ? -1 : 1));
		expect(events.map((event) => [event.event, (event.user as IDataObject).id, (event.group as IDataObject).name])).toEqual([
			['userAddedToGroup', joiner.id, 'Finance'],
			...left.flatMap((user) =>
				(user === departing ? departing.teamIds.map((teamId) => keeperDirectory.teams.get(teamId)!.displayName) : ['Sales'])
					.sort((first, second) => (teamIdOf(first) < teamIdOf(second) ? -1 : 1))
					.map((name) => ['userRemovedFromGroup', user.id, name]),
			),
		]);
		expect(run!.output('Grant the Team\'s Tools')).toHaveLength(1);
		expect(chat.messages[0]).toEqual({ text: `Grant ${joiner.email} the tools of team Finance: they joined it.` });
		expect(chat.messages.slice(1)).toEqual(
			events.slice(1).map((event) => {
				const user = event.user as IDataObject;
				// A deleted user is known by ID only in Compact mode.
				const who = user.id === departing.id ? `user ${departing.id}` : leaver.email;
				return { text: `Revoke the tools of team ${String((event.group as IDataObject).name)} from ${who}: they left it.` };
			}),
		);

		expect((await control.poll()).events).toEqual([]);
		expect(chat.messages).toHaveLength(events.length);

		function teamIdOf(name: string): string {
			return teamNamed(name).id;
		}
	});

	it('stops with the chat’s own answer when the webhook refuses the message', async () => {
		const onboarding = activate(ONBOARDING);
		await onboarding.poll();
		chat.server.injectFault({ times: 1, response: { status: 404, body: 'no_service' } });
		kandjiDirectory.addUser({ name: 'Sam Later', email: 'sam.later@example.com' });
		const failure = (await onboarding.poll().then(
			() => undefined,
			(error: unknown) => error,
		)) as { node?: { name: string }; httpCode?: string; description?: string } | undefined;
		expect([failure?.node?.name, failure?.httpCode, failure?.description]).toEqual(['Tell IT in Chat', '404', 'no_service']);
		expect(chat.messages).toEqual([]);
	});
});
