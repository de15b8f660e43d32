import { applyChanges } from '../../nodes/KeeperSecretsManager/helpers/recordData';
import { runWorkflow, type WorkflowRun } from '../../dev/harness/engine';
import { fieldValue, startKsmSandbox, type SandboxApplication } from '../../dev/sandboxes/ksm';
import { example, table } from './support';

const credentialsFor = (application: SandboxApplication) => ({
	keeperSecretsManagerApi: { secretConfig: application.config, useCustomHost: false },
});

function succeeded(run: WorkflowRun): WorkflowRun {
	const failure = run.error();
	if (failure) throw failure;
	return run;
}

/** Keeper Secrets Manager: `ksm secret list` and friends through the node, against the KSM sandbox. */
export async function runKsmDemo(log: (line: string) => void): Promise<void> {
	const sandbox = await startKsmSandbox({ seed: 2024 });
	const { readOnly, readWrite } = sandbox.applications;
	try {
		log(`KSM sandbox on ${sandbox.url}, speaking Keeper's wire protocol with its own server key ${sandbox.serverPublicKeyId}`);

		const read = succeeded(await runWorkflow(example('ksm-secret-list.json'), { credentials: credentialsFor(readOnly) }));
		log(`ksm secret list — application "${readOnly.title}" (Get Many):`);
		for (const line of table(read.output('List Secrets'), [
			['UID', (record) => record.uid],
			['Record Type', (record) => record.type],
			['Title', (record) => record.title],
		])) log(`  ${line}`);
		const [port] = read.output('Database Port');
		log(`Get Value keeper://MySQL Credentials/field/host[0][port] → ${String(port.value)}`);
		const [cloudApi] = read.output('Cloud API Login');
		const fields = Object.keys(cloudApi).filter((key) => !['uid', 'title', 'type', 'folderUid', 'revision', 'notes', 'custom', 'files'].includes(key));
		log(`Get "Cloud API": fields ${fields.join(', ')}; custom ${Object.keys(cloudApi.custom as object).join(', ')} (values not printed)`);

		const uid = readWrite.recordUids.find((recordUid) => sandbox.vault.getRecord(recordUid).data.title === 'Team login 1')!;
		const before = sandbox.vault.getRecord(uid);
		const rotation = succeeded(await runWorkflow(example('ksm-rotate-password.json'), { credentials: credentialsFor(readWrite) }));
		const [rotated] = rotation.output('Rotate Password');
		const after = sandbox.vault.getRecord(uid);
		const changed = fieldValue(after.data, 'password') !== fieldValue(before.data, 'password');
		log(`Rotate "Team login 1" — application "${readWrite.title}": revision ${before.revision} → ${String(rotated.revision)}, password ${changed ? 'changed' : 'UNCHANGED'} in the vault`);

		sandbox.beforeNext('update_secret', () => {
			sandbox.vault.editRecord(uid, (data) => applyChanges(data, { url: 'https://edited-meanwhile.example.com' }));
		});
		const raced = await runWorkflow(example('ksm-rotate-password.json'), { credentials: credentialsFor(readWrite) });
		log(`Rotate again while someone edits the record in the vault: ${raced.error('Rotate Password')?.message ?? 'not refused!'}`);

		const byApplication = new Map<string, number>();
		for (const request of sandbox.requests) byApplication.set(String(request.appTitle), (byApplication.get(String(request.appTitle)) ?? 0) + 1);
		log(`${sandbox.requests.length} requests: ${[...byApplication].map(([title, count]) => `${count} as "${title}"`).join(', ')}`);
	} finally {
		await sandbox.close();
	}
}
