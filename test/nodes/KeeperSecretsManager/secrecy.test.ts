import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { applyChanges } from '../../../nodes/KeeperSecretsManager/helpers/recordData';
import { testCredential } from '../../../dev/harness/engine';
import { configJson, leakedPiece, secretFieldValues, toBase64Config } from './transport/helpers';
import { startKsmSandbox, type KsmSandbox } from '../../../dev/sandboxes/ksm';
import { byTitle, byUid, credentialFor, KSM_CREDENTIAL, runKsm, uidTitled } from './support';

let sandbox: KsmSandbox;

beforeAll(async () => {
	sandbox = await startKsmSandbox({ seed: 707 });
});
afterAll(async () => await sandbox.close());
afterEach(() => sandbox.clearFaults());

/** Key material of both applications and every secret value in the vault. */
function secretsOf(extra: string[]): string[] {
	const { readOnly, readWrite } = sandbox.applications;
	const keyMaterial = [readOnly.config, readWrite.config].flatMap((config) => {
		const json = configJson(config);
		return [config, json.privateKey, json.appKey, json.clientId];
	});
	const recordSecrets = sandbox.vault
		.recordUidsVisibleTo(readOnly.uid)
		.concat(sandbox.vault.recordUidsVisibleTo(readWrite.uid))
		.flatMap((uid) => {
			const data = sandbox.vault.getRecord(uid).data;
			return [...secretFieldValues(data, 'fields'), ...secretFieldValues(data, 'custom')];
		});
	return [...keyMaterial, ...recordSecrets, ...extra];
}

