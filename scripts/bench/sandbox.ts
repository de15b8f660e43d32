/**
 * The bench's Keeper SCIM server: a directory of any size that costs nothing to seed. User `i`
 * is generated on demand from (seed, i) when a page first asks for it, and changes between polls
 * are a small overlay (users appended, users locked). It runs in a child process
 * (`BenchSandbox.start`), so its CPU and memory stay out of the measuring process; each answer
 * takes the configured latency, rendering included.
 *
 * It serves GET /Users of the Keeper sandbox (dev/sandboxes/keeper): same user representation,
 * same ListResponse, pages of at most 1,000, `startIndex`/`count`, and SCIM `attributes=` /
 * `excludedAttributes=` when a client asks for them (a full representation otherwise).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { startSandboxServer, type SandboxRequest, type SandboxResponse } from '../../dev/sandboxes/http';
import { KeeperDirectory, SANDBOX_API_TOKEN, SANDBOX_NODE_ID, userResource, type KeeperUser } from '../../dev/sandboxes/keeper';
import { LIST_SCHEMA, scimError } from '../../dev/sandboxes/keeper/scim';
import { DEPARTMENTS, emailLocalPart, FIRST_NAMES, LAST_NAMES } from '../../dev/sandboxes/random';

/** Keeper's largest page. */
export const KEEPER_PAGE_SIZE = 1000;
const USERS_PATH = `/api/rest/scim/v2/${SANDBOX_NODE_ID}/Users`;
/** Keeper enterprise user ids: the enterprise id shifted left 32 bits plus an ascending sequence. */
const ID_BASE = 225_118 * 2 ** 32 + 1_000;
const LOCKED_RATIO = 0.03;

export interface DirectoryShape {
	/** Users after the churn, which the measured poll reads: the seeded directory lacks the 0.1% new hires. */
	users: number;
	/** Teams in the directory (Keeper's departments by default). */
	teams?: number;
	/** Each user belongs to 1..maxMemberships teams; 1 or 2 (20% two) by default, as the Keeper sandbox seeds. */
	maxMemberships?: number;
	seed?: number;
}

export type SandboxCredentials = { region: 'custom'; baseUrl: string; nodeId: string; apiToken: string };

/** What the churn did: the events a correct change detector reports, exactly. */
export interface Churn {
	created: number;
	suspended: number;
}

/** A well-mixed 32-bit value from (seed, index, salt): murmur3's finaliser. */
function mix(seed: number, index: number, salt: number): number {
	let value = (Math.imul(index, 0x9e3779b1) ^ Math.imul(seed + salt, 0x85ebca6b)) >>> 0;
	value = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
	value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35);
	return (value ^ (value >>> 16)) >>> 0;
}

const LOCAL_PARTS = FIRST_NAMES.map((first) => LAST_NAMES.map((last) => emailLocalPart(first, last)));

/**
 * The seeded users (all but the 0.1% new hires) generated from the seed, plus the overlay: the
 * new hires appended after them and the users locked since. Ids ascend with the index, as Keeper's do.
 */
export class LazyDirectory {
	/** The teams (a Keeper sandbox directory without users), for the groups' display names. */
	readonly teams: KeeperDirectory;
	readonly teamIds: string[];
	private appended = 0;
	private readonly locked = new Set<number>();
	private readonly seed: number;
	/** 0.1% of the directory, at least one: the churn's new hires, and as many locks. */
	private readonly changes: number;
	private readonly seeded: number;

	constructor(private readonly shape: DirectoryShape) {
		this.seed = shape.seed ?? 2025;
		this.changes = Math.max(1, Math.round(shape.users / 1000));
		this.seeded = Math.max(0, shape.users - this.changes);
		this.teams = new KeeperDirectory(this.seed);
		const teamCount = shape.teams ?? DEPARTMENTS.length;
		this.teamIds = Array.from({ length: teamCount }, (_, index) => {
			const base = DEPARTMENTS[index % DEPARTMENTS.length];
			return this.teams.addTeam(index < DEPARTMENTS.length ? base : `${base} ${Math.floor(index / DEPARTMENTS.length) + 1}`).id;
		});
	}

	get size(): number {
		return this.seeded + this.appended;
	}

	user(index: number): KeeperUser {
		const value = (salt: number, below: number) => mix(this.seed, index, salt) % below;
		const first = value(1, FIRST_NAMES.length);
		const last = value(2, LAST_NAMES.length);
		const email = `${LOCAL_PARTS[first][last]}.${index}@acme-corp.example`;
		const teamIds: string[] = [];
		const wanted = this.shape.maxMemberships === undefined ? (value(3, 5) === 0 ? 2 : 1) : 1 + value(3, this.shape.maxMemberships);
		for (let salt = 4; teamIds.length < Math.min(wanted, this.teamIds.length) && salt < 12; salt++) {
			const teamId = this.teamIds[value(salt, this.teamIds.length)];
			if (!teamIds.includes(teamId)) teamIds.push(teamId);
		}
		const lockedAtSeed = index < this.seeded && value(12, 10_000) < LOCKED_RATIO * 10_000;
		return {
			id: String(ID_BASE + index * 20 + value(13, 20)),
			userName: email,
			email,
			givenName: FIRST_NAMES[first],
			familyName: LAST_NAMES[last],
			displayName: `${FIRST_NAMES[first]} ${LAST_NAMES[last]}`,
			active: !lockedAtSeed && !this.locked.has(index),
			teamIds,
		};
	}

