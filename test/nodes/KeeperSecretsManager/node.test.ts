import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { applyChanges } from '../../../nodes/KeeperSecretsManager/helpers/recordData';
import { listSearch, loadOptions, runWorkflow } from '../../../dev/harness/engine';
import { fieldValue, type KsmSandbox } from '../../../dev/sandboxes/ksm';
import {
	byTitle,
	byUid,
	chain,
	credentialFor,
	errorOf,
	KSM_CREDENTIAL,
	ksmNode,
	outputOf,
	runKsm,
	shown,
	storedValue,
	uidTitled,
	useKsmSandbox,
} from './support';

let sandbox: KsmSandbox;

useKsmSandbox({ seed: 505 }, (started) => (sandbox = started));

const readOnly = () => credentialFor(sandbox.applications.readOnly);
const readWrite = () => credentialFor(sandbox.applications.readWrite);
const requestsTo = (endpoint: string) => sandbox.requests.filter((request) => request.endpoint === endpoint);

describe('Keeper Secrets Manager · Get Many', () => {
	it('lists every record shared with the application, like `ksm secret list`', async () => {
		const { readOnly: application } = sandbox.applications;
		const records = outputOf(await runKsm({ operation: 'getAll', returnAll: true }, readOnly()));

		expect(records.map((record) => record.uid).sort()).toEqual(application.recordUids);
		for (const record of records) {
			const stored = sandbox.vault.getRecord(record.uid as string);
			expect(record).toEqual({
				uid: stored.recordUid,
				type: stored.data.type,
				title: stored.data.title,
				folderUid: stored.innerFolderUid ?? stored.folderUid,
			});
		}
		const titles = records.map((record) => record.title as string);
		expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
		expect(requestsTo('get_secret')).toHaveLength(1);
	});

	it('filters by record type and by part of the title, ignoring case', async () => {
		const databases = outputOf(
			await runKsm({ operation: 'getAll', returnAll: true, filters: { recordType: 'DATABASECREDENTIALS' } }, readWrite()),
		);
		expect(databases.map((record) => record.title).sort()).toEqual(['Postgres primary', 'Redis cache']);

		const teamLogins = outputOf(
			await runKsm({ operation: 'getAll', returnAll: true, filters: { title: 'TEAM LOGIN', recordType: 'login' } }, readWrite()),
		);
		expect(teamLogins.map((record) => record.title)).toEqual(['Team login 1', 'Team login 2', 'Team login 3']);
	});

	it('stops at the limit', async () => {
		const records = outputOf(await runKsm({ operation: 'getAll', returnAll: false, limit: 2 }, readWrite()));
		expect(records).toHaveLength(2);
	});
});