describe('Keeper Secrets Manager · no secret in errors', () => {
	it('holds for every failure the node and the Test button report', async () => {
		const { readOnly, readWrite } = sandbox.applications;
		const json = configJson(readOnly.config);
		const other = configJson(readWrite.config);
		const token = sandbox.createOneTimeToken(readOnly);
		const newPassword = sandbox.records.password(30);
		const newSecret = sandbox.records.password(32);
		const withKeys = (changes: Record<string, unknown>): ICredentialDataDecryptedObject => ({
			secretConfig: toBase64Config({ ...json, ...changes }),
		});
		const writable = uidTitled(sandbox, 'Payments webhook');
		const [teamLogins] = readWrite.sharedFolderUids;
		const [infrastructure] = readOnly.sharedFolderUids;

		const failures: Array<[string, INodeParameters, ICredentialDataDecryptedObject, () => void]> = [
			['pasted token', { operation: 'getAll' }, { secretConfig: token }, () => {}],
			['token key without app key', { operation: 'getAll' }, withKeys({ appKey: undefined, clientKey: token.split(':')[1] }), () => {}],
			['truncated app key', { operation: 'getAll' }, withKeys({ appKey: json.appKey.slice(0, 30) }), () => {}],
			['corrupted private key', { operation: 'getAll' }, withKeys({ privateKey: `${json.privateKey.slice(0, 60)}!!` }), () => {}],
			['another application’s private key', { operation: 'getAll' }, withKeys({ privateKey: other.privateKey }), () => {}],
			['another application’s app key', { operation: 'getAll' }, withKeys({ appKey: other.appKey }), () => {}],
			['config cut off', { operation: 'getAll' }, { secretConfig: JSON.stringify(json).slice(0, 150) }, () => {}],
			[
				'stale update',
				{ operation: 'update', record: byUid(writable), updateFields: { password: newPassword } },
				credentialFor(readWrite),
				() => sandbox.beforeNext('update_secret', () => sandbox.vault.editRecord(writable, (data) => data)),
			],
			[
				'update refused to a read-only application',
				{ operation: 'update', record: byTitle('Cloud API'), updateFields: { customFields: { field: [{ label: 'API Key', value: newSecret }] } } },
				credentialFor(readOnly),
				() => {},
			],
			[
				'create refused to a read-only application',
				{ operation: 'create', folderUid: infrastructure, title: 'x', password: newPassword },
				credentialFor(readOnly),
				() => {},
			],
			[
				'create in a folder of another application',
				{ operation: 'create', folderUid: infrastructure, title: 'x', password: newPassword },
				credentialFor(readWrite),
				() => {},
			],
			['missing field', { operation: 'getValue', notation: 'keeper://Cloud API/custom_field/Token' }, credentialFor(readOnly), () => {}],
			['bad index', { operation: 'getValue', notation: 'keeper://Cloud API/field/password[4]' }, credentialFor(readOnly), () => {}],
			['bad property', { operation: 'getValue', notation: 'keeper://Cloud API/field/password[0][x]' }, credentialFor(readOnly), () => {}],
			[
				'ambiguous title',
				{ operation: 'get', record: byTitle('Twin') },
				credentialFor(readWrite),
				() => {
					const twin = applyChanges(sandbox.records.login('Twin'), { password: newPassword });
					sandbox.vault.addRecord(twin, teamLogins);
					sandbox.vault.addRecord(twin, teamLogins);
				},
			],
			[
				'one-time code with an unsupported algorithm',
				{ operation: 'getTotp', record: byTitle('Odd TOTP') },
				credentialFor(readWrite),
				() => {
					if (sandbox.vault.recordUidsVisibleTo(readWrite.uid).some((uid) => sandbox.vault.getRecord(uid).data.title === 'Odd TOTP')) return;
					const data = sandbox.records.login('Odd TOTP', { withTotp: true });
					const totp = data.fields.find((field) => field.type === 'oneTimeCode')!;
					totp.value = [`${String(totp.value[0])}&algorithm=MD5`];
					sandbox.vault.addRecord(data, teamLogins);
				},
			],
			['delete refused to a read-only application', { operation: 'delete', record: byTitle('Cloud API'), confirmDelete: true }, credentialFor(readOnly), () => {}],
			['missing file', { resource: 'file', operation: 'download', record: byTitle('Cloud API'), file: 'none.txt' }, credentialFor(readOnly), () => {}],
			[
				'refused download',
				{ resource: 'file', operation: 'download', record: byTitle('Jenkins admin'), file: 'jenkins-backup.tar.gz' },
				credentialFor(readOnly),
				() => sandbox.injectNetworkFault({ pathIncludes: '/files/download/', times: 1, response: { status: 403, body: { error: 'expired' } } }),
			],
			['throttled', { operation: 'getAll' }, credentialFor(readOnly), () => sandbox.setFaults({ throttleNext: 3, retryAfterSeconds: 120 })],
			['key rotation', { operation: 'getAll' }, credentialFor(readOnly), () => sandbox.setFaults({ rotateKeyTo: 103 })],
			['dropped connection', { operation: 'getAll' }, credentialFor(readOnly), () => sandbox.injectNetworkFault({ times: 1, dropConnection: true })],
			[
				'undecryptable answer',
				{ operation: 'getAll' },
				credentialFor(readOnly),
				() => sandbox.injectNetworkFault({ times: 1, response: { status: 200, body: Buffer.from(json.appKey) } }),
			],
		];

		let checked = 0;
		for (const [name, parameters, credential, arrange] of failures) {
			arrange();
			const run = await runKsm({ returnAll: true, ...parameters }, credential, { continueOnFail: true });
			const [item] = run.output('Vault');
			const failure = { name, error: item?.error };
			expect(failure).toEqual({ name, error: expect.any(String) });
			arrange();
			const failed = await runKsm({ returnAll: true, ...parameters }, credential);
			// n8n attaches the node, with its parameters, to every error: a value typed there stays in its own field.
			const { node: _node, ...error } = JSON.parse(JSON.stringify(failed.error('Vault'))) as Record<string, unknown>;
			const visible = [JSON.stringify(item), JSON.stringify(error)].join('\n');
			expect({ name, leak: leakedPiece(visible, secretsOf([newPassword, newSecret, token])) }).toEqual({ name, leak: undefined });
			sandbox.clearFaults();
			checked++;
		}
		expect(checked).toBe(failures.length);
	});

	it('holds for the Test button', async () => {
		const json = configJson(sandbox.applications.readOnly.config);
		const token = sandbox.createOneTimeToken(sandbox.applications.readOnly);
		for (const config of [
			token,
			toBase64Config({ ...json, appKey: json.appKey.slice(2) }),
			toBase64Config({ ...json, privateKey: configJson(sandbox.applications.readWrite.config).privateKey }),
		]) {
			const result = await testCredential(KSM_CREDENTIAL, { config });
			expect(result.status).toBe('Error');
			expect(leakedPiece(result.message, secretsOf([token]))).toBeUndefined();
		}
	});
});
