import type { IDataObject, INode } from 'n8n-workflow';

import { packageUnderTest, runWorkflow } from '../../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY, USER_DIRECTORY_TRIGGER } from '../../../dev/harness/workflows';
import type { Fault } from '../../../dev/sandboxes/http';
import { customerRecord, KonnektiveCrm, startKonnektiveSandbox, type KonnektiveSandbox } from '../../../dev/sandboxes/konnektive';
import { integerBetween, pick, seededRandom } from '../../../dev/sandboxes/random';
import { ActiveTrigger, ITEM_KEYS, runRandomizedPolls, summary } from './support';

const BOTH = ['userCreated', 'userUpdated'];
const STATE_KEPT = 'The saved state was not changed';

let sandbox: KonnektiveSandbox;
let crm: KonnektiveCrm;

function konnektiveTrigger(events: string[] = BOTH): INode {
	return node('Konnektive Trigger', USER_DIRECTORY_TRIGGER, { provider: 'konnektive', events }, { credentials: credentialRefs('konnektiveApi') });
}

function trigger(events: string[] = BOTH): ActiveTrigger {
	return new ActiveTrigger(konnektiveTrigger(events), { konnektiveApi: sandbox.credentials });
}

/** The trigger reads `new Date()`: the fake Konnektive clock and the system clock move together. */
function advance(by: Parameters<KonnektiveCrm['advance']>[0]): void {
	jest.setSystemTime(crm.advance(by));
}

function setClock(instant: Date): void {
	crm.clock = instant;
	jest.setSystemTime(instant);
}

async function failure(poll: Promise<unknown>): Promise<Error & { description?: string }> {
	return await poll.then(
		() => {
			throw new Error('expected the poll to fail');
		},
		(error: Error) => error,
	);
}

beforeEach(async () => {
	// Only Date is faked: sockets, retries and backoff keep real timers.
	jest.useFakeTimers({
		doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
	});
	crm = KonnektiveCrm.seeded({ customers: 120, seed: 9, spreadDays: 4, timeZone: 'America/New_York' });
	jest.setSystemTime(crm.clock);
	sandbox = await startKonnektiveSandbox({ crm });
});
afterEach(async () => {
	await sandbox.close();
	jest.useRealTimers();
});

