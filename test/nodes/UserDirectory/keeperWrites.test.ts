import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { packageUnderTest, runWorkflow, type WorkflowJson, type WorkflowRun } from '../../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../../dev/harness/workflows';
import { emailLocalPart, FIRST_NAMES, LAST_NAMES, pick, seededRandom } from '../../../dev/sandboxes/random';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox, type KeeperUser } from '../../../dev/sandboxes/keeper';
import { ActiveTrigger, summary, triggerNode } from '../UserDirectoryTrigger/support';

let sandbox: KeeperSandbox;
const random = seededRandom(606);
let hireCount = 0;

beforeAll(async () => {
	sandbox = await startKeeperSandbox({ directory: KeeperDirectory.seeded({ users: 30, teams: 5, seed: 23 }) });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.server.requests.length = 0;
	sandbox.server.clearFaults();
	Object.assign(sandbox.writeSettings, {
		seatLimit: Number.POSITIVE_INFINITY,
		responses: 'full',
		ignoreGroupsOnCreate: false,
		strictScim: false,
	});
});

/** A person not yet in the directory, with a unique address. */
function newHire(): { email: string; firstName: string; lastName: string } {
	const firstName = pick(random, FIRST_NAMES);
	const lastName = pick(random, LAST_NAMES);
	hireCount++;
	return { firstName, lastName, email: `${emailLocalPart(firstName, lastName)}.${hireCount}@new-hires.example` };
}

/** A fresh user in the sandbox for one test, so tests do not depend on each other's writes. */
function subject(fields: Partial<KeeperUser> = {}): KeeperUser {
	const { email, firstName, lastName } = newHire();
	return sandbox.directory.addUser({ email, givenName: firstName, familyName: lastName, ...fields });
}

function keeperNode(name: string, parameters: INodeParameters, continueOnFail = false): INode {
	return node(
		name,
		USER_DIRECTORY,
		{ provider: 'keeper', ...parameters },
		{ credentials: credentialRefs('keeperScimApi'), continueOnFail },
	);
}

async function runJson(workflow: WorkflowJson): Promise<WorkflowRun> {
	return await runWorkflow(workflow, { credentials: { keeperScimApi: sandbox.credentials } });
}

async function run(parameters: INodeParameters, options: { continueOnFail?: boolean } = {}): Promise<WorkflowRun> {
	return await runJson(singleNodeWorkflow(keeperNode('Directory', parameters, options.continueOnFail)));
}

/** The single output item of a run that must have succeeded. */
async function runOne(parameters: INodeParameters): Promise<IDataObject> {
	const result = await run(parameters);
	expect(result.error('Directory')).toBeUndefined();
	const output = result.output('Directory');
	expect(output).toHaveLength(1);
	return output[0];
}

/** The user as a following Get sees it. */
async function readBack(userId: string): Promise<IDataObject> {
	return await runOne({ resource: 'user', operation: 'get', userId });
}

function failure(result: WorkflowRun): { message: string; description: string } {
	const error = result.error('Directory') as (Error & { description?: string }) | undefined;
	expect(error).toBeDefined();
	return { message: error?.message ?? '', description: error?.description ?? '' };
}

function writesSent() {
	return sandbox.server.requests.filter((request) => request.method !== 'GET');
}

function teams() {
	return [...sandbox.directory.teams.values()];
}