describe('Keeper Secrets Manager · Get', () => {
	it('maps standard fields to named keys and custom fields by label', async () => {
		const uid = uidTitled(sandbox, 'Cloud API');
		const stored = sandbox.vault.getRecord(uid);
		const [record] = outputOf(await runKsm({ operation: 'get', record: byUid(uid), simplify: true }, readOnly()));

		expect(record).toEqual({
			uid,
			type: 'login',
			title: 'Cloud API',
			folderUid: stored.folderUid,
			revision: stored.revision,
			notes: stored.data.notes,
			login: shown(stored.data, 'login'),
			password: shown(stored.data, 'password'),
			url: shown(stored.data, 'url'),
			oneTimeCode: expect.stringMatching(/^otpauth:\/\/totp\//),
			custom: {
				Environment: shown(stored.data, 'Environment'),
				'API Key': shown(stored.data, 'API Key'),
				Runbook: shown(stored.data, 'Runbook'),
				'On-call': shown(stored.data, 'On-call'),
			},
			files: [],
		});
		expect(record.oneTimeCode).toBe(shown(stored.data, 'oneTimeCode'));
	});

	it('splits a database host into host and port, and keeps a labelled field that clashes under "<name> (2)"', async () => {
		const uid = uidTitled(sandbox, 'MySQL Credentials');
		const stored = sandbox.vault.getRecord(uid);
		const host = fieldValue(stored.data, 'host') as { hostName: string; port: string };
		const [record] = outputOf(await runKsm({ operation: 'get', record: byTitle('MySQL Credentials') }, readOnly()));

		expect(record).toMatchObject({
			uid,
			type: 'databaseCredentials',
			'type (2)': 'mysql',
			host: host.hostName,
			port: '3306',
			login: shown(stored.data, 'login'),
			password: shown(stored.data, 'password'),
			notes: null,
			custom: {},
		});
	});

	it('includes the metadata of attached files', async () => {
		const uid = uidTitled(sandbox, 'Jenkins admin');
		const [file] = sandbox.vault.getRecord(uid).files;
		const [record] = outputOf(await runKsm({ operation: 'get', record: byUid(uid) }, readOnly()));

		expect(record.files).toEqual([
			{
				uid: file.fileUid,
				name: 'jenkins-backup.tar.gz',
				title: 'Configuration backup',
				mimeType: 'application/gzip',
				size: file.data.size,
				lastModified: new Date(file.data.lastModified as number).toISOString(),
			},
		]);
		expect(record).not.toHaveProperty('fileRef');
	});

	it('returns the decrypted record as Keeper Secrets Manager defines it when Simplify is off', async () => {
		const uid = uidTitled(sandbox, 'Grafana');
		const stored = sandbox.vault.getRecord(uid);
		const [record] = outputOf(await runKsm({ operation: 'get', record: byUid(uid), simplify: false }, readOnly()));

		expect(record).toEqual({
			recordUid: uid,
			folderUid: stored.folderUid,
			innerFolderUid: stored.innerFolderUid,
			revision: stored.revision,
			data: stored.data,
			files: [],
		});
	});

	it('finds a record by exact title and lists the UIDs when the title is ambiguous', async () => {
		const [teamLogins] = sandbox.applications.readWrite.sharedFolderUids;
		const first = sandbox.vault.addRecord(sandbox.records.login('Shared admin'), teamLogins);
		const second = sandbox.vault.addRecord(sandbox.records.login('Shared admin'), teamLogins);

		const error = errorOf(await runKsm({ operation: 'get', record: byTitle('Shared admin') }, readWrite()));
		expect(error.message).toBe(`2 records are titled "Shared admin": ${first}, ${second}`);
		expect(error.description).toContain('UID');

		const [one] = outputOf(await runKsm({ operation: 'get', record: byUid(second) }, readWrite()));
		expect(one.password).toBe(storedValue(sandbox, second, 'password'));
	});

	it('says when no record has the title, pointing out one that differs only in case', async () => {
		const error = errorOf(await runKsm({ operation: 'get', record: byTitle('cloud api') }, readOnly()));
		expect(error.message).toBe('No record titled "cloud api" is shared with this Secrets Manager application');
		expect(error.description).toContain('"Cloud API" exists');
	});

	it('says when a UID is not shared with the application', async () => {
		const otherApplicationsRecord = sandbox.applications.readWrite.recordUids[0];
		const error = errorOf(await runKsm({ operation: 'get', record: byUid(otherApplicationsRecord) }, readOnly()));
		expect(error.message).toBe(
			`No record with UID ${otherApplicationsRecord} is shared with this Secrets Manager application`,
		);
	});

	it('reads every record for many items with one request, pairing each result to its item', async () => {
		const workflow = chain(
			ksmNode('List', { operation: 'getAll', returnAll: true }),
			ksmNode('Read', { operation: 'get', record: byUid('={{ $json.uid }}') }),
		);
		const run = await runWorkflow(workflow, { credentials: { [KSM_CREDENTIAL]: readWrite() } });

		const listed = outputOf(run, 'List');
		const items = run.items('Read');
		expect(items).toHaveLength(listed.length);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.uid).toBe(listed[index].uid);
			expect(item.json.password).toBe(storedValue(sandbox, listed[index].uid as string, 'password'));
		});
		expect(requestsTo('get_secret')).toHaveLength(2);
	});
});

