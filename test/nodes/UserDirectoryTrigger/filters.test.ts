import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { loadOptions, pollTrigger, runWorkflow } from '../../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../../dev/harness/workflows';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox } from '../../../dev/sandboxes/keeper';
import { wildcardMatch } from '../../../nodes/shared/detection/filters';
import { ActiveTrigger, activeUsers, summary, triggerNode } from './support';

/**
 * The trigger's Filters: which of the events a poll found reach the workflow. Whatever the
 * filters, the saved state remembers every user, so changing a filter never replays history.
 */

let sandbox: KeeperSandbox;
let directory: KeeperDirectory;

beforeEach(async () => {
	directory = KeeperDirectory.seeded({ users: 40, teams: 4, seed: 97 });
	sandbox = await startKeeperSandbox({ directory, maxPageSize: 9 });
});
afterEach(async () => await sandbox.close());

function trigger(parameters: INodeParameters): ActiveTrigger {
	return new ActiveTrigger(triggerNode(parameters), { keeperScimApi: sandbox.credentials });
}

/** The same workflow after its trigger's parameters were edited: what n8n saved carries over. */
function edited(previous: ActiveTrigger, parameters: INodeParameters): ActiveTrigger {
	const next = trigger(parameters);
	next.saved = previous.saved;
	return next;
}

const teamIds = () => [...directory.teams.keys()];
const inTeam = (teamId: string) => activeUsers(directory).filter((user) => user.teamIds.includes(teamId));
const outsideTeam = (teamId: string) => activeUsers(directory).filter((user) => !user.teamIds.includes(teamId));

