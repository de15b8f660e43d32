import { startSandboxServer, type SandboxRequest, type SandboxResponse, type SandboxServer } from '../http';
import { integerBetween, seededRandom } from '../random';
import { KandjiDirectory, type KandjiDevice, type KandjiIntegration, type KandjiUser } from './directory';

export { KandjiDirectory };
export type { KandjiDevice, KandjiIntegration, KandjiUser };

/** The token permissions the sandbox knows, one per endpoint the package calls. */
export const KANDJI_PERMISSIONS = ['users:list', 'users:get', 'users:delete', 'devices:list', 'devices:lock'] as const;
export type KandjiPermission = (typeof KANDJI_PERMISSIONS)[number];

export interface KandjiSandboxOptions {
	directory?: KandjiDirectory;
	apiToken?: string;
	/** Users per cursor page; Kandji's is 300. */
	pageSize?: number;
	/**
	 * Origin written into `next` links. Kandji's own example names the web app's host (no `.api.`),
	 * which is what the sandbox does by default; tests point it at a trap server.
	 */
	nextOrigin?: string;
	/** How devices name their user: by UUID, or by the older numeric id (`deprecated_user_id`). */
	deviceUserIds?: 'uuid' | 'legacy';
	latencyMs?: number;
	port?: number;
	seed?: number;
}

export interface LockRequest {
	deviceId: string;
	body: unknown;
}

export interface KandjiSandbox {
	server: SandboxServer;
	directory: KandjiDirectory;
	apiToken: string;
	/** What the token may do; tests remove entries to get 403s. */
	permissions: Set<KandjiPermission>;
	/** Every lock action received, in order, with its body. */
	lockRequests: LockRequest[];
	/** Values for a Kandji API credential with the custom region. */
	credentials: { region: 'custom'; baseUrl: string; apiToken: string };
	/** The next this many list pages with more users after them answer `next: null`: lists cut short. */
	listsCutShort: number;
	close(): Promise<void>;
}

export const SANDBOX_KANDJI_TOKEN = '3f6b2a4e-91c7-4d0a-8e55-b2c1d9f04a17';

const HTML_404 =
	'<!doctype html>\n<html lang="en"><head><title>Not Found</title></head><body><h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function json(status: number, body: unknown): SandboxResponse {
	return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function detail(status: number, text: string): SandboxResponse {
	return json(status, { detail: text });
}

function integrationOf(directory: KandjiDirectory, uuid: string): KandjiIntegration | undefined {
	return directory.integrations.find((integration) => integration.uuid === uuid);
}

export function userRecord(directory: KandjiDirectory, user: KandjiUser): Record<string, unknown> {
	const integration = integrationOf(directory, user.integrationUuid);
	return {
		active: user.active,
		archived: user.archived,
		created_at: user.createdAt,
		department: user.department,
		deprecated_user_id: user.deprecatedUserId,
		email: user.email,
		id: user.id,
		integration: integration
			? { id: integration.id, name: integration.name, uuid: integration.uuid, type: integration.type }
			: null,
		job_title: user.jobTitle,
		name: user.name,
		device_count: directory.devicesOf(user.id).length,
		updated_at: user.updatedAt,
	};
}

function deviceRecord(
	directory: KandjiDirectory,
	device: KandjiDevice,
	deviceUserIds: 'uuid' | 'legacy',
): Record<string, unknown> {
	const owner = device.userId ? directory.users.get(device.userId) : undefined;
	return {
		device_id: device.deviceId,
		device_name: device.deviceName,
		model: device.model,
		serial_number: device.serialNumber,
		platform: device.platform,
		os_version: device.osVersion,
		last_check_in: device.lastCheckIn,
		// Polymorphic: an object when assigned, the empty string when not.
		user: owner
			? {
					email: owner.email,
					name: owner.name,
					id: deviceUserIds === 'uuid' ? owner.id : Number(owner.deprecatedUserId),
					is_archived: owner.archived,
				}
			: '',
		asset_tag: device.assetTag,
		blueprint_id: device.blueprintId,
		blueprint_name: device.blueprintName,
		mdm_enabled: true,
		agent_installed: device.platform === 'Mac',
		is_missing: false,
		is_removed: false,
		first_enrollment: device.firstEnrollment,
		last_enrollment: device.firstEnrollment,
		lost_mode_status: '',
		tags: [],
	};
}

