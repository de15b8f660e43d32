import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SandboxRequest {
	method: string;
	/** Path without query string. */
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	body: Buffer;
}

export interface SandboxResponse {
	status: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON; strings and Buffers as they are. */
	body?: unknown;
}

/** A canned failure answered instead of the real handler, for the next `times` matching requests. */
export interface Fault {
	/** Matches when the request path (without query) contains this text; every request when omitted. */
	pathIncludes?: string;
	/** Also match on the query string, e.g. 'startIndex=1001'. */
	queryIncludes?: string;
	/** Match only this HTTP method. */
	method?: string;
	times: number;
	response?: SandboxResponse;
	/** A response made per hit (1-based), for servers that invent fresh pages or cursors. */
	respond?: (hit: number) => SandboxResponse;
	/** Send the response body one byte every this many milliseconds (a trickling server). */
	trickleMs?: number;
	/** Destroy the socket without answering (a network failure). */
	dropConnection?: boolean;
	/** Answer after this many milliseconds (a slow server, for timeouts). */
	delayMs?: number;
}

export interface LoggedRequest {
	method: string;
	path: string;
	query: string;
	host: string | undefined;
	authorization: string | undefined;
}

export interface SandboxServer {
	url: string;
	port: number;
	/** Every request received, in order. */
	requests: LoggedRequest[];
	/** Added latency for every request, in milliseconds (benchmarks). */
	latencyMs: number;
	/** Requests handled at the same time, at most (measured). */
	peakConcurrency: number;
	/**
	 * Called before each request is answered (after the latency): tests change the directory
	 * here, between the pages of one read.
	 */
	beforeAnswer: ((request: SandboxRequest) => void | Promise<void>) | undefined;
	/** Trickled responses the client hung up on before their last byte. */
	cutShort: number;
	injectFault(fault: Fault): void;
	clearFaults(): void;
	close(): Promise<void>;
}

function send(response: ServerResponse, reply: SandboxResponse, trickle?: { ms: number; onCut: () => void }): void {
	const headers = { ...reply.headers };
	let payload: Buffer | string = '';
	if (Buffer.isBuffer(reply.body) || typeof reply.body === 'string') {
		payload = reply.body;
	} else if (reply.body !== undefined) {
		payload = JSON.stringify(reply.body);
		headers['Content-Type'] ??= 'application/json';
	}
	response.writeHead(reply.status, headers);
	if (!trickle) {
		response.end(payload);
		return;
	}
	const bytes = Buffer.from(payload);
	let sent = 0;
	const timer = setInterval(() => {
		if (response.destroyed || sent >= bytes.length) {
			clearInterval(timer);
			response.end();
			return;
		}
		response.write(bytes.subarray(sent, ++sent));
	}, trickle.ms);
	response.on('close', () => {
		clearInterval(timer);
		if (sent < bytes.length) trickle.onCut();
	});
}

const wait = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback HTTP server with a request log, latency and fault injection around a handler. */
export async function startSandboxServer(
	handler: (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>,
	options: { port?: number; latencyMs?: number } = {},
): Promise<SandboxServer> {
	const faults: (Fault & { hits?: number })[] = [];
	let active = 0;
	const state = {
		requests: [] as LoggedRequest[],
		latencyMs: options.latencyMs ?? 0,
		peakConcurrency: 0,
		beforeAnswer: undefined as SandboxServer['beforeAnswer'],
		cutShort: 0,
	};

	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			void (async () => {
				active++;
				state.peakConcurrency = Math.max(state.peakConcurrency, active);
				try {
					const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
					state.requests.push({
						method: request.method ?? 'GET',
						path: url.pathname,
						query: url.search,
						host: request.headers.host,
						authorization: request.headers.authorization,
					});
					if (state.latencyMs > 0) await wait(state.latencyMs);
					const incoming: SandboxRequest = {
						method: request.method ?? 'GET',
						path: url.pathname,
						query: url.searchParams,
						headers: request.headers,
						body: Buffer.concat(chunks),
					};
					await state.beforeAnswer?.(incoming);
					const fault = faults.find(
						(candidate) =>
							candidate.times > 0 &&
							(!candidate.pathIncludes || url.pathname.includes(candidate.pathIncludes)) &&
							(!candidate.queryIncludes || url.search.includes(candidate.queryIncludes)) &&
							(!candidate.method || candidate.method === request.method),
					);
					if (fault) {
						fault.times--;
						fault.hits = (fault.hits ?? 0) + 1;
						if (fault.delayMs) await wait(fault.delayMs);
						if (fault.dropConnection) {
							request.socket.destroy();
							return;
						}
						const reply = fault.respond?.(fault.hits) ?? fault.response;
						if (reply) {
							const onCut = () => void state.cutShort++;
							send(response, reply, fault.trickleMs ? { ms: fault.trickleMs, onCut } : undefined);
							return;
						}
					}
					send(response, await handler(incoming));
				} catch (error) {
					send(response, { status: 500, body: { message: `sandbox error: ${(error as Error).message}` } });
				} finally {
					active--;
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return Object.assign(state, {
		url: `http://127.0.0.1:${port}`,
		port,
		injectFault: (fault: Fault) => void faults.push({ ...fault }),
		clearFaults: () => void faults.splice(0),
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	});
}
