import { simplifyRecord } from '../../../../nodes/KeeperSecretsManager/helpers/output';
import { applyChanges } from '../../../../nodes/KeeperSecretsManager/helpers/recordData';
import {
	KsmApiError,
	KsmError,
	KsmRevisionConflictError,
	KsmThrottledError,
	type KsmRecord,
} from '../../../../nodes/KeeperSecretsManager/transport';
import { waits, withRealClock } from '../../../jest/virtualClock';
import { fieldValue, startKsmSandbox, type KsmSandbox } from '../../../../dev/sandboxes/ksm';
import { clientFor, configJson, thrownBy, toBase64Config } from './helpers';

let sandbox: KsmSandbox;

beforeAll(async () => {
	sandbox = await startKsmSandbox({ seed: 11 });
});
afterAll(async () => await sandbox.close());
afterEach(() => sandbox.clearFaults());

const byTitle = (records: KsmRecord[], title: string) => {
	const record = records.find((candidate) => candidate.data.title === title);
	if (!record) throw new Error(`no record titled ${title}`);
	return record;
};

describe('get_secret', () => {
	it('returns every record shared with the application, decrypted exactly as the vault holds it', async () => {
		const { readOnly } = sandbox.applications;
		const secrets = await clientFor(sandbox, readOnly).getSecrets();

		expect(secrets.appTitle).toBe(readOnly.title);
		expect(secrets.warnings).toEqual([]);
		expect(secrets.records.map((record) => record.recordUid).sort()).toEqual(readOnly.recordUids);
		for (const record of secrets.records) {
			const stored = sandbox.vault.getRecord(record.recordUid);
			expect(record).toEqual({
				recordUid: stored.recordUid,
				folderUid: stored.folderUid,
				innerFolderUid: stored.innerFolderUid,
				revision: stored.revision,
				data: stored.data,
				files: stored.files,
			});
		}
	});

	it('tells records in a sub-folder and records shared directly apart', async () => {
		const { records } = await clientFor(sandbox, sandbox.applications.readOnly).getSecrets();
		const [infrastructure] = sandbox.applications.readOnly.sharedFolderUids;

		expect(byTitle(records, 'Jenkins admin')).toMatchObject({ folderUid: infrastructure, innerFolderUid: null });
		expect(byTitle(records, 'Grafana').folderUid).toBe(infrastructure);
		expect(byTitle(records, 'Grafana').innerFolderUid).toEqual(expect.any(String));
		expect(byTitle(records, 'My Secret')).toMatchObject({ folderUid: null, innerFolderUid: null });
	});

	it('returns only the requested records', async () => {
		const wanted = sandbox.applications.readWrite.recordUids.slice(0, 2);
		const { records } = await clientFor(sandbox, sandbox.applications.readWrite).getSecrets(wanted);

		expect(records.map((record) => record.recordUid).sort()).toEqual([...wanted].sort());
	});

	it('returns nothing for a UID the application cannot see', async () => {
		const foreign = sandbox.applications.readOnly.recordUids[0];
		const { records } = await clientFor(sandbox, sandbox.applications.readWrite).getSecrets([foreign]);

		expect(records).toEqual([]);
	});
});

