/**
 * The bench's measuring loop: for each directory size, a sandbox child process; for each
 * approach a baseline poll, the churn (0.1% new hires, 0.1% locks), then the measured poll,
 * repeated from the same baseline static data round-tripped through JSON, as n8n loads it from
 * its database.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { IDataObject } from 'n8n-workflow';

import { APPROACHES, type Approach } from './approaches';
import { BenchSandbox, type DirectoryShape } from './sandbox';

export interface BenchOptions {
	sizes: number[];
	latencyMs: number;
	concurrency: number;
	repeats: number;
	/** Repeats at 1,000,000 users and more, and of polls that need 1,000 sequential pages or more (each takes tens of seconds). */
	largeRepeats: number;
	/** The sequential approaches (DIY, naive) run up to this size: beyond it, thousands of pages one after the other. */
	sequentialMax: number;
	approaches: Approach['id'][];
	/** Issue 13's hook: the package's compact state at this size with 20 teams and 1–3 memberships each (0: off). */
	teamScenarioUsers: number;
}

export const DEFAULT_OPTIONS: BenchOptions = {
	sizes: [1_000, 10_000, 100_000, 1_000_000],
	latencyMs: 20,
	concurrency: 4,
	repeats: 3,
	largeRepeats: 1,
	sequentialMax: 100_000,
	approaches: APPROACHES.map((approach) => approach.id),
	teamScenarioUsers: 100_000,
};

export const LARGE = 1_000_000;

export interface Measurement {
	wallMs: number;
	/** CPU time of the measuring process (the poll's own work; V8's GC threads included). */
	cpuMs: number;
	peakHeapGrowthBytes: number;
	requests: number;
	/** Requests that asked for a subset of attributes (SCIM `attributes=` / `excludedAttributes=`). */
	attributeRequests: number;
	/** Response bytes the sandbox sent. */
	bytesServed: number;
	/** Workflow static data after the poll, as JSON. */
	staticDataBytes: number;
	events: number;
}

export interface ApproachResult {
	approach: Approach;
	/** Users the measured poll reads (the baseline poll read 0.1% fewer). */
	users: number;
	shape: DirectoryShape;
	runs: Measurement[];
	/** Each figure's median over the runs. */
	median: Measurement;
	/** The events the churn made (a correct poll reports exactly these). */
	trueEvents: number;
	/** Every run reported exactly the true events. */
	eventsExact: boolean;
}

/** An approach not run at a size (too slow by design), or one whose poll failed. */
export interface SkippedApproach {
	approach: Approach;
	users: number;
	reason: string;
}

export interface BenchResult {
	options: BenchOptions;
	results: ApproachResult[];
	skipped: SkippedApproach[];
	failed: SkippedApproach[];
	/** The team scenario (issue 13), when run. */
	teamScenario?: ApproachResult;
	totalMs: number;
	/** The machine: its cores and 1-minute load average before and after the run (other work on it slows every figure). */
	machine: { cores: number; loadBefore: number; loadAfter: number };
}

const gc = (() => {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
})();

/**
 * Wall time, CPU time and peak heap growth of `action`; the heap is sampled every 2 ms and at the
 * end. Array buffers count too: typed arrays (the compact snapshot's) live outside V8's heap.
 */
async function measure<T>(action: () => Promise<T>): Promise<{ result: T; wallMs: number; cpuMs: number; peakHeapGrowthBytes: number }> {
	gc();
	const heapUsed = () => getHeapStatistics().used_heap_size + process.memoryUsage().arrayBuffers;
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

function median(values: number[]): number {
	const sorted = [...values].sort((first, second) => first - second);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function medianOf(runs: Measurement[]): Measurement {
	const keys = Object.keys(runs[0]) as (keyof Measurement)[];
	return Object.fromEntries(keys.map((key) => [key, median(runs.map((run) => run[key]))])) as unknown as Measurement;
}

async function measureApproach(
	sandbox: BenchSandbox,
	approach: Approach,
	shape: DirectoryShape,
	options: BenchOptions,
	repeats: number,
): Promise<ApproachResult> {
	const poll = approach.poll(sandbox.credentials, options.concurrency);
	await sandbox.reset();
	const baseline: IDataObject = {};
	await poll(baseline);
	const churn = await sandbox.churn();
	await sandbox.takeCounts();
	const saved = JSON.stringify(baseline);
	const runs: Measurement[] = [];
	for (let run = 0; run < repeats; run++) {
		const staticData = JSON.parse(saved) as IDataObject;
		const { result, wallMs, cpuMs, peakHeapGrowthBytes } = await measure(async () => await poll(staticData));
		const served = await sandbox.takeCounts();
		runs.push({
			wallMs,
			cpuMs,
			peakHeapGrowthBytes,
			requests: served.requests,
			attributeRequests: served.attributeRequests,
			bytesServed: served.bytes,
			staticDataBytes: Buffer.byteLength(JSON.stringify(staticData)),
			events: result,
		});
	}
	const trueEvents = churn.created + churn.suspended;
	return {
		approach,
		users: shape.users,
		shape,
		runs,
		median: medianOf(runs),
		trueEvents,
		eventsExact: runs.every((run) => run.events === trueEvents),
	};
}

/** Runs every approach at every size; `progress` hears about each result as it comes. */
export async function runBench(
	options: BenchOptions,
	progress: (line: string) => void = () => {},
): Promise<BenchResult> {
	const started = performance.now();
	const result: BenchResult = { options, results: [], skipped: [], failed: [], totalMs: 0, machine: { cores: cpus().length, loadBefore: loadavg()[0], loadAfter: 0 } };
	const approaches = APPROACHES.filter((approach) => options.approaches.includes(approach.id));
	for (const users of options.sizes) {
		const shape: DirectoryShape = { users };
		const sandbox = await BenchSandbox.start(shape, options.latencyMs);
		try {
			for (const approach of approaches) {
				if (approach.sequential && users > options.sequentialMax) {
					const pages = Math.ceil(users / approach.pageSize);
					result.skipped.push({
						approach,
						users,
						reason: `skipped above ${options.sequentialMax.toLocaleString('en-US')} users (--sequential-max): ${pages.toLocaleString('en-US')} sequential pages per poll`,
					});
					continue;
				}
				try {
					const slow = users >= LARGE || (approach.sequential && users / approach.pageSize >= 1000);
					result.results.push(await measureApproach(sandbox, approach, shape, options, slow ? options.largeRepeats : options.repeats));
				} catch (error) {
					// Reported (a poll that cannot finish is a finding), and the other approaches still run.
					result.failed.push({ approach, users, reason: `failed: ${(error as Error).message}` });
					continue;
				}
				progress(`measured ${approach.label} at ${users.toLocaleString('en-US')} users (${Math.round(performance.now() - started) / 1000} s so far)`);
			}
		} finally {
			await sandbox.close();
		}
	}
	const packageApproach = approaches.find((approach) => approach.id === 'package');
	if (options.teamScenarioUsers > 0 && packageApproach) {
		const shape: DirectoryShape = { users: options.teamScenarioUsers, teams: 20, maxMemberships: 3 };
		const sandbox = await BenchSandbox.start(shape, options.latencyMs);
		try {
			result.teamScenario = await measureApproach(sandbox, packageApproach, shape, options, 1);
		} finally {
			await sandbox.close();
		}
	}
	result.totalMs = performance.now() - started;
	result.machine.loadAfter = loadavg()[0];
	return result;
}