describe('Keeper Secrets Manager · Get Value (Keeper notation)', () => {
	const value = async (notation: string, credential = readOnly()) => {
		const [output] = outputOf(await runKsm({ operation: 'getValue', notation }, credential));
		expect(Object.keys(output)).toEqual(['value']);
		return output.value;
	};

	it('reads standard fields by UID or title, with or without the keeper:// prefix', async () => {
		const uid = uidTitled(sandbox, 'Cloud API');
		const data = sandbox.vault.getRecord(uid).data;

		expect(await value(`keeper://${uid}/field/password`)).toBe(fieldValue(data, 'password'));
		expect(await value(`${uid}/field/login`)).toBe(fieldValue(data, 'login'));
		expect(await value('keeper://Cloud API/field/url')).toBe(fieldValue(data, 'url'));
		expect(await value('KEEPER://Cloud API/field/oneTimeCode')).toBe(fieldValue(data, 'oneTimeCode'));
	});

	it('reads the type, title and notes of a record', async () => {
		const uid = uidTitled(sandbox, 'Jenkins admin');
		const data = sandbox.vault.getRecord(uid).data;

		expect(await value(`keeper://${uid}/type`)).toBe('login');
		expect(await value(`keeper://${uid}/title`)).toBe('Jenkins admin');
		expect(await value(`keeper://${uid}/notes`)).toBe(data.notes);
	});

	it('reads custom fields by label', async () => {
		const data = sandbox.vault.getRecord(uidTitled(sandbox, 'Cloud API')).data;

		expect(await value('keeper://Cloud API/custom_field/API Key')).toBe(fieldValue(data, 'API Key'));
		expect(await value('keeper://Cloud API/custom_field/Runbook')).toBe(fieldValue(data, 'Runbook'));
	});

	it('selects values and properties with indexes', async () => {
		const data = sandbox.vault.getRecord(uidTitled(sandbox, 'MySQL Credentials')).data;
		const host = fieldValue(data, 'host') as { hostName: string; port: string };
		const onCall = fieldValue(sandbox.vault.getRecord(uidTitled(sandbox, 'Cloud API')).data, 'On-call') as IDataObject;

		expect(await value('keeper://MySQL Credentials/field/host[0][port]')).toBe('3306');
		expect(await value('keeper://MySQL Credentials/field/host[0][hostName]')).toBe(host.hostName);
		expect(await value('keeper://MySQL Credentials/field/host')).toEqual(host);
		expect(await value('keeper://MySQL Credentials/field/host[0]')).toEqual(host);
		expect(await value('keeper://MySQL Credentials/field/host[]')).toEqual([host]);
		expect(await value('keeper://MySQL Credentials/field/host[][port]')).toEqual(['3306']);
		expect(await value('keeper://MySQL Credentials/field/type')).toBe('mysql');
		expect(await value('keeper://Cloud API/custom_field/On-call[0][last]')).toBe(onCall.last);
		// The SDKs' legacy form: a property without an index is taken from the first value.
		expect(await value('keeper://Cloud API/custom_field/On-call[first]')).toBe(onCall.first);
		expect(await value('keeper://MySQL Credentials/field/fileRef')).toBeNull();
	});

	it('describes an attached file by name, title or UID', async () => {
		const uid = uidTitled(sandbox, 'Jenkins admin');
		const [file] = sandbox.vault.getRecord(uid).files;
		const expected = expect.objectContaining({ uid: file.fileUid, name: 'jenkins-backup.tar.gz', size: file.data.size });

		expect(await value('keeper://Jenkins admin/file/jenkins-backup.tar.gz')).toEqual(expected);
		expect(await value('keeper://Jenkins admin/file/Configuration backup')).toEqual(expected);
		expect(await value(`keeper://${uid}/file/${file.fileUid}`)).toEqual(expected);
	});

	it('reads titles and labels with escaped / [ ] and \\, and notation given as URL-safe base64', async () => {
		const [databases] = sandbox.applications.readWrite.sharedFolderUids.slice(1);
		const title = 'Ops/Prod [EU] \\ main';
		const data = sandbox.records.login(title, { custom: [{ type: 'text', label: 'a/b[c]', value: ['escaped label'] }] });
		const uid = sandbox.vault.addRecord(data, databases);

		expect(await value('keeper://Ops\\/Prod \\[EU\\] \\\\ main/field/password', readWrite())).toBe(
			storedValue(sandbox, uid, 'password'),
		);
		expect(await value('keeper://Ops\\/Prod \\[EU\\] \\\\ main/custom_field/a\\/b\\[c\\]', readWrite())).toBe(
			'escaped label',
		);
		const encoded = Buffer.from(`keeper://${uid}/field/login`).toString('base64url');
		expect(await value(encoded, readWrite())).toBe(storedValue(sandbox, uid, 'login'));
	});

	it('explains notation it cannot follow, naming no value', async () => {
		const uid = uidTitled(sandbox, 'MySQL Credentials');
		const failures: Array<[string, RegExp]> = [
			[`keeper://${uid}/field/pin`, new RegExp(`^Record ${uid} has no standard field "pin"$`)],
			[`keeper://${uid}/custom_field/password`, new RegExp(`^Record ${uid} has no custom field "password"$`)],
			[`keeper://${uid}/field/host[3]`, /has 1 values; there is no index 3$/],
			[`keeper://${uid}/field/host[0][region]`, /has no property "region"$/],
			[`keeper://${uid}/field/host[a][port]`, /^The first index must be a number or empty, not "a"$/],
			[`keeper://${uid}/secrets`, /^"secrets" is not a Keeper notation selector/],
			[`keeper://${uid}/title/extra`, /^The selector "title" takes no parameter$/],
			[`keeper://${uid}/field/host[0]x`, /extra characters after its last section$/],
			[`keeper://${uid}`, /names no record and field/],
			['keeper://No such record/field/password', /^No record with UID or title "No such record" is shared/],
			['keeper://bad\\escape/field/password', /incorrect escape sequence at position 12$/],
		];
		for (const [notation, expected] of failures) {
			const error = errorOf(await runKsm({ operation: 'getValue', notation }, readOnly()));
			expect({ notation, message: error.message }).toEqual({ notation, message: expect.stringMatching(expected) });
			expect(error.description).not.toBe('');
		}
	});
});