describe('User Directory Trigger · filters', () => {
	it('reports only users in the chosen groups, including a user just moved out of one', async () => {
		const [finance, other] = teamIds();
		const active = trigger({ filters: { groups: [finance] } });
		await active.activate();
		const [member, leaver] = inTeam(finance);
		const [outsider] = outsideTeam(finance);
		directory.lock(member.id);
		directory.lock(outsider.id);
		directory.setTeams(leaver.id, [other]);
		expect(summary(await active.poll())).toEqual([`userSuspended ${member.id}`, `userUpdated ${leaver.id}`].sort());
	});

	it('reports only users whose email matches a domain, an address or a wildcard pattern', async () => {
		const [first, second, third, fourth] = activeUsers(directory);
		directory.changeEmail(first.id, 'ana@sales.acme.example');
		directory.changeEmail(second.id, 'ben@partner.example');
		directory.changeEmail(third.id, 'cy@acme.example');
		const active = trigger({ filters: { emailPatterns: 'acme.example, *@sales.acme.example, BEN@partner.example' } });
		await active.activate();
		for (const user of [first, second, third, fourth]) directory.lock(user.id);
		expect(summary(await active.poll())).toEqual(
			[`userSuspended ${first.id}`, `userSuspended ${second.id}`, `userSuspended ${third.id}`].sort(),
		);
	});

	it('reports a user whose email moved out of the pattern, matched by the email before the change', async () => {
		const [user] = activeUsers(directory);
		directory.changeEmail(user.id, 'dana@acme.example');
		const active = trigger({ filters: { emailPatterns: 'acme.example' }, options: { snapshotMode: 'full' } });
		await active.activate();
		directory.changeEmail(user.id, 'dana@elsewhere.example');
		const items = await active.poll();
		expect(summary(items)).toEqual([`userUpdated ${user.id}`]);
		expect(items[0]).toMatchObject({ previous: { email: 'dana@acme.example' }, user: { email: 'dana@elsewhere.example' } });
	});

	it('reports only users with the chosen statuses after the change', async () => {
		const [toLock, toRename] = activeUsers(directory);
		const active = trigger({ filters: { statuses: ['suspended', 'archived'] } });
		await active.activate();
		directory.lock(toLock.id);
		directory.rename(toRename.id, 'Ada', 'Lovelace');
		expect(summary(await active.poll())).toEqual([`userSuspended ${toLock.id}`]);
	});

	it('needs every filter given to match (groups and email together)', async () => {
		const [finance] = teamIds();
		const [matching, wrongEmail] = inTeam(finance);
		const [wrongGroup] = outsideTeam(finance);
		directory.changeEmail(matching.id, 'match@acme.example');
		directory.changeEmail(wrongGroup.id, 'nomatch@acme.example');
		const active = trigger({ filters: { groups: [finance], emailPatterns: 'acme.example' } });
		await active.activate();
		for (const user of [matching, wrongEmail, wrongGroup]) directory.lock(user.id);
		expect(summary(await active.poll())).toEqual([`userSuspended ${matching.id}`]);
	});

	it('in Compact mode lets a deletion through the email filter (its email is not remembered) and filters it by group exactly', async () => {
		const [finance] = teamIds();
		const [member] = inTeam(finance);
		const [outsider] = outsideTeam(finance);
		const compact = trigger({ filters: { groups: [finance], emailPatterns: 'nowhere.example' } });
		const full = new ActiveTrigger(
			triggerNode({ filters: { groups: [finance], emailPatterns: 'nowhere.example' }, options: { snapshotMode: 'full' } }, 'Full'),
			{ keeperScimApi: sandbox.credentials },
		);
		await compact.activate();
		await full.activate();
		directory.deleteUser(outsider.id);
		directory.deleteUser(member.id);
		const items = await compact.poll();
		expect(summary(items)).toEqual([`userDeleted ${member.id}`]);
		expect(items[0]).toMatchObject({ user: { id: member.id, email: null, groups: expect.arrayContaining([expect.objectContaining({ id: finance })]) } });
		// Full mode remembers the email too, so the deletion is filtered exactly.
		expect(await full.poll()).toEqual([]);
	});

	it('never replays history when a filter is widened, and never reports a user leaving a filter as deleted', async () => {
		const [finance, engineering] = teamIds();
		const first = trigger({ filters: { groups: [finance] } });
		await first.activate();
		const [engineer, secondEngineer] = inTeam(engineering).filter((user) => !user.teamIds.includes(finance));
		const [financeMember] = inTeam(finance);
		directory.lock(engineer.id);
		// Outside the filter: nothing to report, yet remembered.
		expect(await first.poll()).toEqual([]);
		first.deactivate();

		// Meanwhile a finance member leaves: both the old and the new filters cover it.
		directory.lock(financeMember.id);
		const widened = edited(first, { filters: { groups: [finance, engineering] } });
		const afterEdit = [...(await widened.activate()), ...(await widened.poll())];
		expect(summary(afterEdit)).toEqual([`userSuspended ${financeMember.id}`]);
		directory.lock(secondEngineer.id);
		expect(summary(await widened.poll())).toEqual([`userSuspended ${secondEngineer.id}`]);
		widened.deactivate();

		// Narrowed again: a finance member is out of the filter, and is not "deleted" for it.
		const narrowed = edited(widened, { filters: { groups: [engineering] } });
		await narrowed.activate();
		const [otherFinanceMember] = inTeam(finance).filter((user) => !user.teamIds.includes(engineering));
		directory.lock(otherFinanceMember.id);
		expect(await narrowed.poll()).toEqual([]);
		// And removing every filter does not bring back what was filtered out.
		narrowed.deactivate();
		const unfiltered = edited(narrowed, {});
		expect(await unfiltered.activate()).toEqual([]);
		expect(await unfiltered.poll()).toEqual([]);
	});

	it('shows a sample that fits the filters in the editor, and says so when none does', async () => {
		const [finance] = teamIds();
		const members = new Set(directory.list().filter((user) => user.teamIds.includes(finance)).map((user) => user.id));
		const sample = await trigger({ events: ['userCreated'], filters: { groups: [finance] } }).fetchTestEvent();
		expect(sample.length).toBeGreaterThan(0);
		for (const item of sample) expect(members.has((item.user as IDataObject).id as string)).toBe(true);

		await expect(trigger({ filters: { emailPatterns: 'nowhere.example' } }).fetchTestEvent()).rejects.toThrow(
			'No user fits the selected events and filters for a sample',
		);
	});

	it.each([
		[{ statuses: ['gone'] }, 'Statuses has an unknown status "gone"'],
		[{ emailPatterns: 'a b.example' }, 'Email Matches has an invalid entry "a b.example"'],
		[{ emailPatterns: 'a@b@c.example' }, 'Email Matches has an invalid entry "a@b@c.example"'],
		[{ groups: 7 }, 'Groups must be a list'],
	])('refuses an unusable filter %j with a clear error', async (filters, message) => {
		const failing = pollTrigger(triggerNode({ filters } as INodeParameters), {
			credentials: { keeperScimApi: sandbox.credentials },
			staticData: {},
		});
		await expect(failing).rejects.toThrow(message);
		expect(sandbox.server.requests).toHaveLength(0);
	});

	it('lists the directory\'s groups by name for the group filter, as the editor loads them', async () => {
		const options = await loadOptions(triggerNode({}), 'getFilterGroups', { credentials: { keeperScimApi: sandbox.credentials } });
		const teams = [...directory.teams.values()];
		expect(options.map((option) => option.value).sort()).toEqual(teams.map((team) => team.id).sort());
		expect(options.map((option) => option.name)).toEqual(teams.map((team) => team.displayName).sort((a, b) => a.localeCompare(b)));
	});

	it('filters the Watch operation the same way', async () => {
		const [finance] = teamIds();
		const watch = node(
			'Watch',
			USER_DIRECTORY,
			{ provider: 'keeper', resource: 'user', operation: 'watch', events: ['userSuspended'], filters: { groups: [finance] } },
			{ credentials: credentialRefs('keeperScimApi') },
		);
		let staticData: IDataObject = {};
		const run = async () => {
			const result = await runWorkflow(singleNodeWorkflow(watch), {
				credentials: { keeperScimApi: sandbox.credentials },
				staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject,
				mode: 'trigger',
			});
			staticData = result.staticData;
			return result.output('Watch');
		};
		expect(await run()).toEqual([]);
		const [member] = inTeam(finance);
		const [outsider] = outsideTeam(finance);
		directory.lock(member.id);
		directory.lock(outsider.id);
		expect(summary(await run())).toEqual([`userSuspended ${member.id}`]);
	});
});

describe('email wildcard matching', () => {
	it.each([
		['ana@acme.example', '*@acme.example', true],
		['ana@sales.acme.example', '*@acme.example', false],
		['ana@sales.acme.example', '*@*.acme.example', true],
		['ana@acme.example', 'an?@acme.example', true],
		['ana@acme.example', 'a*a*@*', true],
		['ana@acme.example', 'ana@acme.exampl', false],
	])('%s against %s: %s', (text, pattern, expected) => {
		expect(wildcardMatch(text, pattern)).toBe(expected);
	});

	it('stays fast on patterns built to backtrack', () => {
		const text = `${'a'.repeat(250)}@b`;
		const pattern = `${'*a'.repeat(50)}*c`;
		const started = performance.now();
		expect(wildcardMatch(text, pattern)).toBe(false);
		expect(performance.now() - started).toBeLessThan(50);
	});
});
