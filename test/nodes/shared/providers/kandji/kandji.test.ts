import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	authenticateKandjiRequest,
	kandjiBaseUrl,
	resolveKandjiTarget,
} from '../../../../../nodes/shared/providers/kandji/credentials';
import { explainKandjiError, kandjiPermission } from '../../../../../nodes/shared/providers/kandji/errors';
import { cursorOf, normaliseKandjiUser } from '../../../../../nodes/shared/providers/kandji/users';

const TOKEN = '0b7d1b8e-5f5c-4c0e-9d63-4a2f0c6e9a11';

describe('Kandji credential: subdomain normalisation', () => {
	it.each([
		['acme', 'us', 'https://acme.api.kandji.io/api/v1'],
		['  ACME ', 'us', 'https://acme.api.kandji.io/api/v1'],
		['acme.api', 'us', 'https://acme.api.kandji.io/api/v1'],
		['acme.api.eu', 'eu', 'https://acme.api.eu.kandji.io/api/v1'],
		['acme', 'eu', 'https://acme.api.eu.kandji.io/api/v1'],
		['acme.kandji.io', 'us', 'https://acme.api.kandji.io/api/v1'],
		['acme.api.kandji.io', 'us', 'https://acme.api.kandji.io/api/v1'],
		['https://acme.api.kandji.io/', 'us', 'https://acme.api.kandji.io/api/v1'],
		['https://acme.api.eu.kandji.io/api/v1/', 'eu', 'https://acme.api.eu.kandji.io/api/v1'],
		['https://my-tenant-01.api.kandji.io', 'us', 'https://my-tenant-01.api.kandji.io/api/v1'],
	])('accepts %j in region %s', (subdomain, region, expected) => {
		expect(kandjiBaseUrl({ region, subdomain, apiToken: TOKEN })).toBe(expected);
	});

	it.each([
		'evil.com/x#',
		'a@b',
		'acme.evil.com',
		'evil.com',
		'https://evil.com',
		'https://acme.api.kandji.io.evil.com/',
		'https://acme.api.kandji.io@evil.com/',
		'https://user:pass@acme.api.kandji.io/',
		'https://acme.api.kandji.io:8443/',
		'https://acme.api.kandji.io/elsewhere',
		'https://acme.api.kandji.io/?next=https://evil.com',
		'acme/../evil',
		'acme%2eevil.com',
		'acme\u2024evil',
		'-acme',
		'acme-',
		'a..api',
		'ftp://acme.api.kandji.io',
		'',
	])('refuses %j with a message saying what to enter', (subdomain) => {
		const target = resolveKandjiTarget({ region: 'us', subdomain, apiToken: TOKEN });
		expect(target).toEqual({ message: expect.stringMatching(/subdomain/i), hint: expect.stringContaining('"acme"') });
	});

	it('refuses an address of the other region instead of guessing', () => {
		expect(resolveKandjiTarget({ region: 'us', subdomain: 'acme.api.eu' })).toEqual({
			message: 'The Kandji subdomain is an EU address but the region is US',
			hint: expect.stringContaining('Set the region to EU'),
		});
		expect(resolveKandjiTarget({ region: 'eu', subdomain: 'https://acme.api.kandji.io' })).toMatchObject({
			message: 'The Kandji subdomain is a US address but the region is EU',
		});
	});

	it('takes a custom base URL as scheme, host, port and path', () => {
		expect(kandjiBaseUrl({ region: 'custom', baseUrl: 'http://127.0.0.1:8080/', apiToken: TOKEN })).toBe(
			'http://127.0.0.1:8080/api/v1',
		);
		expect(kandjiBaseUrl({ region: 'custom', baseUrl: 'https://proxy.example.com/kandji/', apiToken: TOKEN })).toBe(
			'https://proxy.example.com/kandji/api/v1',
		);
		expect(resolveKandjiTarget({ region: 'custom', baseUrl: 'https://proxy.example.com/?x=1' })).toMatchObject({
			message: expect.stringContaining('must not contain'),
		});
	});

	it('refuses an empty token or one with spaces, and takes a pasted "Bearer " prefix off', async () => {
		expect(() => kandjiBaseUrl({ region: 'us', subdomain: 'acme', apiToken: ' ' })).toThrow('The Kandji API token is empty');
		expect(() => kandjiBaseUrl({ region: 'us', subdomain: 'acme', apiToken: 'abc def' })).toThrow(/spaces/);
		const options = await authenticateKandjiRequest(
			{ region: 'us', subdomain: 'acme', apiToken: ` Bearer ${TOKEN} ` },
			{ url: 'https://acme.api.kandji.io/api/v1/users' },
		);
		expect(options.headers).toEqual({ Authorization: `Bearer ${TOKEN}` });
	});
});