describe('Keeper Secrets Manager · Create', () => {
	it('creates a login record with custom fields in a shared folder and returns it', async () => {
		const [teamLogins] = sandbox.applications.readWrite.sharedFolderUids;
		const password = sandbox.records.password(28);
		const apiKey = sandbox.records.password(32);
		const run = await runKsm(
			{
				operation: 'create',
				folderUid: teamLogins,
				title: 'Created by n8n',
				login: 'robot@example.com',
				password,
				url: 'https://app.example.com',
				additionalFields: {
					notes: 'Rotated monthly',
					customFields: {
						field: [
							{ label: 'API Key', value: apiKey, hidden: true },
							{ label: 'Environment', value: 'staging', hidden: false },
						],
					},
				},
			},
			readWrite(),
		);
		const [created] = outputOf(run);

		const stored = sandbox.vault.getRecord(created.uid as string);
		expect(stored.folderUid).toBe(teamLogins);
		expect(stored.data).toEqual({
			title: 'Created by n8n',
			type: 'login',
			notes: 'Rotated monthly',
			fields: [
				{ type: 'login', value: ['robot@example.com'] },
				{ type: 'password', value: [password] },
				{ type: 'url', value: ['https://app.example.com'] },
				{ type: 'fileRef', value: [] },
				{ type: 'oneTimeCode', value: [] },
			],
			custom: [
				{ type: 'secret', label: 'API Key', value: [apiKey] },
				{ type: 'text', label: 'Environment', value: ['staging'] },
			],
		});
		expect(created).toMatchObject({
			title: 'Created by n8n',
			type: 'login',
			folderUid: teamLogins,
			revision: stored.revision,
			login: 'robot@example.com',
			password,
			custom: { 'API Key': apiKey, Environment: 'staging' },
		});
	});

	it('creates a record in a sub-folder picked from the folder list', async () => {
		const workflowNode = ksmNode('Vault', { operation: 'create' });
		const folders = await loadOptions(workflowNode, 'getFolders', { credentials: { [KSM_CREDENTIAL]: readWrite() } });
		expect(folders.map((folder) => folder.name)).toEqual(['Databases', 'Team Logins', 'Team Logins / Staging']);

		const staging = folders.find((folder) => folder.name === 'Team Logins / Staging')!;
		const [created] = outputOf(
			await runKsm({ operation: 'create', folderUid: staging.value, title: 'Staging robot', login: 'robot' }, readWrite()),
		);
		expect(created.folderUid).toBe(staging.value);
		expect(sandbox.vault.getRecord(created.uid as string).innerFolderUid).toBe(staging.value);
	});

	it('is refused for a read-only application, with a clear error', async () => {
		const [infrastructure] = sandbox.applications.readOnly.sharedFolderUids;
		const recordsBefore = sandbox.vault.recordUidsVisibleTo(sandbox.applications.readOnly.uid);
		const error = errorOf(
			await runKsm({ operation: 'create', folderUid: infrastructure, title: 'Not allowed', login: 'x' }, readOnly()),
		);

		expect(error.message).toBe(
			'Keeper Secrets Manager refused create_secret (HTTP 403, access_denied): The application may not add records here',
		);
		expect(error.description).toContain('give it edit rights in the Keeper vault');
		expect(sandbox.vault.recordUidsVisibleTo(sandbox.applications.readOnly.uid)).toEqual(recordsBefore);
	});

	it('is refused in a folder the application cannot see', async () => {
		const [othersFolder] = sandbox.applications.readOnly.sharedFolderUids;
		const error = errorOf(
			await runKsm({ operation: 'create', folderUid: othersFolder, title: 'Elsewhere' }, readWrite()),
		);
		expect(error.message).toBe(`Folder ${othersFolder} is not shared with this Secrets Manager application`);
		expect(requestsTo('create_secret')).toHaveLength(0);
	});
});

