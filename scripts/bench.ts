/**
 * `npm run bench`: one poll of the User Directory Trigger against a Keeper-compatible sandbox at
 * 1,000 to 1,000,000 users, beside the DIY route in n8n (HTTP Request node pagination plus a
 * diff against static data) and a naive one, in the same run; see docs/performance.md.
 *
 *   npm run bench -- --sizes 1000,100000 --latency 20 --concurrency 4 --repeats 3
 *     --large-repeats 1 --sequential-max 100000 --approaches package,diy1000 --team-scenario 0
 *   (or BENCH_SIZES, BENCH_LATENCY_MS, BENCH_CONCURRENCY, BENCH_REPEATS)
 */
import { APPROACHES, type Approach } from './bench/approaches';
import { report } from './bench/report';
import { DEFAULT_OPTIONS, runBench, type BenchOptions } from './bench/run';

function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
	const flag = (name: string, variable?: string) => {
		const index = argv.indexOf(`--${name}`);
		return index >= 0 ? argv[index + 1] : variable === undefined ? undefined : env[variable];
	};
	const number = (name: string, fallback: number, variable?: string) => {
		const text = flag(name, variable);
		if (text === undefined) return fallback;
		const value = Number(text);
		if (!Number.isInteger(value) || value < 0) throw new Error(`bench: --${name} must be a whole number, got "${text}"`);
		return value;
	};
	const list = (name: string, variable?: string) => flag(name, variable)?.split(',').map((entry) => entry.trim());
	const ids = APPROACHES.map((approach) => approach.id);
	const approaches = list('approaches') ?? DEFAULT_OPTIONS.approaches;
	const unknown = approaches.filter((id) => !ids.includes(id as Approach['id']));
	if (unknown.length) throw new Error(`bench: unknown approach ${unknown.join(', ')} (known: ${ids.join(', ')})`);
	const sizes = list('sizes', 'BENCH_SIZES')?.map((size) => Number(size)) ?? DEFAULT_OPTIONS.sizes;
	if (!sizes.length || sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error('bench: --sizes must be positive whole numbers, comma-separated');
	return {
		sizes,
		latencyMs: number('latency', DEFAULT_OPTIONS.latencyMs, 'BENCH_LATENCY_MS'),
		concurrency: Math.max(1, number('concurrency', DEFAULT_OPTIONS.concurrency, 'BENCH_CONCURRENCY')),
		repeats: Math.max(1, number('repeats', DEFAULT_OPTIONS.repeats, 'BENCH_REPEATS')),
		largeRepeats: Math.max(1, number('large-repeats', DEFAULT_OPTIONS.largeRepeats)),
		sequentialMax: number('sequential-max', DEFAULT_OPTIONS.sequentialMax),
		approaches: approaches as Approach['id'][],
		teamScenarioUsers: number('team-scenario', DEFAULT_OPTIONS.teamScenarioUsers),
	};
}

async function main(): Promise<void> {
	const options = readOptions(process.argv.slice(2), process.env);
	const result = await runBench(options, (line) => process.stderr.write(`${line}\n`));
	process.stdout.write(`${report(result).join('\n')}\n`);
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