	/** The new hires join and as many active users are locked (once until `reset`): the indices whose users changed. */
	churn(): { churn: Churn; changed: number[] } {
		if (this.appended) throw new Error('bench: the directory has churned already');
		const changed: number[] = [];
		for (let index = this.seeded; index < this.shape.users; index++) changed.push(index);
		this.appended = changed.length;
		let suspended = 0;
		// A fixed stride through the directory: the same users every time, spread over all pages.
		for (let step = 0; suspended < this.changes && step < this.seeded; step++) {
			const index = (step * 7919) % this.seeded;
			if (this.locked.has(index) || !this.user(index).active) continue;
			this.locked.add(index);
			changed.push(index);
			suspended++;
		}
		return { churn: { created: this.appended, suspended }, changed };
	}

	/** Back to the seeded directory: the indices whose users changed. */
	reset(): number[] {
		const changed = [...this.locked];
		this.appended = 0;
		this.locked.clear();
		return changed;
	}
}

/** SCIM attribute paths as a client sends them, reduced to lower-case top-level names (core schema URN dropped). */
function attributeNames(list: string | null): Set<string> | undefined {
	if (!list) return undefined;
	return new Set(
		list
			.split(',')
			.map((entry) => entry.trim().replace(/^urn:ietf:params:scim:schemas:core:2\.0:User:/i, '').split('.')[0].toLowerCase())
			.filter(Boolean),
	);
}

/** `attributes=` keeps the named attributes (and `id` and `schemas`, always returned); `excludedAttributes=` drops them. */
export function selectAttributes(resource: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
	const only = attributeNames(query.get('attributes'));
	const excluded = attributeNames(query.get('excludedAttributes'));
	if (!only && !excluded) return resource;
	const kept: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(resource)) {
		const key = name.toLowerCase();
		const always = key === 'id' || key === 'schemas';
		if (always || ((!only || only.has(key)) && !excluded?.has(key))) kept[name] = value;
	}
	return kept;
}

interface RenderedPage {
	query: URLSearchParams;
	selection: string;
	/** Zero-based: users [from, to) of the directory. */
	from: number;
	to: number;
	count: number;
	/** The users' JSON, comma-separated, as sent. */
	resources: Buffer;
}

/**
 * GET /Users. Each user's JSON is rendered once per attribute selection and each page's list
 * once; the churn re-renders, right away, the pages whose users it changed. So the measured poll
 * is served ready strings, and the server's own work stays far below the latency even on a
 * loaded machine. Requests and bytes are counted for the report.
 */
export class UsersEndpoint {
	private requests = 0;
	private bytes = 0;
	private attributeRequests = 0;
	/** Rendered users by attribute selection ('|' = the full representation), indexed like the directory. */
	private readonly users = new Map<string, (string | undefined)[]>();
	private readonly pages = new Map<string, RenderedPage>();

	constructor(readonly directory: LazyDirectory) {}

	answer(request: SandboxRequest): SandboxResponse {
		if (request.headers.authorization !== `Bearer ${SANDBOX_API_TOKEN}`) return scimError(401, 'Invalid or expired token');
		if (request.method !== 'GET' || request.path !== USERS_PATH) return scimError(404, 'bench: only the user listing is served');
		this.requests++;
		const selection = ['attributes', 'excludedAttributes'].map((name) => request.query.get(name) ?? '').join('|');
		if (selection !== '|') this.attributeRequests++;
		const startIndex = Math.max(1, Number(request.query.get('startIndex') ?? 1) || 1);
		const count = Math.min(KEEPER_PAGE_SIZE, Math.max(0, Number(request.query.get('count') ?? 100) || 0));
		const key = `${selection}\n${startIndex}\n${count}`;
		let page = this.pages.get(key);
		if (!page) {
			page = { query: request.query, selection, from: startIndex - 1, to: 0, count, resources: Buffer.alloc(0) };
			this.render(page);
			this.pages.set(key, page);
		}
		const head = `{"schemas":["${LIST_SCHEMA}"],"totalResults":${this.directory.size},"startIndex":${startIndex},"itemsPerPage":${page.to - page.from},"Resources":[`;
		const body = Buffer.concat([Buffer.from(head), page.resources, Buffer.from(']}')]);
		this.bytes += body.length;
		return { status: 200, headers: { 'Content-Type': 'application/scim+json' }, body };
	}