describe('User Directory Trigger · Konnektive', () => {
	it('offers only the events Konnektive can report', () => {
		const events = packageUnderTest().nodeTypes[USER_DIRECTORY_TRIGGER].description.properties.find(
			(property) => property.name === 'events' && property.displayOptions?.show?.provider?.includes('konnektive'),
		);
		expect(events?.options?.map((option) => (option as { value: string }).value)).toEqual(BOTH);
	});

	it('records a baseline on activation, then reports new and edited customers once each', async () => {
		const active = trigger();
		expect(await active.activate()).toEqual([]);
		advance({ minutes: 5 });
		const hire = crm.addCustomer({ firstName: 'Nadia', lastName: 'Haddad' });
		advance({ minutes: 1 });
		const known = crm.list()[crm.list().length - 10];
		crm.updateCustomer(known.customerId, { emailAddress: 'moved@example.net' });
		advance({ minutes: 1 });

		const items = await active.poll();
		expect(summary(items)).toEqual([`userCreated ${hire.customerId}`, `userUpdated ${known.customerId}`]);
		for (const item of items) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
		const created = items.find((item) => item.event === 'userCreated') as IDataObject;
		expect(created).toMatchObject({ provider: 'konnektive', previous: null, changes: [], detectedAt: crm.clock.toISOString() });
		expect(created.user).toMatchObject({ id: String(hire.customerId), firstName: 'Nadia', lastName: 'Haddad', status: 'active', groups: [] });
		const updated = items.find((item) => item.event === 'userUpdated') as IDataObject;
		expect(updated).toMatchObject({ previous: null, changes: ['unknown'] });
		expect(updated.user).toMatchObject({ id: String(known.customerId), email: 'moved@example.net' });

		advance({ minutes: 1 });
		expect(await active.poll()).toEqual([]);
	});

	it('does not report a customer edited right after creation as updated, now or later', async () => {
		const active = trigger();
		await active.activate();
		advance({ minutes: 2 });
		const hire = crm.addCustomer();
		advance({ seconds: 20 });
		crm.updateCustomer(hire.customerId, { phoneNumber: '6175550123' });
		advance({ minutes: 1 });
		expect(summary(await active.poll())).toEqual([`userCreated ${hire.customerId}`]);
		advance({ hours: 3 });
		expect(await active.poll()).toEqual([]);
	});

	it('reports each change exactly once across polls, restarts and JSON round-trips of the state', async () => {
		const active = trigger();
		await active.activate();
		const reported: string[] = [];
		const happened: string[] = [];
		for (let round = 0; round < 6; round++) {
			advance({ hours: 5 });
			const hire = crm.addCustomer();
			happened.push(`userCreated ${hire.customerId}`);
			advance({ minutes: 10 });
			const known = crm.list()[round];
			crm.updateCustomer(known.customerId, { notes: `round ${round}` });
			happened.push(`userUpdated ${known.customerId}`);
			advance({ minutes: 10 });
			reported.push(...summary(round % 2 ? await active.restart() : await active.poll()));
			advance({ minutes: 1 });
			reported.push(...summary(await active.poll()));
		}
		expect(reported.sort()).toEqual(happened.sort());
	});

	it.each<[string, number, (instant: Date) => string]>([
		['the account’s midnight (New York)', Date.UTC(2024, 2, 16, 3, 58, 0), (instant) => crm.localDay(instant)],
		['the workflow’s midnight (UTC)', Date.UTC(2024, 2, 15, 23, 58, 0), (instant) => instant.toISOString().slice(0, 10)],
	])('reports customers created on both sides of %s', async (_name, beforeMidnight, dayOf) => {
		setClock(new Date(beforeMidnight));
		const active = trigger();
		await active.activate();
		advance({ minutes: 1 });
		const late = crm.addCustomer();
		advance({ minutes: 2 });
		const early = crm.addCustomer();
		advance({ minutes: 1 });
		crm.updateCustomer(crm.list()[0].customerId, { notes: 'after midnight' });
		advance({ minutes: 1 });
		expect(dayOf(late.created)).not.toBe(dayOf(early.created));
		expect(summary(await active.poll())).toEqual(
			[`userCreated ${late.customerId}`, `userCreated ${early.customerId}`, `userUpdated ${crm.list()[0].customerId}`].sort(),
		);
		advance({ hours: 30 });
		expect(await active.poll()).toEqual([]);
	});

	it('catches up on everything after the trigger was off for days', async () => {
		const active = trigger();
		await active.activate();
		active.deactivate();
		const hires = [];
		for (let day = 0; day < 4; day++) {
			advance({ hours: 20 });
			hires.push(crm.addCustomer());
		}
		advance({ hours: 1 });
		expect(summary(await active.activate())).toEqual(hires.map((hire) => `userCreated ${hire.customerId}`).sort());
	});

	it('asks only for creations when only User Created is selected, and starts updates from a baseline later', async () => {
		const createdOnly = trigger(['userCreated']);
		await createdOnly.activate();
		advance({ minutes: 5 });
		crm.updateCustomer(crm.list()[3].customerId, { notes: 'ignored' });
		const hire = crm.addCustomer();
		advance({ minutes: 1 });
		sandbox.server.requests.length = 0;
		expect(summary(await createdOnly.poll())).toEqual([`userCreated ${hire.customerId}`]);
		expect(sandbox.server.requests.every((request) => request.query.includes('dateRangeType=dateCreated'))).toBe(true);

		const both = new ActiveTrigger(konnektiveTrigger(BOTH), { konnektiveApi: sandbox.credentials });
		both.saved = createdOnly.saved;
		advance({ minutes: 1 });
		expect(await both.activate()).toEqual([]);
		advance({ minutes: 1 });
		crm.updateCustomer(crm.list()[4].customerId, { notes: 'tracked' });
		advance({ minutes: 1 });
		expect(summary(await both.poll())).toEqual([`userUpdated ${crm.list()[4].customerId}`]);
	});

	it('shows real customers as a test event without touching the saved state', async () => {
		const active = trigger();
		await active.activate();
		const saved = JSON.stringify(active.saved);
		const sample = await active.fetchTestEvent();
		expect(sample.length).toBeGreaterThan(0);
		expect(sample.every((item) => item.sample === true && item.provider === 'konnektive')).toBe(true);
		expect(JSON.stringify(active.saved)).toBe(saved);
	});

	it.each<[string, () => Fault]>([
		['a refusal (HTTP 200, result ERROR) on the updates query', () => ({ queryIncludes: 'dateRangeType=dateUpdated', times: 1, response: { status: 200, body: { result: 'ERROR', message: 'Permission denied: Query Customers' } } })],
		['server errors beyond the retries on page 2', () => ({ queryIncludes: 'page=2&', times: 5, response: { status: 503, headers: { 'Retry-After': '0' }, body: 'busy' } })],
		['an answer that is not a Konnektive envelope', () => ({ times: 1, response: { status: 200, body: '<html>maintenance</html>' } })],
	])('leaves the state untouched on %s, and the next poll reports everything', async (_name, fault) => {
		crm = KonnektiveCrm.seeded({ customers: 500, seed: 10, spreadDays: 2, timeZone: 'America/New_York' });
		jest.setSystemTime(crm.clock);
		await sandbox.close();
		sandbox = await startKonnektiveSandbox({ crm });
		const active = trigger();
		await active.activate();
		advance({ minutes: 2 });
		const hire = crm.addCustomer();
		crm.updateCustomer(crm.list()[2].customerId, { notes: 'changed' });
		advance({ minutes: 2 });
		const saved = JSON.stringify(active.saved);
		const memory = active.memoryJson;

		sandbox.server.injectFault(fault());
		const error = await failure(active.poll());
		expect(error.description).toContain(STATE_KEPT);
		expect(JSON.stringify(active.saved)).toBe(saved);
		expect(active.memoryJson).toBe(memory);

		sandbox.server.clearFaults();
		expect(summary(await active.poll())).toEqual(
			[`userCreated ${hire.customerId}`, `userUpdated ${crm.list()[2].customerId}`].sort(),
		);
	});

	it('fails the activation when Konnektive refuses, naming the cause', async () => {
		sandbox.apiUser.ipWhitelisted = false;
		const active = trigger();
		const error = await failure(active.activate());
		expect(error.message).toBe('Konnektive refused /customer/query/: IP address 127.0.0.1 is not whitelisted for this API user');
		expect(active.saved).toEqual({});
	});
});