const encodeCursor = (position: number) => Buffer.from(`p=${position}`).toString('base64');
function decodeCursor(cursor: string): number | undefined {
	const match = /^p=(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
	return match ? Number(match[1]) : undefined;
}

/** A Kandji-compatible API over loopback, with Kandji's documented quirks, for demos and tests. */
export async function startKandjiSandbox(options: KandjiSandboxOptions = {}): Promise<KandjiSandbox> {
	const directory = options.directory ?? KandjiDirectory.seeded({ users: 25, seed: 7 });
	const apiToken = options.apiToken ?? SANDBOX_KANDJI_TOKEN;
	const pageSize = options.pageSize ?? 300;
	const nextOrigin = options.nextOrigin ?? 'https://accuhive.kandji.io';
	const deviceUserIds = options.deviceUserIds ?? 'uuid';
	const permissions = new Set<KandjiPermission>(KANDJI_PERMISSIONS);
	const lockRequests: LockRequest[] = [];
	const random = seededRandom(options.seed ?? 99);
	// Filled in once the server listens; the handlers read `listsCutShort` from it.
	const sandbox = { directory, apiToken, permissions, lockRequests, listsCutShort: 0 } as KandjiSandbox;

	const listUsers = (query: URLSearchParams): SandboxResponse => {
		const archived = query.get('archived');
		if (archived !== null && archived !== 'true' && archived !== 'false') {
			return json(400, { archived: ['Must be a valid boolean.'] });
		}
		const integrationId = query.get('integration_id');
		if (integrationId !== null && !UUID.test(integrationId)) {
			return json(400, { integration_id: [`“${integrationId}” is not a valid UUID.`] });
		}
		const email = query.get('email')?.toLowerCase();
		const id = query.get('id');
		let after = -1;
		const cursor = query.get('cursor');
		if (cursor !== null) {
			const position = decodeCursor(cursor);
			if (position === undefined) return detail(404, 'Invalid cursor');
			after = position;
		}
		const matching = directory
			.list()
			.filter(
				(user) =>
					(!email || user.email.toLowerCase().includes(email)) &&
					(!id || user.id === id) &&
					(!integrationId || user.integrationUuid === integrationId) &&
					(archived === null || String(user.archived) === archived),
			);
		const remaining = matching.filter((user) => user.sequence > after);
		const results = remaining.slice(0, pageSize);
		const link = (position: number) => {
			const params = new URLSearchParams(query);
			params.set('cursor', encodeCursor(position));
			return `${nextOrigin}/api/v1/users?${params.toString()}`;
		};
		let more = remaining.length > pageSize;
		if (more && sandbox.listsCutShort > 0) {
			sandbox.listsCutShort--;
			more = false;
		}
		return json(200, {
			next: more ? link(results[results.length - 1].sequence) : null,
			previous: cursor !== null && results.length ? link(results[0].sequence - 1) : null,
			results: results.map((user) => userRecord(directory, user)),
		});
	};

	const listDevices = (query: URLSearchParams): SandboxResponse => {
		const limitText = query.get('limit') ?? '300';
		const offsetText = query.get('offset') ?? '0';
		if (!/^\d+$/.test(limitText) || !/^\d+$/.test(offsetText)) {
			return json(400, ['limit and offset must be whole numbers.']);
		}
		const limit = Math.min(300, Number(limitText));
		const offset = Number(offsetText);
		const userId = query.get('user_id');
		const exactEmail = query.get('user_email_exact')?.toLowerCase();
		const emailPart = query.get('user_email')?.toLowerCase();
		const owner = (device: KandjiDevice) => (device.userId ? directory.users.get(device.userId) : undefined);
		const devices = [...directory.devices.values()].filter((device) => {
			const user = owner(device);
			return (
				(!userId || user?.id === userId) &&
				(!exactEmail || user?.email.toLowerCase() === exactEmail) &&
				(!emailPart || Boolean(user?.email.toLowerCase().includes(emailPart)))
			);
		});
		return json(
			200,
			devices.slice(offset, offset + limit).map((device) => deviceRecord(directory, device, deviceUserIds)),
		);
	};

	const lockDevice = (deviceId: string, body: Buffer): SandboxResponse => {
		const device = directory.devices.get(deviceId);
		if (!device) return detail(404, 'Not found.');
		const parsed: unknown = body.length ? JSON.parse(body.toString('utf8')) : undefined;
		lockRequests.push({ deviceId, body: parsed });
		// Kandji's answer for a device that is already locked: a bare JSON string.
		if (device.locked) return json(400, 'This device is already locked.');
		const fields = (parsed ?? {}) as { Message?: string; PhoneNumber?: string };
		const pin = device.platform === 'Mac' ? String(integerBetween(random, 0, 999_999)).padStart(6, '0') : null;
		device.locked = true;
		device.lock = { message: fields.Message, phoneNumber: fields.PhoneNumber, pin };
		return pin ? json(200, { PIN: pin }) : { status: 200 };
	};

	const deleteUser = (id: string): SandboxResponse => {
		if (!directory.users.has(id)) return detail(404, 'Not found.');
		if (directory.devicesOf(id).length) return detail(400, 'User still assigned to one or more devices.');
		directory.users.delete(id);
		return { status: 204 };
	};

	const route = (request: SandboxRequest): { permission: KandjiPermission; handle: () => SandboxResponse } | SandboxResponse => {
		const segments = request.path.slice('/api/v1/'.length).split('/').map(decodeURIComponent);
		const [collection, id, action, verb, ...rest] = segments;
		if (rest.length) return { status: 404, headers: { 'Content-Type': 'text/html' }, body: HTML_404 };
		const notAllowed = detail(405, `Method "${request.method}" not allowed.`);
		if (collection === 'users' && segments.length === 1) {
			return request.method === 'GET' ? { permission: 'users:list', handle: () => listUsers(request.query) } : notAllowed;
		}
		if (collection === 'users' && segments.length === 2) {
			if (request.method === 'GET') {
				return {
					permission: 'users:get',
					handle: () => {
						const user = directory.users.get(id);
						return user ? json(200, userRecord(directory, user)) : detail(404, 'Not found.');
					},
				};
			}
			return request.method === 'DELETE' ? { permission: 'users:delete', handle: () => deleteUser(id) } : notAllowed;
		}
		if (collection === 'devices' && segments.length === 1) {
			return request.method === 'GET' ? { permission: 'devices:list', handle: () => listDevices(request.query) } : notAllowed;
		}
		if (collection === 'devices' && action === 'action' && verb === 'lock') {
			return request.method === 'POST'
				? { permission: 'devices:lock', handle: () => lockDevice(id, request.body) }
				: notAllowed;
		}
		return { status: 404, headers: { 'Content-Type': 'text/html' }, body: HTML_404 };
	};

	const handle = (request: SandboxRequest): SandboxResponse => {
		if (!request.path.startsWith('/api/v1/')) {
			return { status: 404, headers: { 'Content-Type': 'text/html' }, body: HTML_404 };
		}
		const authorization = request.headers.authorization;
		if (!authorization) return detail(401, 'Authentication credentials were not provided.');
		if (authorization !== `Bearer ${apiToken}`) return detail(401, 'Invalid token.');
		const routed = route(request);
		if (!('permission' in routed)) return routed;
		if (!permissions.has(routed.permission)) return detail(403, 'You do not have permission to perform this action.');
		return routed.handle();
	};

	const server = await startSandboxServer(handle, { port: options.port, latencyMs: options.latencyMs });
	Object.assign(sandbox, {
		server,
		credentials: { region: 'custom', baseUrl: server.url, apiToken },
		close: async () => await server.close(),
	});
	return sandbox;
}