describe('record field helpers', () => {
	it('read standard and custom fields of the seeded record types', async () => {
		const { records } = await clientFor(sandbox, sandbox.applications.readOnly).getSecrets();
		const mysql = byTitle(records, 'MySQL Credentials');
		const cloud = byTitle(records, 'Cloud API');
		const stored = sandbox.vault.getRecord(mysql.recordUid).data;

		expect(fieldValue(mysql.data, 'password')).toBe(stored.fields[3].value[0]);
		expect(fieldValue(mysql.data, 'type')).toBe('mysql'); // the label wins over the record's `text` type
		expect(fieldValue(mysql.data, 'host')).toEqual({
			hostName: expect.stringMatching(/^mysql-\d\.db\.internal$/),
			port: '3306',
		});
		expect(cloud.data.custom?.find((field) => field.label === 'API Key')?.type).toBe('secret');
		expect(fieldValue(cloud.data, 'oneTimeCode')).toMatch(/^otpauth:\/\/totp\//);
		expect(fieldValue(cloud.data, 'no such field')).toBeUndefined();
	});

	it('simplify a record for workflows and set values without touching the original', async () => {
		const { records } = await clientFor(sandbox, sandbox.applications.readOnly).getSecrets();
		const cloud = byTitle(records, 'Cloud API');
		const simple = simplifyRecord(cloud);

		expect(simple).toMatchObject({ uid: cloud.recordUid, title: 'Cloud API', type: 'login' });
		expect(simple.password).toBe(fieldValue(cloud.data, 'password'));
		expect(simple).not.toHaveProperty('fileRef');
		expect((simple.custom as Record<string, unknown>)['On-call']).toEqual(expect.objectContaining({ first: expect.any(String) }));

		const changed = applyChanges(cloud.data, { password: 'n3w', customFields: [{ label: 'Ticket', value: 'OPS-1' }] });
		expect(fieldValue(changed, 'password')).toBe('n3w');
		expect(changed.custom?.at(-1)).toEqual({ type: 'text', label: 'Ticket', value: ['OPS-1'] });
		expect(fieldValue(cloud.data, 'password')).toBe(simple.password);
	});
});

describe('get_folders', () => {
	it('lists shared folders and sub-folders with their names', async () => {
		const folders = await clientFor(sandbox, sandbox.applications.readWrite).getFolders();
		const [teamLogins, databases] = sandbox.applications.readWrite.sharedFolderUids;

		expect(folders).toEqual(
			expect.arrayContaining([
				{ folderUid: teamLogins, parentUid: null, name: 'Team Logins' },
				{ folderUid: databases, parentUid: null, name: 'Databases' },
				{ folderUid: expect.any(String), parentUid: teamLogins, name: 'Staging' },
			]),
		);
		expect(folders).toHaveLength(3);
	});
});

describe('update_secret', () => {
	it('stores the new data and moves the revision on', async () => {
		const client = clientFor(sandbox, sandbox.applications.readWrite);
		const [record] = (await client.getSecrets([sandbox.applications.readWrite.recordUids[0]])).records;
		const newPassword = sandbox.records.password(28);

		await client.updateSecret({ ...record, data: applyChanges(record.data, { password: newPassword }) });

		const stored = sandbox.vault.getRecord(record.recordUid);
		expect(fieldValue(stored.data, 'password')).toBe(newPassword);
		expect(stored.revision).toBeGreaterThan(record.revision);
		const [reread] = (await client.getSecrets([record.recordUid])).records;
		expect(reread).toEqual({ ...record, revision: stored.revision, data: stored.data });
	});

	it('is refused when the record changed since it was read', async () => {
		const client = clientFor(sandbox, sandbox.applications.readWrite);
		const [record] = (await client.getSecrets([sandbox.applications.readWrite.recordUids[1]])).records;
		sandbox.vault.editRecord(record.recordUid, (data) => applyChanges(data, { login: 'someone.else@example.com' }));
		const before = sandbox.vault.getRecord(record.recordUid);
		const change = applyChanges(record.data, { password: 'x' });

		const error = await thrownBy(() => client.updateSecret({ ...record, data: change }));

		expect(error).toBeInstanceOf(KsmRevisionConflictError);
		expect(error.message).toContain(record.recordUid);
		expect(sandbox.vault.getRecord(record.recordUid)).toEqual(before);
	});

	it('is refused for a read-only application, with a hint about edit rights', async () => {
		const client = clientFor(sandbox, sandbox.applications.readOnly);
		const [record] = (await client.getSecrets()).records;

		const error = await thrownBy(() => client.updateSecret(record));

		expect(error).toBeInstanceOf(KsmApiError);
		expect(error).toMatchObject({ status: 403, code: 'access_denied', endpoint: 'update_secret' });
		expect((error as KsmApiError).description).toMatch(/edit rights/);
	});

	it('explains a record the application cannot see', async () => {
		const client = clientFor(sandbox, sandbox.applications.readWrite);
		const foreignUid = sandbox.applications.readOnly.recordUids[0];

		const error = await thrownBy(() =>
			client.updateSecret({ recordUid: foreignUid, revision: 1, data: sandbox.records.login('x') }),
		);

		expect(error).toBeInstanceOf(KsmError);
		expect(error.message).toMatch(/is not shared with this Secrets Manager application/);
	});
});

describe('create_secret', () => {
	it('creates a record in a shared folder', async () => {
		const client = clientFor(sandbox, sandbox.applications.readWrite);
		const [teamLogins] = sandbox.applications.readWrite.sharedFolderUids;
		const data = sandbox.records.login('Created by n8n', { custom: sandbox.records.customFields() });

		const recordUid = await client.createSecret(teamLogins, data);

		expect(recordUid).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{21}$/);
		expect(sandbox.vault.getRecord(recordUid)).toMatchObject({ folderUid: teamLogins, innerFolderUid: null, data });
		const [read] = (await client.getSecrets([recordUid])).records;
		expect(read.data).toEqual(data);
	});

	it('creates a record in a sub-folder', async () => {
		const client = clientFor(sandbox, sandbox.applications.readWrite);
		const staging = (await client.getFolders()).find((folder) => folder.name === 'Staging')!;

		const data = sandbox.records.databaseCredentials('Staging DB', 'postgresql', 5433);

		const recordUid = await client.createSecret(staging.folderUid, data);

		expect(sandbox.vault.getRecord(recordUid)).toMatchObject({
			folderUid: staging.parentUid,
			innerFolderUid: staging.folderUid,
			data,
		});
	});

	it('is refused in a folder the application may only read', async () => {
		const client = clientFor(sandbox, sandbox.applications.readOnly);
		const [infrastructure] = sandbox.applications.readOnly.sharedFolderUids;

		const error = await thrownBy(() => client.createSecret(infrastructure, sandbox.records.login('Not allowed')));

		expect(error).toMatchObject({ status: 403, code: 'access_denied', endpoint: 'create_secret' });
	});

	it('explains a folder that is not shared with the application', async () => {
		const client = clientFor(sandbox, sandbox.applications.readWrite);
		const [foreignFolder] = sandbox.applications.readOnly.sharedFolderUids;

		const error = await thrownBy(() => client.createSecret(foreignFolder, sandbox.records.login('Nowhere')));

		expect(error.message).toBe(`Folder ${foreignFolder} is not shared with this Secrets Manager application`);
	});

	it('checks the record data before sending anything', async () => {
		const client = clientFor(sandbox, sandbox.applications.readWrite);
		const requestsBefore = sandbox.requests.length;

		const error = await thrownBy(() =>
			client.createSecret('any', { title: 'Broken', type: 'login', fields: [{ type: 'password' }] } as never),
		);

		expect(error.message).toBe('The record data is not valid: fields[0] needs a string "type" and an array "value"');
		expect(sandbox.requests.length).toBe(requestsBefore);
	});
});

