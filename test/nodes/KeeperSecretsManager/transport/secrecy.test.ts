import { inspect } from 'node:util';

import { applyChanges } from '../../../../nodes/KeeperSecretsManager/helpers/recordData';
import { parseKsmConfig } from '../../../../nodes/KeeperSecretsManager/transport';
import { startKsmSandbox, type KsmSandbox } from '../../../../dev/sandboxes/ksm';
import {
	clientFor,
	configJson,
	leakedPiece,
	secretFieldValues,
	thrownBy,
	toBase64Config,
	visibleText,
} from './helpers';

let sandbox: KsmSandbox;

beforeAll(async () => {
	sandbox = await startKsmSandbox({ seed: 66 });
});
afterAll(async () => await sandbox.close());
afterEach(() => sandbox.clearFaults());

/** Every key and secret value of the sandbox that a client could have seen. */
function secretsOf(sandbox: KsmSandbox, extra: string[]): string[] {
	const { readOnly, readWrite } = sandbox.applications;
	const configs = [readOnly.config, readWrite.config].map(configJson);
	const keyMaterial = configs.flatMap((config) => [config.privateKey, config.appKey, config.clientId]);
	const recordSecrets = [...readOnly.recordUids, ...readWrite.recordUids].flatMap((uid) => {
		const data = sandbox.vault.getRecord(uid).data;
		return [...secretFieldValues(data, 'fields'), ...secretFieldValues(data, 'custom')];
	});
	return [...keyMaterial, ...recordSecrets, ...extra];
}

function expectNoLeak(text: string, secrets: string[]): void {
	const piece = leakedPiece(text, secrets);
	if (piece) throw new Error(`leaked part of a secret: ${piece}`);
}

describe('no error message carries key material or secret values', () => {
	it('across every failure the client can report', async () => {
		const { readOnly, readWrite } = sandbox.applications;
		const json = configJson(readWrite.config);
		const token = sandbox.createOneTimeToken(readOnly);
		const tokenKey = token.split(':')[1];
		const newPassword = sandbox.records.password(30);
		const writer = clientFor(sandbox, readWrite);
		const [record] = (await writer.getSecrets([readWrite.recordUids[0]])).records;
		const staleUpdate = { ...record, data: applyChanges(record.data, { password: newPassword }) };
		sandbox.vault.editRecord(record.recordUid, (data) => data);
		const secretTitle = sandbox.records.password(24);
		const badData = { title: secretTitle, type: 'login', fields: newPassword };
		const other = configJson(readOnly.config);
		const corruptedPrivateKey = `${json.privateKey.slice(0, 60)}!!${json.privateKey.slice(62)}`;

		const failures: Array<[string, () => unknown]> = [
			['KsmConfigError', () => parseKsmConfig({ ...json, appKey: json.appKey.slice(0, 30) })],
			['KsmConfigError', () => parseKsmConfig({ ...json, privateKey: corruptedPrivateKey })],
			['KsmConfigError', () => parseKsmConfig({ ...json, clientId: json.clientId.slice(0, 40) })],
			['KsmConfigError', () => parseKsmConfig(token)],
			['KsmConfigError', () => parseKsmConfig(JSON.stringify({ ...json, appKey: undefined, clientKey: tokenKey }))],
			['KsmConfigError', () => parseKsmConfig(`{"appKey": "${json.appKey}", "privateKey": "${json.privateKey}"`)],
			['KsmApiError', () => clientFor(sandbox, toBase64Config({ ...json, privateKey: other.privateKey })).getSecrets()],
			['KsmConfigError', () => clientFor(sandbox, toBase64Config({ ...json, appKey: other.appKey })).getSecrets()],
			['KsmApiError', () => clientFor(sandbox, readOnly).updateSecret({ ...staleUpdate, recordUid: readOnly.recordUids[0] })],
			['KsmRevisionConflictError', () => writer.updateSecret(staleUpdate)],
			['KsmError', () => writer.updateSecret({ ...staleUpdate, recordUid: readOnly.recordUids[0] })],
			['KsmError', () => writer.createSecret(readOnly.sharedFolderUids[0], staleUpdate.data)],
			['KsmError', () => writer.createSecret(readWrite.sharedFolderUids[0], badData as never)],
			['KsmThrottledError', async () => {
				sandbox.setFaults({ throttleNext: 10, retryAfterSeconds: 1 });
				try {
					await clientFor(sandbox, readOnly).getSecrets();
				} finally {
					sandbox.clearFaults();
				}
			}],
			['KsmApiError', async () => {
				sandbox.setFaults({ rotateKeyTo: 103 });
				try {
					await clientFor(sandbox, readOnly).getFolders();
				} finally {
					sandbox.clearFaults();
				}
			}],
			['KsmApiError', async () => {
				sandbox.injectNetworkFault({ times: 1, dropConnection: true });
				await writer.getSecrets();
			}],
			['KsmError', async () => {
				sandbox.injectNetworkFault({ times: 1, response: { status: 200, body: Buffer.from(json.appKey) } });
				await writer.getSecrets();
			}],
			['KsmApiError', async () => {
				sandbox.injectNetworkFault({ times: 1, response: { status: 502, body: '<html>Bad gateway</html>' } });
				await writer.getFolders();
			}],
		];

		const secrets = secretsOf(sandbox, [tokenKey, newPassword, secretTitle]);
		for (const [index, [expectedName, failure]] of failures.entries()) {
			const error = await thrownBy(failure);
			expect(error.name).toBe(expectedName);
			try {
				expectNoLeak(visibleText(error), secrets);
			} catch (leak) {
				throw new Error(`failure #${index} (${error.message}): ${(leak as Error).message}`);
			}
		}
	});

	it('nor does a configuration or a client when logged or serialised', () => {
		const json = configJson(sandbox.applications.readWrite.config);
		const config = parseKsmConfig(sandbox.applications.readWrite.config);
		const client = clientFor(sandbox, sandbox.applications.readWrite);
		const keyMaterial = [json.privateKey, json.appKey];

		expectNoLeak(JSON.stringify(config), keyMaterial);
		expectNoLeak(inspect(config, { depth: 10 }), keyMaterial);
		expectNoLeak(inspect(client, { depth: 10, showHidden: true }), keyMaterial);
	});
});
