import { report } from '../../scripts/bench/report';
import { DEFAULT_OPTIONS, runBench } from '../../scripts/bench/run';
import { LazyDirectory, UsersEndpoint } from '../../scripts/bench/sandbox';
import { SANDBOX_API_TOKEN, SANDBOX_NODE_ID } from '../../dev/sandboxes/keeper';
import type { SandboxRequest } from '../../dev/sandboxes/http';

/**
 * `npm run bench` at a tiny size, so the bench cannot rot unnoticed: the same machinery (sandbox
 * child process, every approach through n8n-core, the report) at 1,000 users, one run, no latency.
 */

function usersRequest(query: string): SandboxRequest {
	return {
		method: 'GET',
		path: `/api/rest/scim/v2/${SANDBOX_NODE_ID}/Users`,
		query: new URLSearchParams(query),
		headers: { authorization: `Bearer ${SANDBOX_API_TOKEN}` },
		body: Buffer.alloc(0),
	};
}

function page(endpoint: UsersEndpoint, query: string): { totalResults: number; itemsPerPage: number; Resources: Record<string, unknown>[] } {
	const answer = endpoint.answer(usersRequest(query));
	expect(answer.status).toBe(200);
	return JSON.parse(String(answer.body)) as { totalResults: number; itemsPerPage: number; Resources: Record<string, unknown>[] };
}

describe('bench sandbox', () => {
	it('pages a generated directory in ascending ids, applies the churn it reports and forgets it on reset', () => {
		const endpoint = new UsersEndpoint(new LazyDirectory({ users: 2_503 }));
		const read = () => [1, 1001, 2001, 3001].flatMap((startIndex) => page(endpoint, `startIndex=${startIndex}&count=1000`).Resources);
		const before = read();
		expect(before).toHaveLength(2_500);
		const ids = before.map((user) => BigInt(String(user.id)));
		expect(ids.every((id, index) => index === 0 || id > ids[index - 1])).toBe(true);
		expect(before[0]).toEqual(expect.objectContaining({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], active: expect.any(Boolean) }));

		const { churn, changed } = endpoint.directory.churn();
		endpoint.changed(changed);
		expect(churn).toEqual({ created: 3, suspended: 3 });
		const after = read();
		expect(after).toHaveLength(2_503);
		const wasActive = new Map(before.map((user) => [user.id, user.active]));
		const locked = after.filter((user) => wasActive.get(user.id) === true && user.active === false);
		const created = after.filter((user) => !wasActive.has(user.id));
		expect([created.length, locked.length]).toEqual([3, 3]);
		// Nothing else changed.
		const unchanged = after.filter((user) => wasActive.has(user.id) && !locked.includes(user));
		expect(unchanged).toEqual(before.filter((user) => !locked.some((entry) => entry.id === user.id)));

		endpoint.changed(endpoint.directory.reset());
		expect(read()).toEqual(before);
	});

	it('honours SCIM attributes= and excludedAttributes=, and answers in full without them', () => {
		const endpoint = new UsersEndpoint(new LazyDirectory({ users: 10 }));
		const full = page(endpoint, 'count=5').Resources;
		expect(Object.keys(full[0])).toEqual(['schemas', 'id', 'userName', 'displayName', 'name', 'emails', 'groups', 'active']);
		const some = page(endpoint, 'count=5&attributes=userName,active,urn:ietf:params:scim:schemas:core:2.0:User:name.givenName').Resources;
		expect(some).toEqual(full.map(({ schemas, id, userName, name, active }) => ({ schemas, id, userName, name, active })));
		const without = page(endpoint, 'count=5&excludedAttributes=groups,emails').Resources;
		expect(without).toEqual(full.map(({ schemas, id, userName, displayName, name, active }) => ({ schemas, id, userName, displayName, name, active })));
		expect(endpoint.takeCounts()).toEqual(expect.objectContaining({ requests: 3, attributeRequests: 2 }));
	});
});

describe('npm run bench at 1,000 users', () => {
	it('measures every approach and finds exactly the changes the churn made', async () => {
		const result = await runBench({ ...DEFAULT_OPTIONS, sizes: [1_000], latencyMs: 0, repeats: 1, teamScenarioUsers: 0 });
		expect(result.failed).toEqual([]);
		expect(result.results.map((entry) => entry.approach.id)).toEqual(['package', 'diy1000', 'diy100', 'naive']);
		for (const entry of result.results) {
			const { median } = entry;
			// 999 users, then one new hire and one lock.
			expect([entry.trueEvents, median.events, entry.eventsExact]).toEqual([2, 2, true]);
			expect(median.requests).toBe(1_000 / entry.approach.pageSize);
			expect(median.wallMs).toBeGreaterThan(0);
			expect(median.cpuMs).toBeGreaterThan(0);
			expect(median.peakHeapGrowthBytes).toBeGreaterThanOrEqual(0);
			expect(median.bytesServed).toBeGreaterThan(10_000);
			expect(median.staticDataBytes).toBeGreaterThan(1_000);
		}
		const bytesPerUser = (id: string) => {
			const entry = result.results.find((candidate) => candidate.approach.id === id);
			return (entry?.median.staticDataBytes ?? 0) / 1_000;
		};
		expect(bytesPerUser('package')).toBeLessThan(bytesPerUser('diy1000'));
		expect(bytesPerUser('diy1000')).toBeLessThan(bytesPerUser('naive'));

		const printed = report(result).join('\n');
		expect(printed).toContain('| 1,000 | this package | 1 | 1 |');
		expect(printed).toContain('| 1,000 | DIY: HTTP Request count=100 + diff | 1 | 10 |');
		expect(printed).not.toContain('✘');
	});
});