describe('Kandji credential: authenticate sends the token only to the configured host', () => {
	const credentials = { region: 'us', subdomain: 'acme', apiToken: TOKEN };

	it.each<[string, IHttpRequestOptions]>([
		['an absolute URL', { url: 'https://acme.api.kandji.io/api/v1/users', headers: { Accept: 'application/json' } }],
		['a base URL and a path', { baseURL: 'https://acme.api.kandji.io', url: '/api/v1/users' }],
		['a base URL with a trailing slash', { baseURL: 'https://ACME.api.kandji.io/', url: 'api/v1/devices' }],
	])('adds the bearer token for %s', async (_case, options) => {
		const authenticated = await authenticateKandjiRequest(credentials, options);
		expect(authenticated.headers?.Authorization).toBe(`Bearer ${TOKEN}`);
		expect(authenticated.url).toBe(options.url);
	});

	it.each<[string, IHttpRequestOptions]>([
		['another host', { url: 'https://accuhive.kandji.io/api/v1/users?cursor=abc' }],
		['a look-alike host', { url: 'https://acme.api.kandji.io.evil.com/api/v1/users' }],
		['plain http', { url: 'http://acme.api.kandji.io/api/v1/users' }],
		['another port', { url: 'https://acme.api.kandji.io:444/api/v1/users' }],
		['user info in the URL', { url: 'https://x@acme.api.kandji.io/api/v1/users' }],
		['a protocol-relative URL', { baseURL: 'https://acme.api.kandji.io', url: '//evil.com/api/v1/users' }],
		['another base URL', { baseURL: 'https://evil.com', url: '/api/v1/users' }],
		['no URL', {} as IHttpRequestOptions],
	])('refuses %s', async (_case, options) => {
		await expect(authenticateKandjiRequest(credentials, options)).rejects.toThrow(
			/only sent to https:\/\/acme\.api\.kandji\.io/,
		);
	});

	it('refuses before anything else when the subdomain is not usable', async () => {
		await expect(
			authenticateKandjiRequest({ ...credentials, subdomain: 'evil.com/x#' }, { url: 'https://evil.com/x#.api.kandji.io' }),
		).rejects.toThrow(/^The Kandji subdomain may only contain letters.*enter "acme"/);
	});
});

describe('Kandji paging cursor', () => {
	it('takes only the cursor from a next link, whatever its host', () => {
		expect(cursorOf('https://accuhive.kandji.io/api/v1/users?cursor=cD0yOTE0Mw%3D%3D')).toBe('cD0yOTE0Mw==');
		expect(cursorOf('https://evil.example/steal?archived=true&cursor=abc#frag')).toBe('abc');
		expect(cursorOf('/api/v1/users?cursor=xyz')).toBe('xyz');
	});

	it('refuses a next link without a cursor instead of stopping short', () => {
		expect(() => cursorOf('https://accuhive.kandji.io/api/v1/users?page=2')).toThrow(/without a cursor/);
	});
});