describe('Keeper writes · create user', () => {
	it('creates a user with names, external ID and teams, and a following read sees them', async () => {
		const hire = newHire();
		const [first, second] = teams();
		const created = await runOne({
			resource: 'user',
			operation: 'create',
			...hire,
			additionalFields: { externalId: `hr-${hireCount}`, teamIds: `${first.id}, ${second.id}` },
		});
		expect(created).toMatchObject({
			provider: 'keeper',
			email: hire.email,
			username: hire.email,
			firstName: hire.firstName,
			lastName: hire.lastName,
			displayName: `${hire.firstName} ${hire.lastName}`,
			status: 'active',
			externalId: `hr-${hireCount}`,
			groups: [
				{ id: first.id, name: first.displayName },
				{ id: second.id, name: second.displayName },
			],
		});
		expect(writesSent().map((request) => request.method)).toEqual(['POST']);

		expect(await readBack(String(created.id))).toEqual(created);
		const found = await run({ resource: 'user', operation: 'getAll', returnAll: true, filters: { email: hire.email } });
		expect(found.output('Directory').map((user) => user.id)).toEqual([created.id]);
	});

	it('adds the teams afterwards when Keeper ignores them on create, and re-reads a bare response', async () => {
		Object.assign(sandbox.writeSettings, { ignoreGroupsOnCreate: true, responses: 'id' });
		const team = teams()[2];
		const hire = newHire();
		const created = await runOne({ resource: 'user', operation: 'create', ...hire, additionalFields: { teamIds: team.id } });
		expect(created).toMatchObject({ email: hire.email, firstName: hire.firstName, groups: [{ id: team.id, name: team.displayName }] });
		expect(writesSent().map((request) => request.method)).toEqual(['POST', 'PATCH']);
		expect(sandbox.directory.user(String(created.id)).teamIds).toEqual([team.id]);
	});

	it('finds the new user by user name when Keeper answers the create without a body', async () => {
		sandbox.writeSettings.responses = 'none';
		const hire = newHire();
		const created = await runOne({ resource: 'user', operation: 'create', ...hire });
		expect(created).toMatchObject({ email: hire.email, firstName: hire.firstName, lastName: hire.lastName });
		expect(sandbox.directory.findByUserName(hire.email)?.id).toBe(created.id);
	});

	it('explains a taken email (409) and creates nothing', async () => {
		const existing = subject();
		const before = sandbox.directory.users.size;
		const { message, description } = failure(
			await run({ resource: 'user', operation: 'create', email: existing.email.toUpperCase(), firstName: 'Dup' }),
		);
		expect(message).toBe('Keeper refused to create the user: the email address is already taken (409): Email already taken');
		expect(description).toMatch(/Get Many \(Email filter\)/);
		expect(sandbox.directory.users.size).toBe(before);
	});

	it('explains exhausted license seats (428) and creates nothing', async () => {
		sandbox.writeSettings.seatLimit = sandbox.directory.users.size;
		const before = sandbox.directory.users.size;
		const { message, description } = failure(await run({ resource: 'user', operation: 'create', ...newHire() }));
		expect(message).toBe(
			'Keeper refused to create the user: all licensed seats are in use (428): Number of licensed seats was exceeded',
		);
		expect(description).toMatch(/Admin → Subscription/);
		expect(sandbox.directory.users.size).toBe(before);
	});

	it('checks every team before creating, so an unknown Team UID creates nothing', async () => {
		const before = sandbox.directory.users.size;
		const { message } = failure(
			await run({
				resource: 'user',
				operation: 'create',
				...newHire(),
				additionalFields: { teamIds: `${teams()[0].id},NoSuchTeamUid000000000` },
			}),
		);
		expect(message).toBe('No Keeper team with ID "NoSuchTeamUid000000000"');
		expect(writesSent()).toEqual([]);
		expect(sandbox.directory.users.size).toBe(before);
	});

	it('refuses an empty or malformed email before calling Keeper', async () => {
		expect(failure(await run({ resource: 'user', operation: 'create', email: '  ' })).message).toBe('The email is empty');
		expect(failure(await run({ resource: 'user', operation: 'create', email: 'jane.doe' })).message).toBe(
			'"jane.doe" is not an email address',
		);
		expect(sandbox.server.requests).toEqual([]);
	});

	it('does not repeat a create that failed with a server error, and says how to check', async () => {
		sandbox.server.injectFault({ pathIncludes: '/Users', times: 1, response: { status: 500, body: { detail: 'internal error' } } });
		const { message, description } = failure(await run({ resource: 'user', operation: 'create', ...newHire() }));
		expect(message).toBe('Keeper answered POST /Users with HTTP 500: internal error');
		expect(description).toMatch(/not repeated.*Get Many/);
		expect(sandbox.server.requests.map((request) => request.method)).toEqual(['POST']);
	});

	it('does not repeat a create whose connection dropped', async () => {
		sandbox.server.injectFault({ pathIncludes: '/Users', times: 1, dropConnection: true });
		// n8n replaces a message naming ECONNRESET with its own wording; the hint is ours.
		const { description } = failure(await run({ resource: 'user', operation: 'create', ...newHire() }));
		expect(description).toMatch(/not repeated.*Get Many/);
		expect(sandbox.server.requests.map((request) => request.method)).toEqual(['POST']);
	});

	it('still retries a create that was rate limited (429), which Keeper did not apply', async () => {
		sandbox.server.injectFault({ pathIncludes: '/Users', times: 1, response: { status: 429, headers: { 'Retry-After': '0' } } });
		const hire = newHire();
		const created = await runOne({ resource: 'user', operation: 'create', ...hire });
		expect(created.email).toBe(hire.email);
		expect(writesSent().map((request) => request.method)).toEqual(['POST', 'POST']);
	});
});