	private render(page: RenderedPage): void {
		let users = this.users.get(page.selection);
		if (!users) this.users.set(page.selection, (users = []));
		page.to = Math.max(page.from, Math.min(this.directory.size, page.from + page.count));
		const resources: string[] = [];
		for (let index = page.from; index < page.to; index++) {
			resources.push((users[index] ??= JSON.stringify(selectAttributes(userResource(this.directory.teams, this.directory.user(index)), page.query))));
		}
		page.resources = Buffer.from(resources.join(','));
	}

	/** After the directory changed: forgets the users that changed and re-renders their pages (and any the size change reaches). */
	changed(indices: number[]): void {
		for (const users of this.users.values()) for (const index of indices) users[index] = undefined;
		for (const page of this.pages.values()) {
			const reaches = Math.min(this.directory.size, page.from + page.count) !== page.to;
			if (reaches || indices.some((index) => index >= page.from && index < page.to)) this.render(page);
		}
	}

	takeCounts(): ServedCounts {
		const counts = { requests: this.requests, bytes: this.bytes, attributeRequests: this.attributeRequests };
		this.requests = this.bytes = this.attributeRequests = 0;
		return counts;
	}
}

export interface ServedCounts {
	requests: number;
	bytes: number;
	attributeRequests: number;
}

type ChildRequest = { type: 'churn' } | { type: 'reset' } | { type: 'takeCounts' };
type ChildReply =
	| { type: 'ready'; url: string }
	| { type: 'churned'; churn: Churn }
	| { type: 'reset' }
	| { type: 'counts'; counts: ServedCounts };

const SERVE_FLAG = '--bench-sandbox';
const wait = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** The child process: serve until the parent disconnects. */
async function serve(shape: DirectoryShape, latencyMs: number): Promise<void> {
	const endpoint = new UsersEndpoint(new LazyDirectory(shape));
	// The latency is the whole answer time, rendering included, as a server's would be.
	const server = await startSandboxServer(async (request) => {
		const started = Date.now();
		const response = endpoint.answer(request);
		await wait(latencyMs - (Date.now() - started));
		return response;
	});
	const reply = (message: ChildReply) => process.send?.(message);
	process.on('message', (message: ChildRequest) => {
		if (message.type === 'churn') {
			const { churn, changed } = endpoint.directory.churn();
			endpoint.changed(changed);
			reply({ type: 'churned', churn });
		} else if (message.type === 'reset') {
			endpoint.changed(endpoint.directory.reset());
			reply({ type: 'reset' });
		} else reply({ type: 'counts', counts: endpoint.takeCounts() });
	});
	process.on('disconnect', () => void server.close().then(() => process.exit(0)));
	reply({ type: 'ready', url: server.url });
}

/** The parent's handle on the sandbox child process. */
export class BenchSandbox {
	private constructor(
		private readonly child: ChildProcess,
		readonly credentials: SandboxCredentials,
	) {}

	static async start(shape: DirectoryShape, latencyMs: number): Promise<BenchSandbox> {
		// Compiled (npm run bench) the child runs this file's JavaScript; from the TypeScript
		// sources (the Jest test) through a minimal transpile-on-require hook.
		const execArgv = __filename.endsWith('.ts') ? ['--require', join(__dirname, 'transpile.js')] : [];
		const child = fork(__filename, [SERVE_FLAG, JSON.stringify(shape), String(latencyMs)], { stdio: 'inherit', execArgv });
		const ready = await new Promise<ChildReply>((resolve, reject) => {
			child.once('message', resolve);
			child.once('exit', (code) => reject(new Error(`bench: the sandbox exited with code ${code}`)));
		});
		if (ready.type !== 'ready') throw new Error('bench: unexpected first message from the sandbox');
		return new BenchSandbox(child, { region: 'custom', baseUrl: ready.url, nodeId: SANDBOX_NODE_ID, apiToken: SANDBOX_API_TOKEN });
	}

	private async ask<Type extends ChildReply['type']>(request: ChildRequest): Promise<Extract<ChildReply, { type: Type }>> {
		const answer = new Promise<ChildReply>((resolve) => this.child.once('message', resolve));
		this.child.send(request);
		return (await answer) as Extract<ChildReply, { type: Type }>;
	}

	async churn(): Promise<Churn> {
		return (await this.ask<'churned'>({ type: 'churn' })).churn;
	}

	async reset(): Promise<void> {
		await this.ask<'reset'>({ type: 'reset' });
	}

	/** Requests and bytes served since the last call. */
	async takeCounts(): Promise<ServedCounts> {
		return (await this.ask<'counts'>({ type: 'takeCounts' })).counts;
	}

	async close(): Promise<void> {
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.disconnect();
		await exited;
	}
}

if (process.argv[2] === SERVE_FLAG) {
	serve(JSON.parse(process.argv[3]) as DirectoryShape, Number(process.argv[4])).catch((error: Error) => {
		process.stderr.write(`bench sandbox: ${error.stack ?? error.message}\n`);
		process.exit(1);
	});
}
