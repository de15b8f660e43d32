import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { runWorkflow, type WorkflowRun } from '../../../dev/harness/engine';
import { startKsmSandbox, type KsmSandbox, type SandboxApplication } from '../../../dev/sandboxes/ksm';
import { byUid, chain, credentialFor, KSM_CREDENTIAL, ksmNode, outputOf, storedValue } from './support';

let sandbox: KsmSandbox;

beforeAll(async () => {
	sandbox = await startKsmSandbox({ seed: 808, extraLogins: 12 });
});
afterAll(async () => await sandbox.close());

const EXECUTIONS = 24;

const readEverything = () =>
	chain(
		ksmNode('List', { operation: 'getAll', returnAll: true }),
		ksmNode('Read', { operation: 'get', record: byUid('={{ $json.uid }}') }),
		ksmNode('Password', { operation: 'getValue', notation: "={{ 'keeper://' + $json.uid + '/field/password' }}" }),
	);

const createAndReadBack = (index: number, folderUid: string) =>
	chain(
		ksmNode('Create', { operation: 'create', folderUid, title: `Parallel ${index}`, login: `parallel-${index}` }),
		ksmNode('Read', { operation: 'getValue', notation: "={{ 'keeper://' + $json.uid + '/field/login' }}" }),
	);

describe('Keeper Secrets Manager · two credentials in one n8n process', () => {
	it('never mix keys or records across executions running at the same time', async () => {
		const { readOnly, readWrite } = sandbox.applications;
		const [teamLogins] = readWrite.sharedFolderUids;
		const runs: Array<Promise<{ application: SandboxApplication; kind: string; index: number; run: WorkflowRun }>> = [];
		for (let index = 0; index < EXECUTIONS; index++) {
			const application = index % 2 === 0 ? readOnly : readWrite;
			const credentials: Record<string, ICredentialDataDecryptedObject> = { [KSM_CREDENTIAL]: credentialFor(application) };
			const kind = application === readWrite && index % 4 === 1 ? 'create' : 'read';
			const workflow = kind === 'create' ? createAndReadBack(index, teamLogins) : readEverything();
			runs.push(runWorkflow(workflow, { credentials }).then((run) => ({ application, kind, index, run })));
		}
		const results = await Promise.all(runs);

		for (const { application, kind, index, run } of results) {
			if (kind === 'create') {
				const [created] = outputOf(run, 'Create');
				expect(sandbox.vault.getRecord(created.uid as string)).toMatchObject({ folderUid: teamLogins });
				expect(outputOf(run, 'Read')).toEqual([{ value: `parallel-${index}` }]);
				continue;
			}
			const visible = sandbox.vault.recordUidsVisibleTo(application.uid);
			const listed = outputOf(run, 'List').map((record) => record.uid as string);
			expect(listed).toEqual(expect.arrayContaining(application.recordUids));
			for (const uid of listed) expect(visible).toContain(uid);
			const read = outputOf(run, 'Read');
			expect(read.map((record) => record.uid)).toEqual(listed);
			for (const record of read) {
				expect(record.password).toBe(storedValue(sandbox, record.uid as string, 'password'));
			}
			expect(outputOf(run, 'Password').map((item) => item.value)).toEqual(read.map((record) => record.password));
		}
		const failed = sandbox.requests.filter((request) => request.status !== 200);
		expect(failed).toEqual([]);
		const titles = new Set(sandbox.requests.map((request) => request.appTitle));
		expect(titles).toEqual(new Set([readOnly.title, readWrite.title]));
	});
});
