import { startSandboxServer, type SandboxRequest, type SandboxResponse, type SandboxServer } from '../http';
import { KonnektiveCrm, type CustomerFields, type KonnektiveCustomer } from './crm';

export { KonnektiveCrm };
export type { CustomerFields, KonnektiveCustomer };

export const SANDBOX_LOGIN_ID = 'n8n-directory-api';
/** Characters that URL encoders disagree on, so that redaction is tested on every encoding. */
export const SANDBOX_PASSWORD = 'Kx9!(pw) ~*sandbox+@2024';
export const NO_CUSTOMERS = 'No customers matching those parameters could be found';
export const QUERY_CUSTOMERS = 'Query Customers';

export interface KonnektiveSandboxOptions {
	crm?: KonnektiveCrm;
	loginId?: string;
	password?: string;
	latencyMs?: number;
	port?: number;
}

/** The API user's settings in Konnektive's Admin → Users, which tests change to provoke errors. */
export interface ApiUserSettings {
	/** False: every request is refused as coming from an IP address that is not whitelisted. */
	ipWhitelisted: boolean;
	/** Endpoint permissions, by the names Konnektive's admin screen uses. */
	permissions: Set<string>;
}

export interface KonnektiveSandbox {
	server: SandboxServer;
	crm: KonnektiveCrm;
	apiUser: ApiUserSettings;
	/** Error messages repeat the request URL with its query string (some APIs do): redaction tests. */
	echoRequestInErrors: boolean;
	/** False: pages leave out `totalResults`, for clients that must not depend on it. */
	reportsTotalResults: boolean;
	/** True: `startDate` and `endDate` are checked but not applied, as a misbehaving server might. */
	ignoresDateRange: boolean;
	/** Values for a Konnektive API credential pointing at the sandbox. */
	credentials: { loginId: string; password: string; baseUrl: string };
	close(): Promise<void>;
}

const MAX_RESULTS_PER_PAGE = 200;
const DEFAULT_RESULTS_PER_PAGE = 25;
const QUERY_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** A customer as `customer/query/` returns it. */
export function customerRecord(crm: KonnektiveCrm, customer: KonnektiveCustomer): Record<string, unknown> {
	const { created, updated, ...fields } = customer;
	return { ...fields, dateCreated: crm.localDateTime(created), dateUpdated: crm.localDateTime(updated) };
}

/** MM/DD/YYYY → YYYY-MM-DD, or undefined when it is not a real day. */
function queryDay(value: string): string | undefined {
	const match = QUERY_DATE.exec(value);
	if (!match) return undefined;
	const [, month, day, year] = match;
	const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
	const iso = date.toISOString().slice(0, 10);
	return iso === `${year}-${month}-${day}` ? iso : undefined;
}

function parameters(request: SandboxRequest): URLSearchParams {
	const merged = new URLSearchParams(request.query);
	if (request.body.length && /x-www-form-urlencoded/.test(String(request.headers['content-type']))) {
		for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) merged.set(name, value);
	}
	return merged;
}

/** A Konnektive-compatible `customer/query/` over loopback: HTTP 200 for errors, day-granular filters. */
export async function startKonnektiveSandbox(options: KonnektiveSandboxOptions = {}): Promise<KonnektiveSandbox> {
	const crm = options.crm ?? KonnektiveCrm.seeded({ customers: 60, seed: 5 });
	const loginId = options.loginId ?? SANDBOX_LOGIN_ID;
	const password = options.password ?? SANDBOX_PASSWORD;
	const apiUser: ApiUserSettings = { ipWhitelisted: true, permissions: new Set([QUERY_CUSTOMERS]) };
	const settings = { echoRequestInErrors: false, reportsTotalResults: true, ignoresDateRange: false };

	const ok = (message: unknown): SandboxResponse => ({ status: 200, body: { result: 'SUCCESS', message } });

	const handle = (request: SandboxRequest): SandboxResponse => {
		const params = parameters(request);
		const error = (message: string): SandboxResponse => ({
			status: 200,
			body: {
				result: 'ERROR',
				message: settings.echoRequestInErrors ? `${message} (request: ${request.path}?${params.toString()})` : message,
			},
		});
		if (request.path === '/customer/query') return { status: 301, headers: { Location: '/customer/query/' } };
		if (request.path !== '/customer/query/') {
			return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><head><title>404 Not Found</title></head></html>' };
		}
		if (request.method !== 'GET' && request.method !== 'POST') return { status: 405, body: 'Method Not Allowed' };
		if (params.get('loginId') !== loginId || params.get('password') !== password) {
			return error('Invalid login credentials');
		}
		if (!apiUser.ipWhitelisted) return error('IP address 127.0.0.1 is not whitelisted for this API user');
		if (!apiUser.permissions.has(QUERY_CUSTOMERS)) return error('Permission denied: Query Customers');

		let customers = crm.list();
		const customerId = params.get('customerId');
		if (customerId !== null) {
			customers = customers.filter((customer) => String(customer.customerId) === customerId);
		} else {
			const startDate = params.get('startDate');
			const endDate = params.get('endDate');
			if (!startDate || !endDate) return error('startDate and endDate are required');
			const start = queryDay(startDate);
			const end = queryDay(endDate);
			if (!start || !end) return error('Invalid date format: startDate and endDate must be MM/DD/YYYY');
			const field = params.get('dateRangeType') === 'dateUpdated' || params.get('dateRangeType') === 'mostRecentActivity' ? 'updated' : 'created';
			customers = customers.filter((customer) => {
				const day = crm.localDay(customer[field]);
				return settings.ignoresDateRange || (day >= start && day <= end);
			});
			const direction = params.get('sortDir') === '1' ? 1 : -1;
			customers = [...customers].sort(
				(a, b) => direction * (a[field].getTime() - b[field].getTime() || a.customerId - b.customerId),
			);
		}
		const email = params.get('emailAddress')?.toLowerCase();
		if (email) customers = customers.filter((customer) => customer.emailAddress.toLowerCase() === email);
		const phone = params.get('phoneNumber')?.replace(/\D/g, '');
		if (phone) customers = customers.filter((customer) => customer.phoneNumber.replace(/\D/g, '') === phone);

		const resultsPerPage = Math.min(
			MAX_RESULTS_PER_PAGE,
			Math.max(1, Number(params.get('resultsPerPage') ?? DEFAULT_RESULTS_PER_PAGE) || DEFAULT_RESULTS_PER_PAGE),
		);
		const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
		const data = customers.slice((page - 1) * resultsPerPage, page * resultsPerPage);
		if (data.length === 0) return error(NO_CUSTOMERS);
		// Konnektive sends `page` back as a string.
		return ok({
			...(settings.reportsTotalResults ? { totalResults: customers.length } : {}),
			page: String(page),
			resultsPerPage,
			data: data.map((customer) => customerRecord(crm, customer)),
		});
	};

	const server = await startSandboxServer(handle, { port: options.port, latencyMs: options.latencyMs });
	return Object.assign(settings, {
		server,
		crm,
		apiUser,
		credentials: { loginId, password, baseUrl: server.url },
		close: async () => await server.close(),
	});
}
