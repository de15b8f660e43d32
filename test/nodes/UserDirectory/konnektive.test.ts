import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { packageUnderTest, runWorkflow, testCredential, type WorkflowRun } from '../../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../../dev/harness/workflows';
import { startSandboxServer, type Fault, type SandboxServer } from '../../../dev/sandboxes/http';
import {
	customerRecord,
	KonnektiveCrm,
	NO_CUSTOMERS,
	QUERY_CUSTOMERS,
	SANDBOX_PASSWORD,
	startKonnektiveSandbox,
	type KonnektiveCustomer,
	type KonnektiveSandbox,
} from '../../../dev/sandboxes/konnektive';

const UNIFIED_USER_KEYS = [
	'createdAt', 'displayName', 'email', 'externalId', 'firstName', 'groups', 'id', 'lastName',
	'provider', 'status', 'updatedAt', 'username',
];
const CUSTOMERS = 250;

let sandbox: KonnektiveSandbox;
let crm: KonnektiveCrm;

beforeAll(async () => {
	crm = KonnektiveCrm.seeded({ customers: CUSTOMERS, seed: 12, spreadDays: 120 });
	sandbox = await startKonnektiveSandbox({ crm });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.server.requests.length = 0;
	sandbox.server.clearFaults();
	sandbox.apiUser.ipWhitelisted = true;
	sandbox.apiUser.permissions = new Set([QUERY_CUSTOMERS]);
	sandbox.echoRequestInErrors = false;
	sandbox.reportsTotalResults = true;
});

async function run(
	parameters: INodeParameters,
	options: { continueOnFail?: boolean; credentials?: IDataObject; target?: KonnektiveSandbox } = {},
): Promise<WorkflowRun> {
	const target = options.target ?? sandbox;
	const directoryNode = node(
		'Directory',
		USER_DIRECTORY,
		{ provider: 'konnektive', resource: 'user', ...parameters },
		{ credentials: credentialRefs('konnektiveApi'), continueOnFail: options.continueOnFail },
	);
	return await runWorkflow(singleNodeWorkflow(directoryNode), {
		credentials: { konnektiveApi: { ...target.credentials, ...options.credentials } },
	});
}

const getAll = async (parameters: INodeParameters = {}, options: Parameters<typeof run>[1] = {}) =>
	await run({ operation: 'getAll', returnAll: true, ...parameters }, options);

function queries(target = sandbox): URLSearchParams[] {
	return target.server.requests.map((request) => new URLSearchParams(request.query));
}

function ids(users: IDataObject[]): string[] {
	return users.map((user) => String(user.id)).sort();
}

function idsOf(customers: KonnektiveCustomer[]): string[] {
	return customers.map((customer) => String(customer.customerId)).sort();
}

function between(field: 'created' | 'updated', start: string, end: string): KonnektiveCustomer[] {
	return crm.list().filter((customer) => {
		const day = crm.localDay(customer[field]);
		return day >= start && day <= end;
	});
}

/** The password as it may appear in a URL: raw, and in each of the encodings clients and servers use. */
function passwordForms(password = SANDBOX_PASSWORD): string[] {
	const component = encodeURIComponent(password);
	const rfc3986 = component.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
	return [password, component, rfc3986, new URLSearchParams({ p: password }).toString().slice(2), 'Kx9'];
}

function expectNoPassword(...texts: unknown[]): void {
	const text = JSON.stringify(texts);
	for (const form of passwordForms()) expect(text).not.toContain(form);
}

/** The failed node's error and everything n8n keeps of the run: none of it may carry the password. */
function failureOf(result: WorkflowRun): { message: string; description: string } {
	const error = result.error('Directory') as (Error & { description?: string }) | undefined;
	expect(error).toBeDefined();
	expectNoPassword(error?.message, error?.description, error?.stack, { ...error }, result.run);
	return { message: error?.message ?? '', description: error?.description ?? '' };
}

function envelopeError(message: string): Fault['response'] {
	return { status: 200, body: { result: 'ERROR', message } };
}