describe('throttling', () => {
	it('waits as long as Keeper asks, then succeeds', async () => {
		sandbox.setFaults({ throttleNext: 2, retryAfterSeconds: 2 });
		const start = sandbox.requests.length;

		const secrets = await clientFor(sandbox, sandbox.applications.readOnly).getSecrets();

		expect(secrets.records.length).toBe(sandbox.applications.readOnly.recordUids.length);
		expect(waits()).toHaveLength(2);
		for (const wait of waits()) expect(wait).toBeGreaterThanOrEqual(2000);
		for (const wait of waits()) expect(wait).toBeLessThanOrEqual(2200);
		expect(sandbox.requests.slice(start).map((request) => request.error)).toEqual(['throttled', 'throttled', null]);
	});

	it('backs off from 11 s when Keeper names no delay', async () => {
		sandbox.setFaults({ throttleNext: 2, retryAfterSeconds: null });

		await clientFor(sandbox, sandbox.applications.readOnly).getFolders();

		expect(waits()[0]).toBeGreaterThanOrEqual(11_000);
		expect(waits()[1]).toBeGreaterThanOrEqual(22_000);
	});

	it('gives up after the retry budget with a throttling error', async () => {
		sandbox.setFaults({ throttleNext: 100, retryAfterSeconds: 1 });
		const start = sandbox.requests.length;

		const error = await thrownBy(() =>
			clientFor(sandbox, sandbox.applications.readOnly, { retry: { maxThrottleRetries: 3 } }).getSecrets(),
		);

		expect(error).toBeInstanceOf(KsmThrottledError);
		expect(error).toMatchObject({ status: 403, code: 'throttled', retryAfterSeconds: 1 });
		expect(waits()).toHaveLength(3);
		expect(sandbox.requests.length - start).toBe(4);
	});

	it('fails at once when Keeper asks for a longer wait than the budget allows', async () => {
		sandbox.setFaults({ throttleNext: 1, retryAfterSeconds: 120 });

		const error = await thrownBy(() => clientFor(sandbox, sandbox.applications.readOnly).getSecrets());

		expect(error).toMatchObject({ code: 'throttled', retryAfterSeconds: 120 });
		expect(waits()).toEqual([]);
	});

	it('waits for real on the production clock', async () => {
		sandbox.setFaults({ throttleNext: 1, retryAfterSeconds: 0.2 });
		const started = Date.now();

		await withRealClock(async () => await clientFor(sandbox, sandbox.applications.readOnly).getFolders());

		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
	});
});

