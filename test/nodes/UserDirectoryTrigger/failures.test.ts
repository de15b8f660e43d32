import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Fault } from '../../../dev/sandboxes/http';
import { waits } from '../../jest/virtualClock';
import { KeeperDirectory, startKeeperSandbox, type KeeperSandbox } from '../../../dev/sandboxes/keeper';
import { ActiveTrigger, activeUsers, keeperListResponse, summary, triggerNode } from './support';

const PAGE_SIZE = 7;
const USERS = 30;
/** The third page: faults hit a poll part-way, after some pages arrived. */
const LATER_PAGE = `startIndex=${2 * PAGE_SIZE + 1}&`;
const STATE_KEPT = 'The saved state was not changed';

let sandbox: KeeperSandbox;
let directory: KeeperDirectory;

beforeEach(async () => {
	directory = KeeperDirectory.seeded({ users: USERS, teams: 3, seed: 33 });
	sandbox = await startKeeperSandbox({ directory, maxPageSize: PAGE_SIZE });
});
afterEach(async () => await sandbox.close());

function trigger(options: INodeParameters = {}): ActiveTrigger {
	return new ActiveTrigger(triggerNode({ options }), { keeperScimApi: sandbox.credentials });
}

function scimError(status: number, headers: Record<string, string> = {}): Fault['response'] {
	return {
		status,
		headers: { 'Content-Type': 'application/scim+json', ...headers },
		body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail: 'try later' },
	};
}

/** A well-formed ListResponse for the later page, except for `overrides`. */
function listResponse(overrides: IDataObject): Fault['response'] {
	return keeperListResponse(directory, 2 * PAGE_SIZE, PAGE_SIZE, overrides);
}

function usersRequestsAt(query: string) {
	return sandbox.server.requests.filter((request) => request.path.endsWith('/Users') && `${request.query}&`.includes(query));
}

async function failure(poll: Promise<unknown>): Promise<Error & { description?: string }> {
	return await poll.then(
		() => {
			throw new Error('expected the poll to fail');
		},
		(error: Error) => error,
	);
}

interface FaultCase {
	name: string;
	fault: () => Fault;
	message: string | RegExp;
	/** Requests for the faulty page: retried faults are tried 5 times, the others once. */
	attempts: number;
	options?: INodeParameters;
}

const FAULTS: FaultCase[] = [
	{
		name: '429 beyond the retries',
		fault: () => ({ queryIncludes: LATER_PAGE, times: 5, response: scimError(429, { 'Retry-After': '0' }) }),
		message: 'Keeper is rate limiting requests (429) (gave up after 5 attempts)',
		attempts: 5,
	},
	{
		name: '5xx beyond the retries',
		fault: () => ({ queryIncludes: LATER_PAGE, times: 5, response: scimError(503, { 'Retry-After': '0' }) }),
		message: /HTTP 503: try later \(gave up after 5 attempts\)$/,
		attempts: 5,
	},
	{
		name: 'a timeout on every attempt',
		fault: () => ({ queryIncludes: LATER_PAGE, times: 5, delayMs: 1_500 }),
		options: { timeout: 150 },
		message: /^Could not reach the Keeper SCIM API\b.*\(gave up after 5 attempts\)$/,
		attempts: 5,
	},
	{
		name: 'a connection dropped on every attempt',
		fault: () => ({ queryIncludes: LATER_PAGE, times: 5, dropConnection: true }),
		message: /^Could not reach the Keeper SCIM API\b.*\(gave up after 5 attempts\)$/,
		attempts: 5,
	},
	{
		name: 'a truncated page',
		fault: () => ({
			queryIncludes: LATER_PAGE,
			times: 1,
			response: {
				status: 200,
				headers: { 'Content-Type': 'application/scim+json' },
				body: JSON.stringify(listResponse({})?.body).slice(0, 300),
			},
		}),
		message: /^Keeper \(SCIM\) answered GET \/Users with text that is not JSON .*, not a SCIM ListResponse$/,
		attempts: 1,
	},
	{
		name: 'a page that disagrees with totalResults',
		fault: () => ({ queryIncludes: LATER_PAGE, times: 1, response: listResponse({ totalResults: USERS + 5 }) }),
		message: `The directory changed or answered inconsistently while /Users was being read: totalResults was ${USERS + 1} on the first page and ${USERS + 5} at startIndex ${2 * PAGE_SIZE + 1}`,
		attempts: 1,
	},
	{
		name: 'a page that repeats users of another page (paging shifted)',
		fault: () => ({
			queryIncludes: LATER_PAGE,
			times: 1,
			response: listResponse({ Resources: (keeperListResponse(directory, 0, PAGE_SIZE)?.body as IDataObject).Resources }),
		}),
		message: /while \/Users was being read: 7 resources arrived twice/,
		attempts: 1,
	},
];