describe('User Directory · Konnektive · node description', () => {
	const description = () => packageUnderTest().nodeTypes[USER_DIRECTORY].description;

	it('offers customers as users (get, get many, watch), without groups or writes', () => {
		const resources = description().properties.find(
			(property) => property.name === 'resource' && property.displayOptions?.show?.provider?.includes('konnektive'),
		);
		expect(resources?.options?.map((option) => (option as { value: string }).value)).toEqual(['konnektiveUser', 'konnektiveDirectory']);
		const values = description()
			.properties.filter(
				(property) => property.name === 'operation' && property.displayOptions?.show?.provider?.includes('konnektive'),
			)
			.flatMap((property) => (property.options ?? []).map((option) => (option as { value: string }).value));
		expect(values).toEqual(expect.arrayContaining(['get', 'getAll', 'watch']));
		expect(values).not.toEqual(expect.arrayContaining(['create', 'update', 'delete', 'suspend', 'addToGroup']));
	});

	it('has a credential with a password field, tested by the node', () => {
		const credential = packageUnderTest().credentialTypes.konnektiveApi;
		const password = credential.properties.find((property: INodeProperties) => property.name === 'password');
		expect(password?.typeOptions?.password).toBe(true);
		expect(credential.properties.find((property) => property.name === 'baseUrl')?.default).toBe('https://api.konnektive.com');
		const nodeCredential = description().credentials?.find((entry) => entry.name === 'konnektiveApi');
		expect(nodeCredential?.testedBy).toBe('konnektiveApiTest');
		expect(packageUnderTest().nodeTypes[USER_DIRECTORY].methods?.credentialTest?.konnektiveApiTest).toBeInstanceOf(Function);
	});
});

describe('User Directory · Konnektive · get many', () => {
	it('returns every customer in the unified shape, 200 per page, logging in through the query string', async () => {
		const result = await getAll();
		expect(result.error()).toBeUndefined();
		const users = result.output('Directory');
		expect(users).toHaveLength(CUSTOMERS);
		expect(ids(users)).toEqual(idsOf(crm.list()));
		for (const user of users) expect(Object.keys(user).sort()).toEqual(UNIFIED_USER_KEYS);

		const customer = crm.list()[17];
		expect(users.find((user) => user.id === String(customer.customerId))).toEqual({
			id: String(customer.customerId),
			provider: 'konnektive',
			email: customer.emailAddress,
			username: null,
			firstName: customer.firstName,
			lastName: customer.lastName,
			displayName: `${customer.firstName} ${customer.lastName}`,
			status: 'active',
			groups: [],
			externalId: null,
			createdAt: crm.localDateTime(customer.created).replace(' ', 'T'),
			updatedAt: crm.localDateTime(customer.updated).replace(' ', 'T'),
		});

		expect(sandbox.server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /customer/query/',
			'GET /customer/query/',
		]);
		const [first, second] = queries();
		expect(first.get('loginId')).toBe(sandbox.credentials.loginId);
		expect(first.get('password')).toBe(SANDBOX_PASSWORD);
		expect([first.get('page'), second.get('page')]).toEqual(['1', '2']);
		expect(first.get('resultsPerPage')).toBe('200');
		expect(first.get('dateRangeType')).toBe('dateCreated');
		expect(first.get('startDate')).toBe('01/01/2000');
		expect(first.get('endDate')).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
	});

	it('returns the raw Konnektive record when Simplify is off', async () => {
		const result = await run({ operation: 'getAll', returnAll: false, limit: 3, simplify: false });
		const [raw] = result.output('Directory');
		const customer = crm.customer(raw.customerId as number);
		expect(raw).toEqual(customerRecord(crm, customer));
		expect(raw.dateCreated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(raw).not.toHaveProperty('provider');
	});

	it.each([
		[7, 1, '7'],
		[200, 1, '200'],
		[201, 2, '200'],
	])('stops fetching at a limit of %i (%i requests of %s)', async (limit, requests, perPage) => {
		const result = await run({ operation: 'getAll', returnAll: false, limit });
		expect(result.output('Directory')).toHaveLength(limit);
		expect(queries()).toHaveLength(requests);
		expect(queries().every((query) => query.get('resultsPerPage') === perPage)).toBe(true);
	});

	it('filters on creation days, both days included', async () => {
		const result = await getAll({ filters: { startDate: '2024-02-01T00:00:00', endDate: '2024-02-29T00:00:00' } });
		const expected = between('created', '2024-02-01', '2024-02-29');
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(result.output('Directory'))).toEqual(idsOf(expected));
		const [query] = queries();
		expect([query.get('dateRangeType'), query.get('startDate'), query.get('endDate')]).toEqual([
			'dateCreated',
			'02/01/2024',
			'02/29/2024',
		]);
	});

	it('filters on the day of the last change with Date Type "Updated"', async () => {
		const result = await getAll({
			filters: { dateRangeType: 'dateUpdated', startDate: '2024-03-01T00:00:00', endDate: '2024-03-10T00:00:00' },
		});
		const expected = between('updated', '2024-03-01', '2024-03-10');
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(result.output('Directory'))).toEqual(idsOf(expected));
		expect(queries()[0].get('dateRangeType')).toBe('dateUpdated');
	});

	it('reads only a start date as "from that day until today", and typed MM/DD/YYYY dates', async () => {
		const result = await getAll({ filters: { startDate: '03/01/2024' } });
		expect(ids(result.output('Directory'))).toEqual(idsOf(between('created', '2024-03-01', '9999-12-31')));
	});

	it('filters by email address (ignoring case) and by phone number', async () => {
		const customer = crm.list()[42];
		const byEmail = await getAll({ filters: { emailAddress: customer.emailAddress.toUpperCase() } });
		expect(ids(byEmail.output('Directory'))).toEqual([String(customer.customerId)]);
		expect(queries()[0].get('emailAddress')).toBe(customer.emailAddress.toUpperCase());

		sandbox.server.requests.length = 0;
		const byPhone = await getAll({ filters: { phoneNumber: customer.phoneNumber } });
		expect(ids(byPhone.output('Directory'))).toEqual([String(customer.customerId)]);
		expect(queries()[0].get('phoneNumber')).toBe(customer.phoneNumber);
	});

	it('returns nothing, without an error, when Konnektive says no customer matches', async () => {
		const result = await getAll({ filters: { startDate: '2001-01-01T00:00:00', endDate: '2001-12-31T00:00:00' } });
		expect(result.error()).toBeUndefined();
		expect(result.output('Directory')).toEqual([]);
		const combined = await getAll({
			filters: { emailAddress: crm.list()[0].emailAddress, startDate: '2001-01-01T00:00:00', endDate: '2001-01-02T00:00:00' },
		});
		expect(combined.output('Directory')).toEqual([]);
	});

	it.each([
		[{ startDate: 'soon' }, 'The Start Date "soon" is not a date'],
		[{ startDate: '2024-03-02T00:00:00', endDate: '2024-03-01T00:00:00' }, 'The Start Date (2024-03-02) is after the End Date (2024-03-01)'],
	])('refuses the filters %j before asking Konnektive', async (filters, message) => {
		const result = await getAll({ filters });
		expect(result.error('Directory')?.message).toBe(message);
		expect(sandbox.server.requests).toHaveLength(0);
	});
});