describe('Keeper writes · update user', () => {
	it('changes only the fields given', async () => {
		const user = subject({ externalId: 'hr-keep' });
		const before = await readBack(user.id);
		const updated = await runOne({ resource: 'user', operation: 'update', userId: user.id, updateFields: { firstName: 'Renamed' } });
		expect(updated).toEqual({ ...before, firstName: 'Renamed' });
		expect(await readBack(user.id)).toEqual(updated);
		expect(writesSent().map((request) => request.method)).toEqual(['PATCH']);
	});

	it('changes the email and with it the user name; empty fields are left alone', async () => {
		const user = subject();
		const { email } = newHire();
		const updated = await runOne({
			resource: 'user',
			operation: 'update',
			userId: user.id,
			updateFields: { email, lastName: '', externalId: 'hr-42' },
		});
		expect(updated).toMatchObject({ email, username: email, lastName: user.familyName, externalId: 'hr-42' });
		const found = await run({ resource: 'user', operation: 'getAll', returnAll: true, filters: { email } });
		expect(found.output('Directory').map((entry) => entry.id)).toEqual([user.id]);
	});

	it('re-reads the user when Keeper answers the PATCH without a body', async () => {
		sandbox.writeSettings.responses = 'none';
		const user = subject();
		const updated = await runOne({ resource: 'user', operation: 'update', userId: user.id, updateFields: { displayName: 'The Boss' } });
		expect(updated).toMatchObject({ id: user.id, displayName: 'The Boss', email: user.email });
	});

	it('explains an email already taken by someone else (409)', async () => {
		const [user, other] = [subject(), subject()];
		const { message } = failure(
			await run({ resource: 'user', operation: 'update', userId: user.id, updateFields: { email: other.email } }),
		);
		expect(message).toBe('Keeper refused to change the user: the email address is already taken (409): Email already taken');
		expect(sandbox.directory.user(user.id).email).not.toBe(other.email);
	});

	it('asks for at least one field', async () => {
		const user = subject();
		const { message } = failure(
			await run({ resource: 'user', operation: 'update', userId: user.id, updateFields: { firstName: '  ' } }),
		);
		expect(message).toBe('Nothing to update');
		expect(sandbox.server.requests).toEqual([]);
	});
});

describe('Keeper writes · suspend and unsuspend', () => {
	it('locks a user, and locking again changes nothing and says so', async () => {
		const user = subject();
		const suspended = await runOne({ resource: 'user', operation: 'suspend', userId: user.id });
		expect(suspended).toMatchObject({ id: user.id, status: 'suspended', changed: true, alreadySuspended: false });
		expect((await readBack(user.id)).status).toBe('suspended');

		sandbox.server.requests.length = 0;
		const again = await runOne({ resource: 'user', operation: 'suspend', userId: user.id });
		expect(again).toMatchObject({ id: user.id, status: 'suspended', changed: false, alreadySuspended: true });
		expect(writesSent()).toEqual([]);
	});

	it('unlocks a locked user, and unlocking an active user changes nothing', async () => {
		const user = subject({ active: false });
		const unlocked = await runOne({ resource: 'user', operation: 'unsuspend', userId: user.id });
		expect(unlocked).toMatchObject({ status: 'active', changed: true, alreadyActive: false });
		expect(sandbox.directory.user(user.id).active).toBe(true);

		sandbox.server.requests.length = 0;
		const again = await runOne({ resource: 'user', operation: 'unsuspend', userId: user.id });
		expect(again).toMatchObject({ status: 'active', changed: false, alreadyActive: true });
		expect(writesSent()).toEqual([]);
	});

	it('leaves every other field as it was', async () => {
		const user = subject({ externalId: 'hr-lock', teamIds: [teams()[1].id] });
		const before = await readBack(user.id);
		const suspended = await runOne({ resource: 'user', operation: 'suspend', userId: user.id });
		expect(suspended).toEqual({ ...before, status: 'suspended', changed: true, alreadySuspended: false });
	});
});