describe('server key rotation', () => {
	it('follows the key id the server asks for, and keeps using it', async () => {
		const client = clientFor(sandbox, sandbox.applications.readOnly, {
			customServerPublicKeys: sandbox.serverPublicKeys,
		});
		sandbox.setFaults({ rotateKeyTo: 102 });
		const start = sandbox.requests.length;

		await client.getSecrets();
		await client.getFolders();

		expect(sandbox.requests.slice(start).map(({ keyId, error }) => [keyId, error])).toEqual([
			[101, 'key'],
			[102, null],
			[102, null],
		]);
	});

	it('explains a rotation to a key the configuration does not carry', async () => {
		sandbox.setFaults({ rotateKeyTo: 103 });

		const error = await thrownBy(() => clientFor(sandbox, sandbox.applications.readOnly).getSecrets());

		expect(error).toBeInstanceOf(KsmApiError);
		expect(error).toMatchObject({ code: 'key', status: 400 });
		expect(error.message).toBe(
			'Keeper asked for server public key id 103, which this client cannot use (it sent key id 101)',
		);
		expect((error as KsmApiError).description).toMatch(/custom server public key/);
	});

	it("seals to Keeper's published keys when the configuration names no custom key", async () => {
		const json = configJson(sandbox.applications.readOnly.config);
		delete json.serverPublicKey;
		json.serverPublicKeyId = '9';
		const start = sandbox.requests.length;

		const error = await thrownBy(() => clientFor(sandbox, toBase64Config(json)).getSecrets());

		// The sandbox cannot open Keeper's key 9 and names its own id 101, which Keeper never published.
		expect(sandbox.requests.slice(start)).toEqual([expect.objectContaining({ keyId: 9, error: 'key' })]);
		expect(error.message).toMatch(/server public key id 101/);
	});
});

describe('refusals and failures', () => {
	it('reports a signature Keeper does not accept as a device problem', async () => {
		const json = configJson(sandbox.applications.readOnly.config);
		json.privateKey = configJson(sandbox.applications.readWrite.config).privateKey;

		const error = await thrownBy(() => clientFor(sandbox, toBase64Config(json)).getSecrets());

		expect(error).toMatchObject({ status: 401, code: 'access_denied' });
		expect(error.message).toMatch(/Signature is invalid/);
		expect((error as KsmApiError).description).toMatch(/add a new device/);
	});

	it('reports a removed device', async () => {
		const config = sandbox.addDevice(sandbox.applications.readOnly);
		const client = clientFor(sandbox, config);
		await client.getFolders();
		sandbox.vault.removeDevice(configJson(config).clientId);

		const error = await thrownBy(() => client.getFolders());

		expect(error).toMatchObject({ status: 401, code: 'access_denied' });
	});

	it('reports a connection that drops without an answer', async () => {
		sandbox.injectNetworkFault({ times: 1, dropConnection: true });

		const error = await thrownBy(() => clientFor(sandbox, sandbox.applications.readOnly).getSecrets());

		expect(error).toBeInstanceOf(KsmApiError);
		expect(error).toMatchObject({ status: 0, endpoint: 'get_secret' });
		expect(error.message).toBe(
			`Could not reach Keeper Secrets Manager at ${sandbox.hostname} (get_secret): ECONNRESET`,
		);
		expect((error as KsmApiError).description).toBe(
			'Check the network connection of the n8n instance and the hostname in the configuration.',
		);
	});

	it.each([
		[502, 'Keeper Secrets Manager answered POST get_secret with HTTP 502', /server error and retries did not help/],
		[307, 'Keeper Secrets Manager answered with a redirect (307), which is not followed', /redirects are not followed/],
		[429, 'Keeper Secrets Manager is rate limiting requests (429)', /Too many requests/],
	])('explains an HTTP %s like every other API, not as a refusal', async (status, message, hint) => {
		sandbox.injectNetworkFault({ times: 1, response: { status, body: '' } });

		const error = await thrownBy(() => clientFor(sandbox, sandbox.applications.readOnly).getSecrets());

		expect(error).toMatchObject({ name: 'KsmApiError', status, endpoint: 'get_secret', message });
		expect((error as KsmApiError).description).toMatch(hint);
	});
});