describe('User Directory · Konnektive · paging edges', () => {
	let exact: KonnektiveSandbox;
	beforeAll(async () => {
		exact = await startKonnektiveSandbox({ crm: KonnektiveCrm.seeded({ customers: 400, seed: 4 }) });
	});
	afterAll(async () => await exact.close());
	beforeEach(() => {
		exact.server.requests.length = 0;
		exact.reportsTotalResults = true;
	});

	it('reads an exact multiple of 200 in two requests, trusting totalResults', async () => {
		const result = await getAll({}, { target: exact });
		expect(ids(result.output('Directory'))).toEqual(idsOf(exact.crm.list()));
		expect(queries(exact).map((query) => query.get('page'))).toEqual(['1', '2']);
	});

	it('without totalResults, asks for one more page and takes "No customers matching" as the end', async () => {
		exact.reportsTotalResults = false;
		const result = await getAll({}, { target: exact });
		expect(result.error()).toBeUndefined();
		expect(ids(result.output('Directory'))).toEqual(idsOf(exact.crm.list()));
		expect(queries(exact).map((query) => query.get('page'))).toEqual(['1', '2', '3']);
	});

	it('fails clearly when Konnektive answers another page than the one asked for', async () => {
		sandbox.server.injectFault({
			queryIncludes: 'page=2',
			times: 1,
			response: {
				status: 200,
				body: { result: 'SUCCESS', message: { totalResults: CUSTOMERS, page: '1', resultsPerPage: 200, data: [{ customerId: 1 }] } },
			},
		});
		const { message } = failureOf(await getAll());
		expect(message).toBe('Konnektive answered page 1 when page 2 of the customers was asked for');
	});
});