describe('Keeper Secrets Manager · Update', () => {
	it('sets standard, host and custom fields, keeps the others and returns the new revision', async () => {
		const uid = uidTitled(sandbox, 'Postgres primary');
		const before = sandbox.vault.getRecord(uid);
		const password = sandbox.records.password(30);
		const run = await runKsm(
			{
				operation: 'update',
				record: byTitle('Postgres primary'),
				updateFields: {
					password,
					port: '6432',
					customFields: { field: [{ label: 'Rotated by', value: 'n8n', hidden: false }] },
				},
			},
			readWrite(),
		);
		const [updated] = outputOf(run);

		const after = sandbox.vault.getRecord(uid);
		const hostBefore = fieldValue(before.data, 'host') as IDataObject;
		expect(after.revision).toBeGreaterThan(before.revision);
		expect(fieldValue(after.data, 'password')).toBe(password);
		expect(fieldValue(after.data, 'host')).toEqual({ hostName: hostBefore.hostName, port: '6432' });
		expect(fieldValue(after.data, 'login')).toBe(fieldValue(before.data, 'login'));
		expect(after.data.custom).toEqual([{ type: 'text', label: 'Rotated by', value: ['n8n'] }]);
		expect(after.files).toEqual(before.files);
		expect(updated).toMatchObject({ uid, revision: after.revision, password, port: '6432', host: hostBefore.hostName });
	});

	it('refuses, rather than overwrites, a record edited in the vault between its read and the update', async () => {
		const uid = uidTitled(sandbox, 'Team login 2');
		const ownPassword = sandbox.records.password(26);
		sandbox.beforeNext('update_secret', () => {
			sandbox.vault.editRecord(uid, (data) => applyChanges(data, { login: 'someone-else@example.com' }));
		});
		const passwordBefore = storedValue(sandbox, uid, 'password');

		const error = errorOf(
			await runKsm({ operation: 'update', record: byUid(uid), updateFields: { password: ownPassword } }, readWrite()),
		);

		expect(error.message).toMatch(new RegExp(`^Record ${uid} was changed after revision \\d+ was read, so the update was refused$`));
		expect(error.description).toContain('Read the record again');
		expect(storedValue(sandbox, uid, 'login')).toBe('someone-else@example.com');
		expect(storedValue(sandbox, uid, 'password')).toBe(passwordBefore);
	});

	it('refuses an update based on a revision read earlier in the workflow once the record changed', async () => {
		const uid = uidTitled(sandbox, 'Team login 3');
		const [read] = outputOf(await runKsm({ operation: 'get', record: byUid(uid) }, readWrite()));
		sandbox.vault.editRecord(uid, (data) => applyChanges(data, { url: 'https://moved.example.com' }));
		const update = (options: INodeParameters) =>
			runKsm({ operation: 'update', record: byUid(uid), updateFields: { login: 'n8n@example.com' }, options }, readWrite());

		const refused = errorOf(await update({ expectedRevision: read.revision as number }));
		expect(refused.message).toContain(`was changed after revision ${read.revision as number} was read`);
		expect(storedValue(sandbox, uid, 'login')).toBe(read.login);

		const [updated] = outputOf(await update({}));
		expect(updated).toMatchObject({ login: 'n8n@example.com', url: 'https://moved.example.com' });
	});

	it('is refused for a record the application may only read, with a clear error', async () => {
		const uid = uidTitled(sandbox, 'My Secret');
		const before = sandbox.vault.getRecord(uid);
		const error = errorOf(
			await runKsm({ operation: 'update', record: byUid(uid), updateFields: { password: 'x' } }, readOnly()),
		);

		expect(error.message).toBe(
			'Keeper Secrets Manager refused update_secret (HTTP 403, access_denied): The application may not edit this record',
		);
		expect(error.description).toContain('give it edit rights in the Keeper vault');
		expect(sandbox.vault.getRecord(uid)).toEqual(before);
	});

	it('asks for at least one field to change', async () => {
		const error = errorOf(
			await runKsm({ operation: 'update', record: byUid(sandbox.applications.readWrite.recordUids[0]) }, readWrite()),
		);
		expect(error.message).toBe('Nothing to update');
		expect(requestsTo('get_secret')).toHaveLength(0);
	});
});