describe('Keeper writes · team membership', () => {
	it('adds a user to a team and removes them, each idempotent', async () => {
		const user = subject();
		const team = teams()[3];
		const params = { userId: user.id, groupId: team.id };

		const added = await runOne({ resource: 'user', operation: 'addToGroup', ...params });
		expect(added).toMatchObject({ groups: [{ id: team.id, name: team.displayName }], changed: true, alreadyMember: false });
		expect((await readBack(user.id)).groups).toEqual([{ id: team.id, name: team.displayName }]);
		const members = await runOne({ resource: 'group', operation: 'get', groupId: team.id, includeMembers: true });
		expect(members.members).toContainEqual({ id: user.id, display: user.userName });

		sandbox.server.requests.length = 0;
		expect(await runOne({ resource: 'user', operation: 'addToGroup', ...params })).toMatchObject({
			changed: false,
			alreadyMember: true,
		});
		expect(writesSent()).toEqual([]);

		const removed = await runOne({ resource: 'user', operation: 'removeFromGroup', ...params });
		expect(removed).toMatchObject({ groups: [], changed: true, wasMember: true });
		expect(sandbox.directory.user(user.id).teamIds).toEqual([]);

		sandbox.server.requests.length = 0;
		expect(await runOne({ resource: 'user', operation: 'removeFromGroup', ...params })).toMatchObject({
			changed: false,
			wasMember: false,
		});
		expect(writesSent()).toEqual([]);
	});

	it('keeps the other teams of the user', async () => {
		const [kept, added] = [teams()[0], teams()[4]];
		const user = subject({ teamIds: [kept.id] });
		const result = await runOne({ resource: 'user', operation: 'addToGroup', userId: user.id, groupId: added.id });
		expect((result.groups as IDataObject[]).map((group) => group.id)).toEqual([kept.id, added.id]);
	});

	it('tells an unknown team from an unknown user', async () => {
		const user = subject();
		expect(
			failure(await run({ resource: 'user', operation: 'addToGroup', userId: user.id, groupId: 'NoSuchTeamUid000000000' })).message,
		).toBe('No Keeper team with ID "NoSuchTeamUid000000000"');
		expect(
			failure(await run({ resource: 'user', operation: 'removeFromGroup', userId: '999999999999999', groupId: teams()[0].id }))
				.message,
		).toBe('No Keeper user with ID "999999999999999"');
		expect(writesSent()).toEqual([]);
	});
});

describe('Keeper writes · delete user', () => {
	it('deletes a user, returns who it was, and a following read no longer finds them', async () => {
		const user = subject();
		const before = await readBack(user.id);
		const deleted = await runOne({ resource: 'user', operation: 'delete', userId: user.id });
		expect(deleted).toEqual({ ...before, deleted: true });
		expect(sandbox.directory.users.has(user.id)).toBe(false);
		expect(failure(await run({ resource: 'user', operation: 'get', userId: user.id })).message).toBe(
			`No Keeper user with ID "${user.id}"`,
		);
		const again = failure(await run({ resource: 'user', operation: 'delete', userId: user.id }));
		expect(again.message).toBe(`No Keeper user with ID "${user.id}"`);
		expect(again.description).toMatch(/Get Many/);
	});

	it('warns in its description that it cannot be undone and points at Suspend', async () => {
		const description = packageUnderTest().nodeTypes[USER_DIRECTORY].description;
		const selectors = description.properties.filter(
			(property) => property.name === 'operation' && property.displayOptions?.show?.provider?.includes('keeper'),
		);
		const deletes = selectors.flatMap((selector) =>
			(selector.options as Array<{ value: string; description?: string }>).filter((option) => option.value === 'delete'),
		);
		expect(deletes).toHaveLength(2);
		for (const option of deletes) expect(option.description).toMatch(/Permanently.*cannot be undone/s);
		expect(deletes[0].description).toMatch(/use Suspend instead/);
	});
});