describe('Kandji error hints', () => {
	const failure = { method: 'GET', path: '/users', body: undefined };

	it('tells a bad token (401) from a missing permission (403), naming the permission', () => {
		expect(explainKandjiError({ ...failure, status: 401, body: { detail: 'Invalid token.' } })).toEqual({
			message: 'Kandji rejected the API token (401): Invalid token.',
			description: expect.stringContaining('deleted or revoked'),
		});
		const forbidden = explainKandjiError({ ...failure, status: 403, body: { detail: 'You do not have permission.' } });
		expect(forbidden.description).toContain('"List Users" (GET /api/v1/users)');
		expect(explainKandjiError({ status: 403, body: '', method: 'POST', path: '/devices/d-1/action/lock' }).description).toContain(
			'"Lock Device (Device actions)"',
		);
	});

	it.each([
		['GET', '/users/u-1', 'Get User'],
		['DELETE', '/users/u-1', 'Delete User'],
		['GET', '/devices', 'Device list'],
	])('names the permission of %s %s', (method, path, permission) => {
		expect(kandjiPermission(method, path)).toContain(permission);
	});

	it('reads every error body shape Kandji uses', () => {
		const text = (body: unknown) => explainKandjiError({ status: 400, body, method: 'GET', path: '/users' }).message;
		expect(text({ detail: 'Bad filter.' })).toBe('Kandji rejected the request: Bad filter.');
		expect(text('This device is already locked.')).toBe('Kandji rejected the request: This device is already locked.');
		expect(text(['First problem.', 'Second problem.'])).toBe('Kandji rejected the request: First problem.; Second problem.');
		expect(text({ integration_id: ['“634” is not a valid UUID.'] })).toBe(
			'Kandji rejected the request: integration_id: “634” is not a valid UUID.',
		);
	});

	it('tells an unknown id (JSON 404) from a wrong address (HTML 404)', () => {
		expect(explainKandjiError({ status: 404, body: { detail: 'Not found.' }, method: 'GET', path: '/users/abc' }).message).toBe(
			'No Kandji user with ID "abc"',
		);
		const html = '<!doctype html><html><head><title>Not Found</title></head><body>…</body></html>';
		expect(explainKandjiError({ status: 404, body: html, method: 'GET', path: '/users/abc' })).toEqual({
			message: 'Kandji has no API at this address (404): Not Found',
			description: expect.stringContaining('subdomain and the region'),
		});
	});

	it('explains a refused deletion, rate limiting and a failed lock that was not repeated', () => {
		expect(
			explainKandjiError({
				status: 400,
				body: { detail: 'User still assigned to one or more devices.' },
				method: 'DELETE',
				path: '/users/u-1',
			}).message,
		).toBe('Kandji refuses to delete a user who still has devices assigned: User still assigned to one or more devices.');
		expect(explainKandjiError({ ...failure, status: 429 }).description).toContain('10,000');
		expect(explainKandjiError({ status: 502, body: '', method: 'POST', path: '/devices/d/action/lock' }).description).toContain(
			'not repeated',
		);
	});
});

describe('Kandji user normalisation', () => {
	const raw = {
		id: '69c009ca-1f78-4bdf-bb93-08d6d39041db',
		email: 'test_user_01@accuhive.io',
		name: 'test_user_01',
		active: true,
		archived: false,
		created_at: '2024-09-06T21:00:04.304248Z',
		updated_at: '2024-09-06T21:00:04.304280Z',
		deprecated_user_id: '29360',
	};

	it('maps archived → archived (before active), active:false → suspended, else active', () => {
		expect(normaliseKandjiUser(raw).status).toBe('active');
		expect(normaliseKandjiUser({ ...raw, active: false }).status).toBe('suspended');
		expect(normaliseKandjiUser({ ...raw, archived: true }).status).toBe('archived');
		expect(normaliseKandjiUser({ ...raw, archived: true, active: false }).status).toBe('archived');
	});

	it('keeps what Kandji has and leaves the rest null', () => {
		expect(normaliseKandjiUser(raw)).toEqual({
			id: raw.id,
			provider: 'kandji',
			email: raw.email,
			username: null,
			firstName: null,
			lastName: null,
			displayName: 'test_user_01',
			status: 'active',
			groups: [],
			externalId: null,
			createdAt: raw.created_at,
			updatedAt: raw.updated_at,
		});
	});
});