describe('Keeper Secrets Manager · editor lists and item handling', () => {
	it('searches records by title for the record list', async () => {
		const { results } = await listSearch(ksmNode('Vault', { operation: 'get' }), 'searchRecords', {
			credentials: { [KSM_CREDENTIAL]: readWrite() },
			filter: 'team LOGIN',
		});
		expect(results).toEqual(
			['Team login 1', 'Team login 2', 'Team login 3'].map((title) => ({
				name: `${title} (login)`,
				value: uidTitled(sandbox, title),
			})),
		);
	});

	it('continues on failure item by item, each output paired with its input', async () => {
		const workflow = chain(
			ksmNode('List', { operation: 'getAll', returnAll: true }),
			ksmNode(
				'Read',
				{ operation: 'getValue', notation: "={{ 'keeper://' + $json.uid + '/field/' + ($json.type === 'login' ? 'url' : 'oneTimeCode') }}" },
				{ continueOnFail: true },
			),
		);
		const run = await runWorkflow(workflow, { credentials: { [KSM_CREDENTIAL]: readOnly() } });

		const listed = outputOf(run, 'List');
		const items = run.items('Read');
		expect(items).toHaveLength(listed.length);
		items.forEach((item, index) => {
			const { uid, type } = listed[index] as { uid: string; type: string };
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toEqual(
				type === 'login'
					? { value: storedValue(sandbox, uid, 'url') }
					: { error: `Record ${uid} has no standard field "oneTimeCode"`, description: expect.any(String) },
			);
		});
		expect(listed.some((record) => record.type !== 'login')).toBe(true);
	});
});
