/**
 * `npm run bench`: one poll of the User Directory Trigger against the Keeper sandbox at several
 * directory sizes, beside the naive approach a user would otherwise build (sequential pages of
 * 100, full user objects kept as the snapshot), in the same run.
 *
 *   npm run bench -- --sizes 1000,10000,100000 --latency 20 --concurrency 4
 *   (or BENCH_SIZES, BENCH_LATENCY_MS, BENCH_CONCURRENCY)
 *
 * The sandbox runs in a child process, so its memory and CPU stay out of the measured figures.
 * It serves the Keeper sandbox's directory and user representation, seeded in linear time and
 * paged lazily (the sandbox's own handler rebuilds every user per request, which at 100,000
 * users would measure the sandbox rather than the poll).
 * Each approach first records its baseline, then the directory changes a little (0.1% new hires,
 * 0.1% locked), then the measured poll runs from static data round-tripped through JSON, as n8n
 * loads it from its database.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';

import { DIRECTORY_EVENTS } from '../nodes/shared/domain';
import { pollTrigger } from '../test/harness/engine';
import { credentialRefs, node, USER_DIRECTORY_TRIGGER } from '../test/harness/workflows';
import { startSandboxServer, type SandboxRequest, type SandboxResponse } from '../test/sandbox/http';
import { KeeperDirectory, SANDBOX_API_TOKEN, SANDBOX_NODE_ID, userResource } from '../test/sandbox/keeper';
import { DEPARTMENTS, emailLocalPart, FIRST_NAMES, LAST_NAMES, pick, seededRandom } from '../test/sandbox/random';

const SERVE_FLAG = '--serve';
const KEEPER_PAGE_SIZE = 1000;
const NAIVE_PAGE_SIZE = 100;
const MB = 1024 * 1024;

interface BenchOptions {
	sizes: number[];
	latencyMs: number;
	concurrency: number;
}

type SandboxCredentials = { region: 'custom'; baseUrl: string; nodeId: string; apiToken: string };

type ChildRequest = { type: 'churn' } | { type: 'takeRequestCount' };
type ChildReply =
	| { type: 'ready'; credentials: SandboxCredentials }
	| { type: 'churned'; changes: number }
	| { type: 'requestCount'; count: number };

interface Measurement {
	wallMs: number;
	/** CPU time of the measuring process (the poll's own work: parsing, hashing, comparing). */
	cpuMs: number;
	requests: number;
	peakHeapGrowthBytes: number;
	staticDataBytes: number;
	events: number;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
	const flag = (name: string) => {
		const index = argv.indexOf(`--${name}`);
		return index >= 0 ? argv[index + 1] : undefined;
	};
	const number = (text: string, name: string) => {
		const value = Number(text);
		if (!Number.isInteger(value) || value < 0) throw new Error(`bench: ${name} must be a whole number, got "${text}"`);
		return value;
	};
	const sizes = (flag('sizes') ?? env.BENCH_SIZES ?? '1000,10000,100000').split(',').map((size) => number(size.trim(), 'sizes'));
	return {
		sizes,
		latencyMs: number(flag('latency') ?? env.BENCH_LATENCY_MS ?? '20', 'latency'),
		concurrency: number(flag('concurrency') ?? env.BENCH_CONCURRENCY ?? '4', 'concurrency'),
	};
}

// ---- the sandbox process ------------------------------------------------------------------

/** Like KeeperDirectory.seeded (3% locked, one or two teams each), in linear time: unique emails are given. */
function benchDirectory(users: number): KeeperDirectory {
	const random = seededRandom(2025);
	const directory = new KeeperDirectory(2025);
	const teamIds = DEPARTMENTS.map((department) => directory.addTeam(department).id);
	for (let index = 0; index < users; index++) {
		const givenName = pick(random, FIRST_NAMES);
		const familyName = pick(random, LAST_NAMES);
		const user = directory.addUser({
			givenName,
			familyName,
			email: `${emailLocalPart(givenName, familyName)}.${index}@acme-corp.example`,
			teamIds: [pick(random, teamIds)],
			active: random() >= 0.03,
		});
		if (random() < 0.2) user.teamIds.push(pick(random, teamIds.filter((teamId) => teamId !== user.teamIds[0])));
	}
	return directory;
}