describe('Keeper writes · unknown IDs', () => {
	it.each([
		['user', 'update', { userId: '999999999999998', updateFields: { firstName: 'X' } }, 'No Keeper user with ID "999999999999998"'],
		['user', 'suspend', { userId: '999999999999998' }, 'No Keeper user with ID "999999999999998"'],
		['user', 'unsuspend', { userId: '999999999999998' }, 'No Keeper user with ID "999999999999998"'],
		['group', 'update', { groupId: 'NoSuchTeamUid000000001', updateFields: { name: 'X' } }, 'No Keeper team with ID "NoSuchTeamUid000000001"'],
		['group', 'delete', { groupId: 'NoSuchTeamUid000000001' }, 'No Keeper team with ID "NoSuchTeamUid000000001"'],
	])('%s %s answers a clear 404', async (resource, operation, parameters, expected) => {
		const { message, description } = failure(await run({ resource, operation, ...parameters }));
		expect(message).toBe(expected);
		expect(description).toMatch(/unknown on this SCIM node/);
	});
});

describe('Keeper writes · groups (teams)', () => {
	it('creates a team that a following read finds', async () => {
		const name = `${pick(random, ['Platform', 'Payroll', 'Field Ops'])} ${hireCount++}`;
		const created = await runOne({ resource: 'group', operation: 'create', name, additionalFields: { externalId: 'idp-7' } });
		expect(created).toEqual({ id: expect.any(String), provider: 'keeper', name, externalId: 'idp-7', memberCount: null });
		const found = await run({ resource: 'group', operation: 'getAll', returnAll: true, filters: { name } });
		expect(found.output('Directory').map((group) => group.id)).toEqual([created.id]);
	});

	it('renames a team and keeps its external ID and members', async () => {
		const team = sandbox.directory.addTeam(`Rename me ${hireCount++}`, 'idp-keep');
		const member = subject({ teamIds: [team.id] });
		const renamed = await runOne({ resource: 'group', operation: 'update', groupId: team.id, updateFields: { name: 'Renamed team' } });
		expect(renamed).toEqual({ id: team.id, provider: 'keeper', name: 'Renamed team', externalId: 'idp-keep', memberCount: null });
		expect((await readBack(member.id)).groups).toEqual([{ id: team.id, name: 'Renamed team' }]);
	});

	it('re-reads a team when Keeper answers with its ID only, or without a body', async () => {
		sandbox.writeSettings.responses = 'id';
		const name = `Bare ${hireCount++}`;
		const created = await runOne({ resource: 'group', operation: 'create', name });
		expect(created).toMatchObject({ name, externalId: null });
		sandbox.writeSettings.responses = 'none';
		const updated = await runOne({
			resource: 'group',
			operation: 'update',
			groupId: String(created.id),
			updateFields: { externalId: 'idp-9' },
		});
		expect(updated).toMatchObject({ id: created.id, name, externalId: 'idp-9' });
	});

	it('says so when Keeper creates a team without telling its ID', async () => {
		sandbox.writeSettings.responses = 'none';
		const name = `Silent ${hireCount++}`;
		const { message, description } = failure(await run({ resource: 'group', operation: 'create', name }));
		expect(message).toBe(`Keeper accepted the new team ${name} but did not return its ID`);
		expect(description).toMatch(/Get Many \(Name filter\) before creating it again/);
	});

	it('deletes a team; its members stay, without it', async () => {
		const team = sandbox.directory.addTeam(`Doomed ${hireCount++}`);
		const member = subject({ teamIds: [team.id, teams()[0].id] });
		const deleted = await runOne({ resource: 'group', operation: 'delete', groupId: team.id });
		expect(deleted).toMatchObject({ id: team.id, name: team.displayName, deleted: true });
		expect(failure(await run({ resource: 'group', operation: 'get', groupId: team.id })).message).toBe(
			`No Keeper team with ID "${team.id}"`,
		);
		expect((await readBack(member.id)).groups).toEqual([{ id: teams()[0].id, name: teams()[0].displayName }]);
	});
});