describe('User Directory · Konnektive · get', () => {
	it('gets one customer by ID, unified or raw', async () => {
		const customer = crm.list()[100];
		const [user] = (await run({ operation: 'get', userId: String(customer.customerId) })).output('Directory');
		expect(user).toMatchObject({ id: String(customer.customerId), email: customer.emailAddress, status: 'active' });
		expect(new URLSearchParams(sandbox.server.requests[0].query).get('customerId')).toBe(String(customer.customerId));

		const [raw] = (await run({ operation: 'get', userId: ` ${customer.customerId} `, simplify: false })).output('Directory');
		expect(raw).toEqual(customerRecord(crm, customer));
	});

	it('says an unknown ID is unknown (Konnektive answers "No customers matching")', async () => {
		const { message, description } = failureOf(await run({ operation: 'get', userId: '999999' }));
		expect(message).toBe('No Konnektive customer with ID "999999"');
		expect(description).toContain('Get Many');
	});

	it('never returns another customer, even from a server that ignores the ID', async () => {
		const other = customerRecord(crm, crm.list()[0]);
		sandbox.server.injectFault({
			times: 1,
			response: { status: 200, body: { result: 'SUCCESS', message: { totalResults: 1, page: '1', data: [other] } } },
		});
		const { message } = failureOf(await run({ operation: 'get', userId: '123' }));
		expect(message).toBe('No Konnektive customer with ID "123"');
	});

	it('refuses an ID that is not a number without asking Konnektive', async () => {
		const { message } = failureOf(await run({ operation: 'get', userId: 'jane@example.com' }));
		expect(message).toBe('"jane@example.com" is not a Konnektive customer ID');
		expect(sandbox.server.requests).toHaveLength(0);
	});
});

