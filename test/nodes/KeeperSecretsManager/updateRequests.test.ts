import type { KsmSandbox } from '../../../dev/sandboxes/ksm';
import { byTitle, byUid, credentialFor, outputOf, runKsm, storedValue, uidTitled, useKsmSandbox } from './support';

/** Requests one Update makes, by endpoint: the record key comes from the update's own read. */
let sandbox: KsmSandbox;

useKsmSandbox({ seed: 909 }, (started) => (sandbox = started));

const count = (endpoint: string) => sandbox.requests.filter((request) => request.endpoint === endpoint).length;

describe('Keeper Secrets Manager · requests per Update', () => {
	it.each([
		['by UID', () => byUid(uidTitled(sandbox, 'Team login 1'))],
		['by title', () => byTitle('Team login 2')],
	])('reads the record once before and once after the write, %s', async (_how, record) => {
		const locator = record();
		const password = sandbox.records.password(30);

		const [updated] = outputOf(
			await runKsm({ operation: 'update', record: locator, updateFields: { password } }, credentialFor(sandbox.applications.readWrite)),
		);

		expect(storedValue(sandbox, updated.uid as string, 'password')).toBe(password);
		const counts = { get_secret: count('get_secret'), update_secret: count('update_secret') };
		process.stdout.write(`KSM Update ${_how}: ${JSON.stringify(counts)}\n`);
		expect(counts).toEqual({ get_secret: 2, update_secret: 1 });
	});
});
