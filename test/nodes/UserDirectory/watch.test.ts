import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DIRECTORY_EVENTS } from '../../../nodes/shared/domain';
import { MANUAL_TRIGGER, runWorkflow, type WorkflowJson } from '../../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../../dev/harness/workflows';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox } from '../../../dev/sandboxes/keeper';
import { activeUsers, EVERY_USER_EVENT, ITEM_KEYS, summary } from '../UserDirectoryTrigger/support';

let sandbox: KeeperSandbox;
let directory: KeeperDirectory;

beforeEach(async () => {
	directory = KeeperDirectory.seeded({ users: 25, teams: 3, seed: 44 });
	sandbox = await startKeeperSandbox({ directory, maxPageSize: 10 });
});
afterEach(async () => await sandbox.close());

function watchNode(parameters: INodeParameters = {}, continueOnFail = false) {
	return node(
		'Watch',
		USER_DIRECTORY,
		{ provider: 'keeper', resource: 'user', operation: 'watch', events: EVERY_USER_EVENT, ...parameters },
		{ credentials: credentialRefs('keeperScimApi'), continueOnFail },
	);
}

/**
 * A workflow run as n8n runs it on schedule ('trigger') or from the editor ('manual'); static
 * data goes through JSON between runs, as n8n's database stores it.
 */
async function run(
	staticData: IDataObject,
	options: { mode?: 'trigger' | 'manual'; parameters?: INodeParameters; continueOnFail?: boolean; workflow?: WorkflowJson } = {},
) {
	const workflow = options.workflow ?? singleNodeWorkflow(watchNode(options.parameters, options.continueOnFail));
	const result = await runWorkflow(workflow, {
		credentials: { keeperScimApi: sandbox.credentials },
		staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject,
		mode: options.mode ?? 'trigger',
	});
	return { result, items: result.output('Watch'), staticData: JSON.parse(JSON.stringify(result.staticData)) as IDataObject };
}

describe('User Directory · Watch for Changes', () => {
	it('records a baseline on the first production run, then returns each change once', async () => {
		const first = await run({});
		expect(first.result.error()).toBeUndefined();
		expect(first.items).toEqual([]);
		expect(Object.keys(first.staticData)).toEqual(['node:Watch']);

		const [toLock] = activeUsers(directory);
		directory.lock(toLock.id);
		const hire = directory.addUser({});
		const second = await run(first.staticData);
		expect(summary(second.items)).toEqual([`userCreated ${hire.id}`, `userSuspended ${toLock.id}`].sort());
		for (const item of second.items) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
		expect(second.result.items('Watch').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);

		const third = await run(second.staticData);
		expect(third.items).toEqual([]);
	});

	it('applies the same events filter as the trigger', async () => {
		const { staticData } = await run({}, { parameters: { events: ['userSuspended'] } });
		const [toLock, toRename] = activeUsers(directory);
		directory.lock(toLock.id);
		directory.rename(toRename.id, 'Grace', 'Hopper');
		directory.addUser({});
		const next = await run(staticData, { parameters: { events: ['userSuspended'] } });
		expect(summary(next.items)).toEqual([`userSuspended ${toLock.id}`]);
	});

	it('returns membership and group events as the trigger does, each once', async () => {
		const events = ['userAddedToGroup', 'userRemovedFromGroup', 'groupCreated', 'groupUpdated', 'groupDeleted'];
		const { staticData } = await run({}, { parameters: { events } });
		const [first, second] = [...directory.teams.values()];
		const joiner = activeUsers(directory).find((user) => !user.teamIds.includes(first.id))!;
		directory.setTeams(joiner.id, [...joiner.teamIds, first.id]);
		directory.renameTeam(second.id, 'Renamed');
		const next = await run(staticData, { parameters: { events } });
		expect(next.items.map((item) => [item.event, (item.user as IDataObject | undefined)?.id ?? null, (item.group as IDataObject).name])).toEqual([
			['userAddedToGroup', joiner.id, first.displayName],
			['groupUpdated', null, 'Renamed'],
		]);
		expect((await run(next.staticData, { parameters: { events } })).items).toEqual([]);
	});

	it('previews the pending changes in a manual run without consuming them', async () => {
		const { staticData } = await run({});
		const hire = directory.addUser({});

		const preview = await run(staticData, { mode: 'manual' });
		expect(summary(preview.items)).toEqual([`userCreated ${hire.id}`]);
		expect(preview.staticData).toEqual(staticData);

		const production = await run(staticData);
		expect(summary(production.items)).toEqual([`userCreated ${hire.id}`]);
	});

	it('shows sample users in a manual run before any production run, saving nothing', async () => {
		const manual = await run({}, { mode: 'manual' });
		expect(manual.items).toHaveLength(5);
		for (const item of manual.items) expect(item).toMatchObject({ event: 'userCreated', sample: true, previous: null });
		expect((manual.staticData['node:Watch'] as IDataObject | undefined)?.userDirectory).toBeUndefined();
	});

	it('runs once per execution, however many items come in', async () => {
		const start = node('Start', MANUAL_TRIGGER, {});
		const list = node(
			'List',
			USER_DIRECTORY,
			{ provider: 'keeper', resource: 'user', operation: 'getAll', returnAll: false, limit: 3 },
			{ credentials: credentialRefs('keeperScimApi') },
		);
		const watch = watchNode();
		const workflow: WorkflowJson = {
			nodes: [start, list, watch],
			connections: {
				Start: { main: [[{ node: 'List', type: 'main', index: 0 }]] },
				List: { main: [[{ node: 'Watch', type: 'main', index: 0 }]] },
			},
		};
		const { staticData } = await run({}, { workflow });
		const hire = directory.addUser({});
		sandbox.server.requests.length = 0;
		const next = await run(staticData, { workflow });
		expect(next.result.output('List')).toHaveLength(3);
		expect(summary(next.items)).toEqual([`userCreated ${hire.id}`]);
		// One listing for List, three pages for one Watch.
		expect(sandbox.server.requests).toHaveLength(1 + Math.ceil(directory.users.size / 10));
	});

	it('fails clearly on a part-way failure, keeps its state, and catches up on the next run', async () => {
		const { staticData } = await run({});
		const hire = directory.addUser({});
		sandbox.server.injectFault({
			queryIncludes: 'startIndex=11&',
			times: 5,
			response: { status: 503, headers: { 'Retry-After': '0' }, body: { detail: 'maintenance' } },
		});
		const failed = await run(staticData);
		const error = failed.result.error('Watch') as Error & { description?: string };
		expect(error.message).toMatch(/HTTP 503: maintenance \(gave up after 5 attempts\)$/);
		expect(error.description).toContain('The saved state was not changed');
		expect(failed.staticData).toEqual(staticData);

		sandbox.server.clearFaults();
		const next = await run(failed.staticData);
		expect(summary(next.items)).toEqual([`userCreated ${hire.id}`]);
	});

	it('returns the error as an item with Continue On Fail', async () => {
		const failed = await run({}, { parameters: { events: ['userRenamed'] }, continueOnFail: true });
		expect(failed.items).toEqual([
			{ error: 'Unknown event "userRenamed"', description: `Events are ${DIRECTORY_EVENTS.join(', ')}.` },
		]);
		expect(failed.staticData).toEqual({});
	});
});