/**
 * GET /Users of the Keeper sandbox, each page rendered once: the measured poll finds its pages
 * ready, so the server answers in `latencyMs` and its own CPU stays out of the figures (a real
 * Keeper has more than one core to serve a tenant).
 */
class PagedUsers {
	private readonly rendered = new Map<string, string>();

	constructor(private readonly directory: KeeperDirectory) {}

	answer(request: SandboxRequest): SandboxResponse {
		const path = `/api/rest/scim/v2/${SANDBOX_NODE_ID}/Users`;
		if (request.path !== path || request.headers.authorization !== `Bearer ${SANDBOX_API_TOKEN}`) {
			return { status: 404, body: { detail: 'bench: only the user listing is served' } };
		}
		const startIndex = Math.max(1, Number(request.query.get('startIndex') ?? 1));
		const count = Math.min(KEEPER_PAGE_SIZE, Number(request.query.get('count') ?? 100));
		return { status: 200, headers: { 'Content-Type': 'application/scim+json' }, body: this.page(startIndex, count) };
	}

	/** Forgets the rendered pages after the directory changed, then renders pages of each size. */
	rerender(pageSizes: number[]): void {
		this.rendered.clear();
		const total = this.directory.list().length;
		for (const pageSize of pageSizes) {
			for (let startIndex = 1; startIndex <= total; startIndex += pageSize) this.page(startIndex, pageSize);
		}
	}

	private page(startIndex: number, count: number): string {
		const all = this.directory.list();
		const users = all.slice(startIndex - 1, startIndex - 1 + count);
		const key = `${startIndex}:${users.length}`;
		let body = this.rendered.get(key);
		if (body === undefined) {
			body = JSON.stringify({
				schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
				totalResults: all.length,
				startIndex,
				itemsPerPage: users.length,
				Resources: users.map((user) => userResource(this.directory, user)),
			});
			this.rendered.set(key, body);
		}
		return body;
	}
}

async function serve(users: number, latencyMs: number): Promise<void> {
	const directory = benchDirectory(users);
	const pages = new PagedUsers(directory);
	const server = await startSandboxServer((request) => pages.answer(request), { latencyMs });
	const reply = (message: ChildReply) => process.send?.(message);
	process.on('message', (message: ChildRequest) => {
		if (message.type === 'churn') {
			const changes = Math.max(1, Math.round(users / 1000));
			const active = directory.list().filter((user) => user.active);
			for (let index = 0; index < changes; index++) {
				directory.addUser({ email: `new.hire.${index}@acme-corp.example` });
				directory.lock(active[(index * 7919) % active.length].id);
			}
			pages.rerender([KEEPER_PAGE_SIZE, NAIVE_PAGE_SIZE]);
			reply({ type: 'churned', changes: 2 * changes });
		} else {
			reply({ type: 'requestCount', count: server.requests.length });
			server.requests.length = 0;
		}
	});
	process.on('disconnect', () => void server.close().then(() => process.exit(0)));
	reply({
		type: 'ready',
		credentials: { region: 'custom', baseUrl: server.url, nodeId: SANDBOX_NODE_ID, apiToken: SANDBOX_API_TOKEN },
	});
}

class SandboxProcess {
	private constructor(
		private readonly child: ChildProcess,
		readonly credentials: SandboxCredentials,
	) {}

	static async start(users: number, latencyMs: number): Promise<SandboxProcess> {
		const child = fork(__filename, [SERVE_FLAG, String(users), String(latencyMs)], { stdio: 'inherit' });
		const ready = await new Promise<ChildReply>((resolve, reject) => {
			child.once('message', resolve);
			child.once('exit', (code) => reject(new Error(`bench: the sandbox exited with code ${code}`)));
		});
		if (ready.type !== 'ready') throw new Error('bench: unexpected first message from the sandbox');
		return new SandboxProcess(child, ready.credentials);
	}