describe('Keeper writes · several items', () => {
	/**
	 * Start → Get Many (the first three users) → Create one account per item, mapping the item's
	 * fields with expressions: `<prefix>.<their email>`, their names, their ID as external ID.
	 */
	function copyUsersWorkflow(prefix: string, continueOnFail: boolean): WorkflowJson {
		const start = node('Start', 'n8n-nodes-base.manualTrigger', {});
		const source = keeperNode('People', { resource: 'user', operation: 'getAll', returnAll: false, limit: 3 });
		const create = keeperNode(
			'Create',
			{
				resource: 'user',
				operation: 'create',
				email: `={{ '${prefix}.' + $json.email }}`,
				firstName: '={{ $json.firstName }}',
				lastName: '={{ $json.lastName }}',
				additionalFields: { externalId: "={{ 'copy-of-' + $json.id }}" },
			},
			continueOnFail,
		);
		return {
			nodes: [start, source, create],
			connections: {
				Start: { main: [[{ node: source.name, type: 'main', index: 0 }]] },
				[source.name]: { main: [[{ node: create.name, type: 'main', index: 0 }]] },
			},
		};
	}

	const firstThree = () => sandbox.directory.list().slice(0, 3);

	it('creates one user per input item and reports a failed item in its place, paired to it', async () => {
		const people = firstThree();
		sandbox.directory.addUser({ email: `contractor.${people[1].email}`, givenName: 'Taken', familyName: 'Already' });
		const result = await runJson(copyUsersWorkflow('contractor', true));
		expect(result.error('Create')).toBeUndefined();
		const items = result.items('Create');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		for (const index of [0, 2]) {
			const person = people[index];
			expect(items[index].json).toMatchObject({
				email: `contractor.${person.email}`,
				firstName: person.givenName,
				lastName: person.familyName,
				externalId: `copy-of-${person.id}`,
				status: 'active',
			});
			expect(sandbox.directory.findByUserName(`contractor.${person.email}`)?.id).toBe(items[index].json.id);
		}
		expect(items[1].json).toEqual({
			error: 'Keeper refused to create the user: the email address is already taken (409): Email already taken',
			description: expect.stringMatching(/Get Many/),
		});
	});

	it('stops at the first item Keeper refuses when not continuing on fail; earlier items stay created', async () => {
		const people = firstThree();
		sandbox.writeSettings.seatLimit = sandbox.directory.users.size + 1;
		const result = await runJson(copyUsersWorkflow('intern', false));
		const error = result.error('Create') as (Error & { context?: IDataObject }) | undefined;
		expect(error?.message).toMatch(/all licensed seats are in use \(428\)/);
		expect(error?.context?.itemIndex).toBe(1);
		expect(sandbox.directory.findByUserName(`intern.${people[0].email}`)).toBeDefined();
		expect(sandbox.directory.findByUserName(`intern.${people[1].email}`)).toBeUndefined();
	});

	it('suspends several users in one run, each reported with its own outcome', async () => {
		const people = firstThree();
		people[1].active = false;
		const start = node('Start', 'n8n-nodes-base.manualTrigger', {});
		const source = keeperNode('Leavers', { resource: 'user', operation: 'getAll', returnAll: false, limit: 3 });
		const suspend = keeperNode('Suspend', { resource: 'user', operation: 'suspend', userId: '={{ $json.id }}' });
		const result = await runJson({
			nodes: [start, source, suspend],
			connections: {
				Start: { main: [[{ node: source.name, type: 'main', index: 0 }]] },
				[source.name]: { main: [[{ node: suspend.name, type: 'main', index: 0 }]] },
			},
		});
		expect(result.error('Suspend')).toBeUndefined();
		expect(result.output('Suspend').map((item) => [item.id, item.changed, item.alreadySuspended])).toEqual([
			[people[0].id, true, false],
			[people[1].id, false, true],
			[people[2].id, true, false],
		]);
		for (const person of people) expect(sandbox.directory.user(person.id).active).toBe(false);
	});
});

describe('Keeper writes · the trigger sees them', () => {
	it('reports each write of the node as its event on the next poll', async () => {
		const [leaver, mover, renamed, removed] = [subject(), subject(), subject(), subject()];
		const originalLastName = renamed.familyName;
		// Full snapshots make `changes` and `previous` exact (compact ones may leave a field out).
		const trigger = new ActiveTrigger(triggerNode({ options: { snapshotMode: 'full' } }), {
			keeperScimApi: sandbox.credentials,
		});
		expect(await trigger.activate()).toEqual([]);

		const hire = newHire();
		const created = await runOne({ resource: 'user', operation: 'create', ...hire });
		await runOne({ resource: 'user', operation: 'suspend', userId: leaver.id });
		await runOne({ resource: 'user', operation: 'addToGroup', userId: mover.id, groupId: teams()[1].id });
		await runOne({ resource: 'user', operation: 'update', userId: renamed.id, updateFields: { lastName: 'Married-Name' } });
		await runOne({ resource: 'user', operation: 'delete', userId: removed.id });

		const events = await trigger.poll();
		expect(summary(events)).toEqual(
			[
				`userCreated ${String(created.id)}`,
				`userSuspended ${leaver.id}`,
				`userUpdated ${mover.id}`,
				`userUpdated ${renamed.id}`,
				`userDeleted ${removed.id}`,
			].sort(),
		);
		const byUser = new Map(events.map((event) => [String((event.user as IDataObject).id), event]));
		expect(byUser.get(renamed.id)).toMatchObject({
			changes: ['lastName'],
			previous: { lastName: originalLastName },
			user: { lastName: 'Married-Name' },
		});
		expect(byUser.get(mover.id)?.changes).toEqual(['groups']);
		expect(await trigger.poll()).toEqual([]);
	});
});

