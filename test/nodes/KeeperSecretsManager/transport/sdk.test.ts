import {
	createSecret,
	getFolders,
	getSecrets,
	initializeStorage,
	inMemoryStorage,
	updateSecret,
	type SecretManagerOptions,
} from '@keeper-security/secrets-manager-core';

import { applyChanges } from '../../../../nodes/KeeperSecretsManager/helpers/recordData';
import { startKsmSandbox, type KsmSandbox } from '../../../../dev/sandboxes/ksm';
import { clientFor, sdkOptionsFor, thrownBy, toBase64Config } from './helpers';

/** The official SDK against the sandbox: proof that the sandbox speaks Keeper's protocol. */
let sandbox: KsmSandbox;

beforeAll(async () => {
	sandbox = await startKsmSandbox({ seed: 22 });
});
afterAll(async () => await sandbox.close());
afterEach(() => {
	sandbox.clearFaults();
	jest.restoreAllMocks();
});

/** Options for a device that has just used a one-time token, the way `ksm profile init` starts. */
async function sdkOptionsFromToken(
	token: string,
): Promise<{ options: SecretManagerOptions; storedConfig: Record<string, unknown> }> {
	const storedConfig: Record<string, unknown> = {};
	const storage = inMemoryStorage(storedConfig);
	await initializeStorage(storage, token);
	return {
		storedConfig,
		options: {
			storage,
			queryFunction: sandbox.sdkQueryFunction,
			serverPublicKey: sandbox.serverPublicKey,
			serverPublicKeyId: String(sandbox.serverPublicKeyId),
		},
	};
}

describe('the official SDK against the sandbox', () => {
	it('reads every record of a device configuration exported from the vault', async () => {
		const { readOnly } = sandbox.applications;

		const secrets = await getSecrets(sdkOptionsFor(sandbox, readOnly.config));

		expect(secrets.appData).toEqual({ title: readOnly.title, type: 'application' });
		expect(secrets.records.map((record) => record.recordUid).sort()).toEqual(readOnly.recordUids);
		for (const record of secrets.records) {
			const stored = sandbox.vault.getRecord(record.recordUid);
			expect(record.data).toEqual(stored.data);
			expect(record.revision).toBe(stored.revision);
			expect(record.folderUid ?? null).toBe(stored.folderUid);
		}
	});

	it('reads only the requested records', async () => {
		const wanted = sandbox.applications.readWrite.recordUids.slice(-2);

		const secrets = await getSecrets(sdkOptionsFor(sandbox, sandbox.applications.readWrite.config), wanted);

		expect(secrets.records.map((record) => record.recordUid).sort()).toEqual([...wanted].sort());
	});

	it('lists folders, decrypting sub-folder keys and names', async () => {
		const folders = await getFolders(sdkOptionsFor(sandbox, sandbox.applications.readOnly.config));
		const [infrastructure] = sandbox.applications.readOnly.sharedFolderUids;

		expect(folders).toEqual(
			expect.arrayContaining([
				{ folderUid: infrastructure, name: 'Infrastructure' },
				{ folderUid: expect.any(String), parentUid: infrastructure, name: 'Monitoring' },
			]),
		);
	});

	it('updates a record, and is refused on a stale revision', async () => {
		const options = sdkOptionsFor(sandbox, sandbox.applications.readWrite.config);
		const [record] = (await getSecrets(options, [sandbox.applications.readWrite.recordUids[0]])).records;
		const changed = applyChanges(record.data, { password: sandbox.records.password() });

		await updateSecret(options, { ...record, data: changed });
		expect(sandbox.vault.getRecord(record.recordUid).data).toEqual(changed);

		const stale = await thrownBy(() => updateSecret(options, { ...record, data: changed }));
		expect(JSON.parse(stale.message)).toMatchObject({ error: 'out_of_sync' });
	});

	it('creates a record in a shared folder', async () => {
		const options = sdkOptionsFor(sandbox, sandbox.applications.readWrite.config);
		const [, databases] = sandbox.applications.readWrite.sharedFolderUids;
		const data = sandbox.records.databaseCredentials('Created by the SDK', 'mariadb', 3307);
		await getSecrets(options); // the SDK needs the folder keys in its cache first

		const recordUid = await createSecret(options, databases, data);

		expect(sandbox.vault.getRecord(recordUid)).toMatchObject({ folderUid: databases, data });
	});

	it('binds a one-time token with initializeStorage, and the token works only once', async () => {
		const token = sandbox.createOneTimeToken(sandbox.applications.readOnly);
		const first = await sdkOptionsFromToken(token);

		const secrets = await getSecrets(first.options);

		const { recordUids } = sandbox.applications.readOnly;
		expect(secrets.records.map((record) => record.recordUid).sort()).toEqual(recordUids);
		expect(first.storedConfig).toMatchObject({ appKey: expect.any(String), appOwnerPublicKey: expect.any(String) });
		expect(first.storedConfig).not.toHaveProperty('clientKey');

		const second = await sdkOptionsFromToken(token);
		jest.spyOn(console, 'error').mockImplementation(() => undefined);
		const error = await thrownBy(() => getSecrets(second.options));
		expect(JSON.parse(error.message)).toMatchObject({ error: 'access_denied', message: 'Signature is invalid' });
	});

	it('produces a configuration our client can use (what `ksm profile export` hands over)', async () => {
		const { readWrite } = sandbox.applications;
		const { options, storedConfig } = await sdkOptionsFromToken(sandbox.createOneTimeToken(readWrite));
		await getSecrets(options);
		const exported = toBase64Config({ ...storedConfig, hostname: sandbox.hostname });

		const ours = await clientFor(sandbox, exported).getSecrets();

		const uids = ours.records.map((record) => record.recordUid).sort();
		expect(uids).toEqual(sandbox.vault.recordUidsVisibleTo(readWrite.uid));
	});

	it('retries when throttled', async () => {
		const waits: number[] = [];
		jest.spyOn(console, 'error').mockImplementation(() => undefined);
		sandbox.setFaults({ throttleNext: 2, retryAfterSeconds: 3 });

		const secrets = await getSecrets({
			...sdkOptionsFor(sandbox, sandbox.applications.readOnly.config),
			throttleSleep: async (milliseconds) => void waits.push(milliseconds),
		});

		expect(secrets.records).toHaveLength(sandbox.applications.readOnly.recordUids.length);
		expect(waits).toHaveLength(2);
	});

	it('stops when the server rotates away from its custom key', async () => {
		sandbox.setFaults({ rotateKeyTo: 102 });

		const error = await thrownBy(() => getSecrets(sdkOptionsFor(sandbox, sandbox.applications.readOnly.config)));

		expect(error.message).toMatch(/rejected the custom server public key \(id 101\)\. The server suggested key id 102/);
	});
});