describe('User Directory Trigger · a poll that fails part-way', () => {
	it.each(FAULTS)('on $name throws a clear error, saves nothing, and the next poll reports everything', async ({ fault, message, attempts, options }) => {
		const active = trigger(options);
		await active.activate();
		const [toLock] = activeUsers(directory);
		directory.lock(toLock.id);
		// One more user than the seed: the sandbox's totalResults is USERS + 1 from here on.
		const hire = directory.addUser({});
		const saved = JSON.stringify(active.saved);
		const memory = active.memoryJson;

		sandbox.server.injectFault(fault());
		sandbox.server.requests.length = 0;
		const error = await failure(active.poll());
		expect(error.message).toMatch(message);
		expect(error.description).toContain(STATE_KEPT);
		expect(usersRequestsAt(LATER_PAGE)).toHaveLength(attempts);
		expect(JSON.stringify(active.saved)).toBe(saved);
		expect(active.memoryJson).toBe(memory);

		sandbox.server.clearFaults();
		expect(summary(await active.poll())).toEqual([`userCreated ${hire.id}`, `userSuspended ${toLock.id}`].sort());
		expect(await active.poll()).toEqual([]);
	});

	it('fails the activation poll the same way, so n8n shows the error when activating', async () => {
		sandbox.server.injectFault({ times: 1, response: scimError(401) });
		const active = trigger();
		const error = await failure(active.activate());
		expect(error.message).toBe('Keeper rejected the API token (401): try later');
		expect(error.description).toContain('API token');
		expect(active.saved).toEqual({});
	});

	it('completes a short page by reading on, as RFC 7644 allows', async () => {
		const active = trigger();
		await active.activate();
		const hire = directory.addUser({});
		const short = listResponse({});
		(short?.body as IDataObject).Resources = ((short?.body as IDataObject).Resources as unknown[]).slice(0, 3);
		sandbox.server.injectFault({ queryIncludes: LATER_PAGE, times: 1, response: short });
		expect(summary(await active.poll())).toEqual([`userCreated ${hire.id}`]);
	});
});

describe('User Directory Trigger · retries', () => {
	it('retries 429 and 5xx, waiting as long as Retry-After says', async () => {
		const active = trigger();
		await active.activate();
		const hire = directory.addUser({});
		sandbox.server.injectFault({ queryIncludes: LATER_PAGE, times: 1, response: scimError(429, { 'Retry-After': '1' }) });
		sandbox.server.injectFault({ queryIncludes: LATER_PAGE, times: 1, response: scimError(503, { 'Retry-After': '1' }) });
		sandbox.server.requests.length = 0;

		expect(summary(await active.poll())).toEqual([`userCreated ${hire.id}`]);
		expect(waits()).toEqual([1_000, 1_000]);
		expect(usersRequestsAt(LATER_PAGE)).toHaveLength(3);
	});

	it('retries a 5xx without Retry-After after a backoff', async () => {
		const active = trigger();
		await active.activate();
		const hire = directory.addUser({});
		sandbox.server.injectFault({ queryIncludes: LATER_PAGE, times: 2, response: scimError(500) });
		sandbox.server.requests.length = 0;
		expect(summary(await active.poll())).toEqual([`userCreated ${hire.id}`]);
		expect(usersRequestsAt(LATER_PAGE)).toHaveLength(3);
		const [first, second] = waits();
		expect(first).toBeGreaterThanOrEqual(250);
		expect(first).toBeLessThanOrEqual(500);
		expect(second).toBeGreaterThanOrEqual(500);
		expect(second).toBeLessThanOrEqual(1000);
	});

	it('gives up after a bounded number of attempts', async () => {
		const active = trigger();
		await active.activate();
		sandbox.server.injectFault({ queryIncludes: LATER_PAGE, times: 50, response: scimError(429, { 'Retry-After': '0' }) });
		sandbox.server.requests.length = 0;
		await expect(active.poll()).rejects.toThrow('(gave up after 5 attempts)');
		expect(usersRequestsAt(LATER_PAGE)).toHaveLength(5);
	});

	it('does not wait longer than its total retry budget, however long Retry-After asks', async () => {
		const active = trigger();
		await active.activate();
		sandbox.server.injectFault({ queryIncludes: LATER_PAGE, times: 1, response: scimError(429, { 'Retry-After': '3600' }) });
		sandbox.server.requests.length = 0;
		const error = await failure(active.poll());
		expect(error.message).toBe('Keeper is rate limiting requests (429)');
		expect(error.description).toContain('lower the page concurrency');
		expect(usersRequestsAt(LATER_PAGE)).toHaveLength(1);
		expect(waits()).toEqual([]);
	});
});