describe('Keeper writes · the trigger sees team writes', () => {
	it('reports the node\'s membership and team writes as membership and group events on the next poll', async () => {
		const [joiner, leaver] = [subject(), subject()];
		const [first, second, third] = teams();
		sandbox.directory.setTeams(joiner.id, [first.id]);
		sandbox.directory.setTeams(leaver.id, [first.id, second.id]);
		const members = (teamId: string) => sandbox.directory.membersOf(teamId).map((user) => user.id).sort();
		const thirdMembers = members(third.id);
		const trigger = new ActiveTrigger(
			triggerNode({ events: ['userAddedToGroup', 'userRemovedFromGroup', 'groupCreated', 'groupUpdated', 'groupDeleted'] }),
			{ keeperScimApi: sandbox.credentials },
		);
		expect(await trigger.activate()).toEqual([]);

		await runOne({ resource: 'user', operation: 'addToGroup', userId: joiner.id, groupId: second.id });
		await runOne({ resource: 'user', operation: 'removeFromGroup', userId: leaver.id, groupId: second.id });
		const created = await runOne({ resource: 'group', operation: 'create', name: `Auditors ${hireCount++}` });
		await runOne({ resource: 'group', operation: 'update', groupId: first.id, updateFields: { name: 'Renamed by the node' } });
		await runOne({ resource: 'group', operation: 'delete', groupId: third.id });

		const events = await trigger.poll();
		const described = events.map((event) =>
			[event.event, (event.user as IDataObject | undefined)?.id, (event.group as IDataObject).id, (event.group as IDataObject).name].filter(Boolean).join(' '),
		);
		expect(described).toEqual([
			`userAddedToGroup ${joiner.id} ${second.id} ${second.displayName}`,
			...[leaver.id, ...thirdMembers]
				.map((id) => (id === leaver.id ? `userRemovedFromGroup ${id} ${second.id} ${second.displayName}` : `userRemovedFromGroup ${id} ${third.id} ${third.displayName}`))
				.sort(),
			`groupCreated ${String(created.id)} ${String(created.name)}`,
			`groupUpdated ${first.id} Renamed by the node`,
			`groupDeleted ${third.id} ${third.displayName}`,
		]);
		expect(await trigger.poll()).toEqual([]);
	});
});

describe('Keeper writes · secrets', () => {
	it('never puts the API token into an error or an output, even when Keeper echoes it', async () => {
		const token = sandbox.apiToken;
		const user = subject();
		sandbox.writeSettings.seatLimit = 0;
		const runs = [
			await run({ resource: 'user', operation: 'create', ...newHire() }),
			await run({ resource: 'user', operation: 'create', email: user.email }),
			await run({ resource: 'user', operation: 'delete', userId: '1' }, { continueOnFail: true }),
		];
		sandbox.server.injectFault({
			pathIncludes: '/Groups',
			times: 1,
			response: { status: 409, body: { detail: `conflict for Bearer ${token}` } },
		});
		runs.push(await run({ resource: 'group', operation: 'create', name: 'Echo' }));
		for (const result of runs) {
			const error = result.error('Directory') as (Error & { description?: string }) | undefined;
			const serialised = JSON.stringify({
				message: error?.message,
				description: error?.description,
				stack: error?.stack,
				output: result.output('Directory'),
				run: result.run.data.resultData,
			});
			expect(serialised).not.toContain(token);
		}
		expect((runs[3].error('Directory') as Error).message).toBe('Keeper reports a conflict for this team (409): conflict for Bearer [redacted]');
	});
});