describe('User Directory · Konnektive · Watch for Changes', () => {
	async function watch(staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') {
		const watchNode = node(
			'Watch',
			USER_DIRECTORY,
			{ provider: 'konnektive', resource: 'user', operation: 'watch', events: BOTH },
			{ credentials: credentialRefs('konnektiveApi') },
		);
		const result = await runWorkflow(singleNodeWorkflow(watchNode), {
			credentials: { konnektiveApi: sandbox.credentials },
			staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject,
			mode,
		});
		expect(result.error()).toBeUndefined();
		return { items: result.output('Watch'), staticData: JSON.parse(JSON.stringify(result.staticData)) as IDataObject };
	}

	it('reports the same changes on a schedule, and only previews them when run by hand', async () => {
		const first = await watch({});
		expect(first.items).toEqual([]);
		advance({ minutes: 3 });
		const hire = crm.addCustomer();
		advance({ minutes: 1 });
		const preview = await watch(first.staticData, 'manual');
		expect(summary(preview.items)).toEqual([`userCreated ${hire.customerId}`]);
		expect(preview.staticData).toEqual(first.staticData);
		const scheduled = await watch(first.staticData);
		expect(summary(scheduled.items)).toEqual([`userCreated ${hire.customerId}`]);
		advance({ minutes: 1 });
		expect((await watch(scheduled.staticData)).items).toEqual([]);
	});
});

/** A random fault on a random query page; `fatal` when the poll cannot get past it. */
function randomFault(random: () => number): { fault: Fault; fatal: boolean } {
	const queryIncludes = pick(random, ['page=1&', 'page=2&', 'dateRangeType=dateUpdated', 'dateRangeType=dateCreated']);
	const times = integerBetween(random, 1, 6);
	const kinds: Array<() => { fault: Fault; fatal: boolean }> = [
		() => ({ fault: { queryIncludes, times, response: { status: 503, headers: { 'Retry-After': '0' }, body: 'busy' } }, fatal: times >= 5 }),
		() => ({ fault: { queryIncludes, times: 1, dropConnection: true }, fatal: false }),
		() => ({ fault: { queryIncludes, times: 1, response: { status: 200, body: { result: 'ERROR', message: 'Temporary database error' } } }, fatal: true }),
		() => ({
			fault: { queryIncludes, times: 1, response: { status: 200, body: { result: 'SUCCESS', message: { totalResults: 900, page: '7', data: [customerRecord(crm, crm.list()[0])] } } } },
			fatal: true,
		}),
	];
	return pick(random, kinds)();
}

describe.each([
	[301, 'America/Los_Angeles'],
	[302, 'Asia/Tokyo'],
])('User Directory Trigger · Konnektive · randomized (seed %i, account in %s)', (seed, timeZone) => {
	it('reports exactly the true creations and edits, whatever the faults, restarts and midnights', async () => {
		crm = KonnektiveCrm.seeded({ customers: 400, seed, spreadDays: 2, timeZone });
		jest.setSystemTime(crm.clock);
		await sandbox.close();
		sandbox = await startKonnektiveSandbox({ crm });
		const random = seededRandom(seed);
		const { emitted, happened, outcomes } = await runRandomizedPolls<Map<number, number>>({
			active: trigger(),
			server: sandbox.server,
			rounds: 40,
			random,
			mutate: () => {
				for (let step = integerBetween(random, 0, 4); step > 0; step--) {
					advance({ seconds: integerBetween(random, 1, 4 * 3600) });
					if (random() < 0.5) crm.addCustomer();
					else crm.updateCustomer(pick(random, crm.list()).customerId, { notes: `edited ${step}` });
				}
				advance({ seconds: integerBetween(random, 1, 6 * 3600) });
			},
			randomFault: () => randomFault(random),
			// Customer id → when it was last edited.
			snapshot: () => new Map(crm.list().map((customer) => [customer.customerId, customer.updated.getTime()])),
			trueChanges: (before, now) =>
				[...now]
					.flatMap(([id, updated]) =>
						!before.has(id) ? [`userCreated ${id}`] : before.get(id) !== updated ? [`userUpdated ${id}`] : [],
					)
					.sort(),
			checkItems: (items) => {
				for (const item of items) expect(item).toMatchObject({ provider: 'konnektive', previous: null });
			},
		});

		expect(emitted).toEqual(happened);
		expect(happened.length).toBeGreaterThan(30);
		expect(outcomes.failed).toBeGreaterThan(0);
		expect(outcomes.recovered).toBeGreaterThan(0);
		expect(outcomes.restarts).toBeGreaterThan(0);
	});
});