describe('User Directory · Konnektive · errors (HTTP 200 with result ERROR, and the rest)', () => {
	it('explains a rejected login', async () => {
		const { message, description } = failureOf(await getAll({}, { credentials: { password: 'wrong-password' } }));
		expect(message).toBe('Konnektive refused /customer/query/: Invalid login credentials');
		expect(description).toContain('Login ID and Password');
	});

	it('explains an IP address that is not whitelisted', async () => {
		sandbox.apiUser.ipWhitelisted = false;
		const { message, description } = failureOf(await getAll());
		expect(message).toBe('Konnektive refused /customer/query/: IP address 127.0.0.1 is not whitelisted for this API user');
		expect(description).toContain('IP whitelist');
	});

	it('names the missing "Query Customers" permission', async () => {
		sandbox.apiUser.permissions.clear();
		const { message, description } = failureOf(await getAll());
		expect(message).toBe('Konnektive refused /customer/query/: Permission denied: Query Customers');
		expect(description).toContain('allow "Query Customers"');
	});

	it('names both usual causes for an error it cannot classify', async () => {
		sandbox.server.injectFault({ times: 1, response: envelopeError('Request could not be completed') });
		const { message, description } = failureOf(await getAll());
		expect(message).toBe('Konnektive refused /customer/query/: Request could not be completed');
		expect(description).toContain('whitelist');
		expect(description).toContain('"Query Customers"');
	});

	it('does not take a login failure worded like an empty result for an empty result', async () => {
		sandbox.server.injectFault({ times: 1, response: envelopeError('No API user matching those parameters could be found for this login') });
		const { message } = failureOf(await getAll());
		expect(message).toContain('No API user matching');
	});

	it('recognises an answer that is not a Konnektive envelope (wrong base URL)', async () => {
		sandbox.server.injectFault({ times: 1, response: { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><title>Welcome</title></html>' } });
		const { message, description } = failureOf(await getAll());
		expect(message).toBe('The answer to /customer/query/ is not a Konnektive API response');
		expect(description).toContain('https://api.checkoutchamp.com');
	});

	it('explains a 404 as a wrong base URL', async () => {
		sandbox.server.injectFault({ times: 1, response: { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><head><title>404 Not Found</title></head></html>' } });
		const { message, description } = failureOf(await getAll());
		expect(message).toBe('There is no Konnektive API at this address (404): 404 Not Found');
		expect(description).toContain('Base URL');
	});

	it('retries a server error of a read and completes the pages', async () => {
		sandbox.server.injectFault({ queryIncludes: 'page=2', times: 2, response: { status: 503, headers: { 'Retry-After': '0' }, body: 'busy' } });
		const result = await getAll();
		expect(result.output('Directory')).toHaveLength(CUSTOMERS);
		expect(queries().map((query) => query.get('page'))).toEqual(['1', '2', '2', '2']);
	});

	it('gives up on server errors after a bounded number of attempts', async () => {
		sandbox.server.injectFault({ times: 10, response: { status: 500, headers: { 'Retry-After': '0' }, body: { message: 'Internal error' } } });
		const { message } = failureOf(await getAll());
		expect(message).toBe('Konnektive answered GET /customer/query/ with HTTP 500: Internal error (gave up after 5 attempts)');
	});

	it('reports a network failure, after retries, without the URL', async () => {
		sandbox.server.injectFault({ times: 5, dropConnection: true });
		const { message, description } = failureOf(await getAll());
		// n8n replaces a message naming ECONNRESET with its own wording; the hint stays.
		expect(message).not.toContain(sandbox.server.url);
		expect(description).toContain('Base URL');
		expect(queries()).toHaveLength(5);
	});

	it('does not follow a redirect, so the login never reaches another host', async () => {
		const elsewhere = await startSandboxServer(() => ({ status: 200, body: { result: 'SUCCESS', message: { data: [] } } }));
		try {
			sandbox.server.injectFault({ times: 1, response: { status: 302, headers: { Location: `${elsewhere.url}/customer/query/` } } });
			const { message } = failureOf(await getAll());
			expect(message).toBe('Konnektive answered with a redirect (302), which is not followed');
			expect(elsewhere.requests).toHaveLength(0);
		} finally {
			await elsewhere.close();
		}
	});

	it('puts the error on the item with Continue On Fail', async () => {
		sandbox.apiUser.ipWhitelisted = false;
		const result = await getAll({}, { continueOnFail: true });
		expect(result.error()).toBeUndefined();
		const items = result.items('Directory');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe('Konnektive refused /customer/query/: IP address 127.0.0.1 is not whitelisted for this API user');
		expect(items[0].json.description).toContain('whitelist');
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expectNoPassword(result.run);
	});

	it.each([
		[{ loginId: ' ' }, 'The Konnektive Login ID is empty'],
		[{ password: '' }, 'The Konnektive password is empty'],
		[{ baseUrl: 'https://api.konnektive.com/?loginId=x' }, '"Base URL" must not contain a user name, password, query string or fragment'],
		[{ baseUrl: 'api.konnektive.com' }, '"Base URL" is not a URL'],
	])('refuses unusable credentials %j before sending anything', async (credentials, message) => {
		const result = await getAll({}, { credentials });
		expect(result.error('Directory')?.message).toBe(message);
		expect(sandbox.server.requests).toHaveLength(0);
	});
});

describe('User Directory · Konnektive · the password never shows', () => {
	it.each<[string, () => void, IDataObject]>([
		['a rejected login', () => undefined, { password: `${SANDBOX_PASSWORD}x` }],
		['an IP that is not whitelisted', () => (sandbox.apiUser.ipWhitelisted = false), {}],
		['a missing permission', () => sandbox.apiUser.permissions.clear(), {}],
	])('in the error for %s, even when Konnektive repeats the request URL', async (_name, provoke, credentials) => {
		sandbox.echoRequestInErrors = true;
		provoke();
		const { message } = failureOf(await getAll({}, { credentials }));
		expect(message).toContain('password=[redacted]');
		expect(message).toContain('loginId=[redacted]');
	});

	it('in an HTTP error whose body echoes the URL in any encoding', async () => {
		const echoed = passwordForms()
			.map((form) => `/customer/query/?loginId=${sandbox.credentials.loginId}&password=${form}`)
			.join(' and ');
		sandbox.server.injectFault({ times: 1, response: { status: 400, body: { message: `Bad request ${echoed}` } } });
		const { message } = failureOf(await getAll());
		expect(message).toMatch(/^Konnektive answered GET \/customer\/query\/ with HTTP 400: Bad request/);
	});

	it('in an error message that quotes the password outside a URL', async () => {
		sandbox.server.injectFault({ times: 1, response: envelopeError(`Password "${SANDBOX_PASSWORD}" expired`) });
		const { message } = failureOf(await getAll());
		expect(message).toBe('Konnektive refused /customer/query/: Password "[redacted]" expired');
	});
});

describe('Konnektive API credential · Test button', () => {
	it('succeeds with a working API user, running a real one-customer query', async () => {
		expect(await testCredential('konnektiveApi', sandbox.credentials)).toEqual({ status: 'OK', message: 'Connection successful' });
		const [request] = sandbox.server.requests;
		const query = new URLSearchParams(request.query);
		expect(`${request.method} ${request.path}`).toBe('GET /customer/query/');
		expect(query.get('resultsPerPage')).toBe('1');
		expect(query.get('startDate')).toBe('01/01/2000');
		expect(query.get('endDate')).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
		expect(query.get('loginId')).toBe(sandbox.credentials.loginId);
		expect(query.get('password')).toBe(SANDBOX_PASSWORD);
	});

	it('succeeds for an account without customers ("No customers matching" is not a refusal)', async () => {
		const empty = await startKonnektiveSandbox({ crm: new KonnektiveCrm() });
		try {
			expect(await testCredential('konnektiveApi', empty.credentials)).toEqual({ status: 'OK', message: 'Connection successful' });
		} finally {
			await empty.close();
		}
	});

	it.each<[string, IDataObject, () => void, string]>([
		['a wrong password', { password: 'not-the-password' }, () => undefined, 'Invalid login credentials'],
		['an IP that is not whitelisted', {}, () => (sandbox.apiUser.ipWhitelisted = false), 'IP whitelist'],
		['a missing "Query Customers" permission', {}, () => sandbox.apiUser.permissions.clear(), 'allow "Query Customers"'],
	])('fails on %s although Konnektive answers HTTP 200, and says why', async (_name, credentials, provoke, reason) => {
		provoke();
		sandbox.echoRequestInErrors = true;
		const result = await testCredential('konnektiveApi', { ...sandbox.credentials, ...credentials });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Konnektive refused \/customer\/query\/: /);
		expect(result.message).toContain(reason);
		expectNoPassword(result);
	});

	it('names the two usual causes when the refusal says nothing more', async () => {
		sandbox.server.injectFault({ times: 1, response: envelopeError('Access is not possible') });
		const result = await testCredential('konnektiveApi', sandbox.credentials);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('IP whitelist');
		expect(result.message).toContain('"Query Customers"');
	});

	it('fails on a base URL that is not the Konnektive API', async () => {
		sandbox.server.injectFault({ times: 1, response: { status: 404, body: 'Not Found' } });
		const result = await testCredential('konnektiveApi', sandbox.credentials);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('There is no Konnektive API at this address (404)');
	});

	it('does not follow a redirect to another host', async () => {
		const elsewhere = await startSandboxServer(() => ({ status: 200, body: { result: 'SUCCESS', message: {} } }));
		try {
			sandbox.server.injectFault({ times: 1, response: { status: 307, headers: { Location: `${elsewhere.url}/customer/query/` } } });
			const result = await testCredential('konnektiveApi', sandbox.credentials);
			expect(result.status).toBe('Error');
			expect(result.message).toContain('redirect (307)');
			expect(elsewhere.requests).toHaveLength(0);
			expectNoPassword(result);
		} finally {
			await elsewhere.close();
		}
	});

	it('reports an unreachable server without the URL', async () => {
		const closed: SandboxServer = await startSandboxServer(() => ({ status: 200 }));
		await closed.close();
		const result = await testCredential('konnektiveApi', { ...sandbox.credentials, baseUrl: closed.url });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Could not reach the Konnektive API: the connection was refused\. Check the Base URL/);
		expectNoPassword(result);
	});

	it('refuses an unusable base URL before sending anything', async () => {
		const result = await testCredential('konnektiveApi', { ...sandbox.credentials, baseUrl: 'ftp://api.konnektive.com' });
		expect(result).toMatchObject({ status: 'Error' });
		expect(result.message).toContain('"Base URL" must start with https://');
		expect(sandbox.server.requests).toHaveLength(0);
	});
});

describe('Konnektive sandbox quirks', () => {
	it('answers an empty result as an ERROR with HTTP 200, and pages with a string page number', async () => {
		const response = async (query: Record<string, string>) => {
			const url = new URL('/customer/query/', sandbox.server.url);
			url.search = new URLSearchParams({ ...query, loginId: sandbox.credentials.loginId, password: SANDBOX_PASSWORD }).toString();
			const answer = await fetch(url, { method: 'POST' });
			return { status: answer.status, body: (await answer.json()) as IDataObject };
		};
		expect(await response({ startDate: '01/01/2001', endDate: '01/02/2001' })).toEqual({
			status: 200,
			body: { result: 'ERROR', message: NO_CUSTOMERS },
		});
		const page = await response({ startDate: '01/01/2000', endDate: '12/31/2099', resultsPerPage: '500' });
		expect((page.body.message as IDataObject).page).toBe('1');
		expect((page.body.message as IDataObject).resultsPerPage).toBe(200);
		expect((await response({ startDate: '2024-01-01', endDate: '12/31/2099' })).body.result).toBe('ERROR');
	});
});
