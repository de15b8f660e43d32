import { startSandboxServer, type SandboxRequest, type SandboxResponse, type SandboxServer } from '../http';
import { KeeperDirectory, type KeeperTeam, type KeeperUser } from './directory';
import { groupResource, LIST_SCHEMA, scim, scimError, userResource } from './scim';
import { KeeperWrites, type KeeperWriteSettings } from './writes';

export { KeeperDirectory, userResource };
export type { KeeperTeam, KeeperUser, KeeperWriteSettings };

export interface KeeperSandboxOptions {
	directory?: KeeperDirectory;
	nodeId?: string;
	/** Console-style (standard base64) token by default. */
	apiToken?: string;
	/** Keeper pages at most 1000; lower it to act as a server that returns fewer than asked. */
	maxPageSize?: number;
	latencyMs?: number;
	port?: number;
	/** How writes are answered (seat limit, response style…); unlimited seats, full responses by default. */
	writes?: Partial<KeeperWriteSettings>;
}

export interface KeeperSandbox {
	server: SandboxServer;
	directory: KeeperDirectory;
	nodeId: string;
	apiToken: string;
	maxPageSize: number;
	/** Mutable: change the seat limit or the response style between runs. */
	writeSettings: KeeperWriteSettings;
	/** Values for a Keeper SCIM API credential with the custom region. */
	credentials: { region: 'custom'; baseUrl: string; nodeId: string; apiToken: string };
	close(): Promise<void>;
}

export const SANDBOX_NODE_ID = '966183628062721';
export const SANDBOX_API_TOKEN = 'c2FuZGJveC1rZWVwZXItc2NpbS10b2tlbi0wMDAwMDE=';

function page<T>(all: T[], query: URLSearchParams, maxPageSize: number): SandboxResponse {
	const startIndex = Math.max(1, Number(query.get('startIndex') ?? 1) || 1);
	const count = Math.min(maxPageSize, Math.max(0, Number(query.get('count') ?? 100) || 0));
	const resources = all.slice(startIndex - 1, startIndex - 1 + count);
	return scim(200, {
		schemas: [LIST_SCHEMA],
		totalResults: all.length,
		startIndex,
		itemsPerPage: resources.length,
		Resources: resources,
	});
}

/** Keeper documents `userName eq "…"`; anything else is refused like an unsupported filter. */
function filterUsers(directory: KeeperDirectory, filter: string | null): KeeperUser[] | SandboxResponse {
	if (!filter) return directory.list();
	const match = /^userName eq ("(?:[^"\\]|\\.)*")$/i.exec(filter.trim());
	if (!match) return scimError(400, `Unsupported filter: ${filter}`, 'invalidFilter');
	const user = directory.findByUserName(JSON.parse(match[1]) as string);
	return user ? [user] : [];
}

/** A Keeper-SCIM-compatible server over loopback, for demos and tests. */
export async function startKeeperSandbox(options: KeeperSandboxOptions = {}): Promise<KeeperSandbox> {
	const directory = options.directory ?? KeeperDirectory.seeded({ users: 25, seed: 7 });
	const nodeId = options.nodeId ?? SANDBOX_NODE_ID;
	const apiToken = options.apiToken ?? SANDBOX_API_TOKEN;
	const maxPageSize = options.maxPageSize ?? 1000;
	const prefix = '/api/rest/scim/v2/';
	const writeSettings: KeeperWriteSettings = {
		seatLimit: Number.POSITIVE_INFINITY,
		responses: 'full',
		ignoreGroupsOnCreate: false,
		strictScim: false,
		...options.writes,
	};
	const writes = new KeeperWrites(directory, writeSettings);

	const handle = (request: SandboxRequest): SandboxResponse => {
		if (!request.path.startsWith(prefix)) return { status: 404, body: '<html><body>Not Found</body></html>' };
		const [requestNode, collection, id, ...rest] = request.path.slice(prefix.length).split('/');
		if (request.headers.authorization !== `Bearer ${apiToken}`) return scimError(401, 'Invalid or expired token');
		if (requestNode !== nodeId) return scimError(404, 'Node not found');
		if (rest.length) return scimError(404, 'Resource not found');
		const resourceId = id === undefined ? undefined : decodeURIComponent(id);

		if (collection === 'Users' && request.method === 'GET') {
			if (resourceId === undefined || resourceId === '') {
				const users = filterUsers(directory, request.query.get('filter'));
				if (!Array.isArray(users)) return users;
				return page(
					users.map((user) => userResource(directory, user)),
					request.query,
					maxPageSize,
				);
			}
			const user = directory.users.get(resourceId);
			return user ? scim(200, userResource(directory, user)) : scimError(404, `User ${resourceId} not found`);
		}
		if (collection === 'Groups' && request.method === 'GET') {
			const withMembers = !/\bmembers\b/.test(request.query.get('excludedAttributes') ?? '');
			if (resourceId === undefined || resourceId === '') {
				if (request.query.get('filter')) return scimError(400, 'Filtering groups is not supported', 'invalidFilter');
				return page(
					[...directory.teams.values()].map((team) => groupResource(directory, team, withMembers)),
					request.query,
					maxPageSize,
				);
			}
			const team = directory.teams.get(resourceId);
			return team ? scim(200, groupResource(directory, team, withMembers)) : scimError(404, `Group ${resourceId} not found`);
		}
		return (
			writes.handle(request, collection, resourceId || undefined) ??
			scimError(405, `${request.method} ${collection} is not supported by the sandbox`)
		);
	};

	const server = await startSandboxServer(handle, { port: options.port, latencyMs: options.latencyMs });
	return {
		server,
		directory,
		nodeId,
		apiToken,
		maxPageSize,
		writeSettings,
		credentials: { region: 'custom', baseUrl: server.url, nodeId, apiToken },
		close: async () => await server.close(),
	};
}