	async ask<Type extends ChildReply['type']>(request: ChildRequest): Promise<Extract<ChildReply, { type: Type }>> {
		const answer = new Promise<ChildReply>((resolve) => this.child.once('message', resolve));
		this.child.send(request);
		return (await answer) as Extract<ChildReply, { type: Type }>;
	}

	async close(): Promise<void> {
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.disconnect();
		await exited;
	}
}

// ---- measuring ----------------------------------------------------------------------------

function collectGarbage(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}
const gc = collectGarbage();

/** Wall time, CPU time and peak heap growth of `action`; the heap is sampled every 2 ms and at the end. */
async function measure<T>(action: () => Promise<T>): Promise<{ result: T; wallMs: number; cpuMs: number; peakHeapGrowthBytes: number }> {
	gc();
	const heapUsed = () => getHeapStatistics().used_heap_size;
	const baseline = heapUsed();
	let peak = baseline;
	const sample = () => {
		peak = Math.max(peak, heapUsed());
	};
	const sampler = setInterval(sample, 2);
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	try {
		const result = await action();
		const wallMs = performance.now() - started;
		const cpu = process.cpuUsage(cpuBefore);
		sample();
		return { result, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakHeapGrowthBytes: peak - baseline };
	} finally {
		clearInterval(sampler);
	}
}

/**
 * One approach: a baseline poll, a little churn, then the measured poll from static data
 * round-tripped through JSON. `poll` returns how many events it found.
 */
async function measureApproach(
	sandbox: SandboxProcess,
	poll: (staticData: IDataObject) => Promise<number>,
): Promise<Measurement> {
	const baseline: IDataObject = {};
	await poll(baseline);
	await sandbox.ask({ type: 'churn' });
	await sandbox.ask({ type: 'takeRequestCount' });

	const staticData = JSON.parse(JSON.stringify(baseline)) as IDataObject;
	const { result, wallMs, cpuMs, peakHeapGrowthBytes } = await measure(async () => await poll(staticData));
	const { count } = await sandbox.ask<'requestCount'>({ type: 'takeRequestCount' });
	return {
		wallMs,
		cpuMs,
		requests: count,
		peakHeapGrowthBytes,
		staticDataBytes: Buffer.byteLength(JSON.stringify(staticData)),
		events: result,
	};
}

/** This package: the User Directory Trigger polled through n8n-core's PollContext. */
function packagePoll(sandbox: SandboxProcess, concurrency: number): (staticData: IDataObject) => Promise<number> {
	const trigger = node(
		'User Directory Trigger',
		USER_DIRECTORY_TRIGGER,
		{ provider: 'keeper', events: [...DIRECTORY_EVENTS], options: { pageConcurrency: concurrency } },
		{ credentials: credentialRefs('keeperScimApi') },
	);
	const credentials = { keeperScimApi: sandbox.credentials };
	return async (staticData) => (await pollTrigger(trigger, { credentials, staticData }))?.[0]?.length ?? 0;
}

/**
 * What a user would build without this package: an HTTP Request node paging 100 at a time,
 * and a Code node keeping every user object in static data to compare with the next poll.
 */
async function naivePoll(credentials: SandboxCredentials, staticData: IDataObject): Promise<number> {
	const url = `${credentials.baseUrl}/api/rest/scim/v2/${credentials.nodeId}/Users`;
	const users: IDataObject[] = [];
	for (let startIndex = 1; ; startIndex += NAIVE_PAGE_SIZE) {
		const { data } = await axios.get<{ totalResults: number; Resources: IDataObject[] }>(url, {
			params: { startIndex, count: NAIVE_PAGE_SIZE },
			headers: { Authorization: `Bearer ${credentials.apiToken}` },
		});
		users.push(...data.Resources);
		if (data.Resources.length === 0 || startIndex + NAIVE_PAGE_SIZE > data.totalResults) break;
	}
	const previous = new Map(((staticData.users ?? []) as IDataObject[]).map((user) => [user.id, user]));
	let events = 0;
	for (const user of users) {
		const before = previous.get(user.id);
		if (!before || before.active !== user.active || JSON.stringify(before) !== JSON.stringify(user)) events++;
		previous.delete(user.id);
	}
	staticData.users = users;
	return events + previous.size;
}

// ---- reporting ----------------------------------------------------------------------------

const thousands = (value: number) => value.toLocaleString('en-US');

function row(size: number, approach: string, measured: Measurement): string {
	return `| ${thousands(size)} | ${approach} | ${thousands(Math.round(measured.wallMs))} ms | ${thousands(Math.round(measured.cpuMs))} ms | ${thousands(measured.requests)} | ${(measured.peakHeapGrowthBytes / MB).toFixed(1)} MB | ${(measured.staticDataBytes / MB).toFixed(2)} MB (${(measured.staticDataBytes / size).toFixed(1)} B/user) | ${thousands(measured.events)} |`;
}

function targets(size: number, options: BenchOptions, measured: Measurement): string[] {
	const pages = Math.ceil(size / KEEPER_PAGE_SIZE);
	const idealMs = (pages * options.latencyMs) / options.concurrency;
	const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
	return [
		`Targets at ${thousands(size)} users (this package):`,
		`- requests ${measured.requests} ≤ ceil(n/1000)+1 = ${pages + 1}: ${check(measured.requests <= pages + 1)}`,
		`- wall time ${Math.round(measured.wallMs)} ms ≤ 1.5 × ${pages} pages × ${options.latencyMs} ms ÷ ${options.concurrency} = ${Math.round(1.5 * idealMs)} ms: ${check(measured.wallMs <= 1.5 * idealMs)}`,
		`- static data ${(measured.staticDataBytes / size).toFixed(1)} B/user ≤ 16: ${check(measured.staticDataBytes / size <= 16)}`,
		`- peak heap growth ${(measured.peakHeapGrowthBytes / MB).toFixed(1)} MB ≤ 150 MB: ${check(measured.peakHeapGrowthBytes <= 150 * MB)}`,
	];
}

async function main(): Promise<void> {
	const options = readOptions(process.argv.slice(2), process.env);
	const log = (line = '') => process.stdout.write(`${line}\n`);
	log(`One poll after 0.1% new hires and 0.1% locks; sandbox latency ${options.latencyMs} ms per request; this package: pages of 1,000, ${options.concurrency} at a time; naive: sequential pages of ${NAIVE_PAGE_SIZE}, full user objects as the snapshot.`);
	log();
	log('| users | approach | wall time | CPU time | HTTP requests | peak heap growth | static data | events |');
	log('|---:|---|---:|---:|---:|---:|---:|---:|');
	let largest: { size: number; measured: Measurement } | undefined;
	for (const size of options.sizes) {
		const sandbox = await SandboxProcess.start(size, options.latencyMs);
		try {
			const ours = await measureApproach(sandbox, packagePoll(sandbox, options.concurrency));
			log(row(size, 'this package', ours));
			const naive = await measureApproach(sandbox, async (staticData) => await naivePoll(sandbox.credentials, staticData));
			log(row(size, 'naive', naive));
			if (!largest || size > largest.size) largest = { size, measured: ours };
		} finally {
			await sandbox.close();
		}
	}
	log();
	// The issue states its targets for the largest directory (100,000 users).
	if (largest) for (const note of targets(largest.size, options, largest.measured)) log(note);
}

if (process.argv[2] === SERVE_FLAG) {
	void serve(Number(process.argv[3]), Number(process.argv[4]));
} else {
	main().then(
		() => process.exit(0),
		(error: Error) => {
			process.stderr.write(`${error.stack ?? error.message}\n`);
			process.exit(1);
		},
	);
}
