import { getSecrets, getTotpCode } from '@keeper-security/secrets-manager-core';
import type { INodeParameters } from 'n8n-workflow';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { applyChanges } from '../../../nodes/KeeperSecretsManager/helpers/recordData';
import { runWorkflow, type WorkflowJson } from '../../../dev/harness/engine';
import { PACKAGE_ROOT } from '../../../dev/harness/package';
import { sdkOptionsFor } from './transport/helpers';
import { fieldValue, type KsmSandbox } from '../../../dev/sandboxes/ksm';
import { byTitle, byUid, chain, credentialFor, errorOf, KSM_CREDENTIAL, ksmNode, outputOf, runKsm, storedValue, uidTitled, useKsmSandbox } from './support';

let sandbox: KsmSandbox;

useKsmSandbox({ seed: 808 }, (started) => (sandbox = started));

const readOnly = () => credentialFor(sandbox.applications.readOnly);
const readWrite = () => credentialFor(sandbox.applications.readWrite);
const requestsTo = (endpoint: string) => sandbox.requests.filter((request) => request.endpoint === endpoint);

describe('Keeper Secrets Manager · Get TOTP Code', () => {
	/** The node's code, checked against the official SDK's for the record's URI at the same second. */
	async function expectSdkCode(credential: ReturnType<typeof readOnly>, config: string, uid: string) {
		const startedAt = Math.floor(Date.now() / 1000);
		const [output] = outputOf(await runKsm({ operation: 'getTotp', record: byUid(uid) }, credential));
		const endedAt = Math.floor(Date.now() / 1000);

		const [sdkRecord] = (await getSecrets(sdkOptionsFor(sandbox, config), [uid])).records;
		const uri = sdkRecord.data.fields.find((field: { type: string }) => field.type === 'oneTimeCode').value[0] as string;
		const candidates = [];
		for (let second = startedAt; second <= endedAt; second++) {
			const code = await getTotpCode(uri, second);
			candidates.push({ code: code?.code, secondsLeft: code?.timeLeft, period: code?.period });
		}
		expect(candidates).toContainEqual({ code: output.code, secondsLeft: output.secondsLeft, period: output.period });
		expect(output).toMatchObject({ uid, title: sdkRecord.data.title });
		return output;
	}

	it("returns the record's current code and seconds left, equal to the official SDK's", async () => {
		const output = await expectSdkCode(readOnly(), sandbox.applications.readOnly.config, uidTitled(sandbox, 'Cloud API'));
		expect(output.code).toMatch(/^\d{6}$/);
		expect(output.period).toBe(30);
	});

	it('follows the algorithm, digits and period of the URI', async () => {
		const [teamLogins] = sandbox.applications.readWrite.sharedFolderUids;
		const data = sandbox.records.login('Bank portal');
		data.fields.find((field) => field.type === 'oneTimeCode')!.value = [
			'otpauth://totp/Bank:ops%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&algorithm=SHA256&digits=8&period=60&issuer=Bank',
		];
		const uid = sandbox.vault.addRecord(data, teamLogins);

		const output = await expectSdkCode(readWrite(), sandbox.applications.readWrite.config, uid);
		expect(output.code).toMatch(/^\d{8}$/);
		expect(output.period).toBe(60);
	});

	it('says when the record has no one-time code', async () => {
		const uid = uidTitled(sandbox, 'Grafana');
		const error = errorOf(await runKsm({ operation: 'getTotp', record: byUid(uid) }, readOnly()));
		expect(error.message).toBe(`Record ${uid} has no one-time code`);
	});
});

describe('Keeper Secrets Manager · Password · Generate', () => {
	it('generates a password by the rules without a credential or any request', async () => {
		const [output] = outputOf(
			await runKsm(
				{ resource: 'password', operation: 'generate', length: 40, classes: ['uppercase', 'digits'], options: { digits: 10 } },
				{},
			),
		);
		expect(output).toEqual({ password: expect.stringMatching(/^[A-Z0-9]{40}$/), length: 40 });
		expect((output.password as string).replace(/\D/g, '').length).toBeGreaterThanOrEqual(10);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('feeds Update for a rotation', async () => {
		const uid = uidTitled(sandbox, 'Redis cache');
		const workflow = chain(
			ksmNode('Generate', { resource: 'password', operation: 'generate', length: 24 }),
			ksmNode('Rotate', { operation: 'update', record: byUid(uid), updateFields: { password: '={{ $json.password }}' } }),
		);
		const run = await runWorkflow(workflow, { credentials: { [KSM_CREDENTIAL]: readWrite() } });

		const [generated] = outputOf(run, 'Generate');
		expect(storedValue(sandbox, uid, 'password')).toBe(generated.password);
		expect(outputOf(run, 'Rotate')[0].password).toBe(generated.password);
	});

	it('rotates a password in the example workflow, and refuses when the record was edited meanwhile', async () => {
		const workflow = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'examples', 'ksm-rotate-password.json'), 'utf8')) as WorkflowJson;
		// The example rotates "Team login 1" of the sandbox.
		const uid = uidTitled(sandbox, 'Team login 1');
		const credentials = { [KSM_CREDENTIAL]: readWrite() };

		const rotation = await runWorkflow(workflow, { credentials });
		const [generated] = outputOf(rotation, 'Generate Password');
		expect(generated.password).toMatch(/^.{32}$/);
		expect(storedValue(sandbox, uid, 'password')).toBe(generated.password);
		expect(outputOf(rotation, 'Rotate Password')[0]).toMatchObject({ uid, password: generated.password });

		sandbox.beforeNext('update_secret', () => sandbox.vault.editRecord(uid, (data) => applyChanges(data, { url: 'https://moved.example.com' })));
		const raced = await runWorkflow(workflow, { credentials });
		expect(errorOf(raced, 'Rotate Password').message).toMatch(/was changed after revision \d+ was read/);
		expect(storedValue(sandbox, uid, 'password')).toBe(generated.password);
	});

	it('says which rule cannot be met', async () => {
		const error = errorOf(
			await runKsm({ resource: 'password', operation: 'generate', length: 3, options: { digits: 2, special: 2 } }, {}),
		);
		expect(error.message).toBe('The password rules cannot be met: The minimums add up to 6 characters, more than the length of 3');
	});
});

describe('Keeper Secrets Manager · Delete', () => {
	it('deletes nothing without the confirmation', async () => {
		const uid = uidTitled(sandbox, 'Team login 1');
		const error = errorOf(await runKsm({ operation: 'delete', record: byUid(uid) }, readWrite()));

		expect(error.message).toBe('Deleting the record was not confirmed');
		expect(sandbox.requests).toHaveLength(0);
		expect(sandbox.vault.storedRecord(uid)).toBeDefined();
	});

	it('deletes a record the application may edit, once confirmed', async () => {
		const uid = uidTitled(sandbox, 'Team login 1');
		const [output] = outputOf(await runKsm({ operation: 'delete', record: byTitle('Team login 1'), confirmDelete: true }, readWrite()));

		expect(output).toEqual({ uid, title: 'Team login 1', type: 'login', deleted: true });
		expect(sandbox.vault.storedRecord(uid)).toBeUndefined();
		const sdkUids = (await getSecrets(sdkOptionsFor(sandbox, sandbox.applications.readWrite.config))).records.map((record) => record.recordUid);
		expect(sdkUids).not.toContain(uid);
	});

	it('reports a refusal for a record the application may only read, which stays', async () => {
		const uid = uidTitled(sandbox, 'My Secret');
		const error = errorOf(await runKsm({ operation: 'delete', record: byUid(uid), confirmDelete: true }, readOnly()));

		expect(error.message).toBe(`Keeper did not delete record ${uid} (access_denied: The application may not delete this record)`);
		expect(sandbox.vault.storedRecord(uid)).toBeDefined();
	});
});

describe('Keeper Secrets Manager · Create with record types', () => {
	const privateKey = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
	const cases: Array<[string, INodeParameters, unknown[]]> = [
		[
			'databaseCredentials',
			{ databaseType: 'postgresql', hostName: 'db.internal', port: '5432', login: 'svc', password: 'pw-db' },
			[
				{ type: 'text', label: 'type', value: ['postgresql'] },
				{ type: 'host', value: [{ hostName: 'db.internal', port: '5432' }] },
				{ type: 'login', value: ['svc'] },
				{ type: 'password', value: ['pw-db'] },
				{ type: 'fileRef', value: [] },
			],
		],
		[
			'serverCredentials',
			{ hostName: 'bastion.internal', port: '22', login: 'ops', password: 'pw-server' },
			[
				{ type: 'host', value: [{ hostName: 'bastion.internal', port: '22' }] },
				{ type: 'login', value: ['ops'] },
				{ type: 'password', value: ['pw-server'] },
				{ type: 'fileRef', value: [] },
			],
		],
		[
			'sshKeys',
			{ login: 'deploy', publicKey: 'ssh-ed25519 AAAAC3Nz deploy', privateKey, password: 'passphrase', hostName: 'git.internal', port: '' },
			[
				{ type: 'login', value: ['deploy'] },
				{ type: 'keyPair', value: [{ publicKey: 'ssh-ed25519 AAAAC3Nz deploy', privateKey }] },
				{ type: 'password', value: ['passphrase'] },
				{ type: 'host', value: [{ hostName: 'git.internal', port: '' }] },
				{ type: 'fileRef', value: [] },
			],
		],
		[
			'general',
			{ login: 'someone', password: 'pw-general', url: 'https://legacy.example.com' },
			[
				{ type: 'login', value: ['someone'] },
				{ type: 'password', value: ['pw-general'] },
				{ type: 'url', value: ['https://legacy.example.com'] },
				{ type: 'fileRef', value: [] },
				{ type: 'oneTimeCode', value: [] },
			],
		],
	];

	it.each(cases)('lays out a %s record as Keeper defines it, with custom fields, and the SDK reads it back', async (recordType, fields, expectedFields) => {
		const [, databases] = sandbox.applications.readWrite.sharedFolderUids;
		const title = `Created ${recordType}`;
		const [created] = outputOf(
			await runKsm(
				{
					operation: 'create',
					recordType,
					folderUid: databases,
					title,
					...fields,
					additionalFields: { notes: 'by n8n', customFields: { field: [{ label: 'Owner', value: 'platform', hidden: false }] } },
				},
				readWrite(),
			),
		);

		const expected = {
			title,
			type: recordType,
			notes: 'by n8n',
			fields: expectedFields,
			custom: [{ type: 'text', label: 'Owner', value: ['platform'] }],
		};
		expect(sandbox.vault.getRecord(created.uid as string).data).toEqual(expected);
		const [sdkRecord] = (await getSecrets(sdkOptionsFor(sandbox, sandbox.applications.readWrite.config), [created.uid as string])).records;
		expect(sdkRecord.data).toEqual(expected);
		expect(created).toMatchObject({ uid: created.uid, type: recordType, title, custom: { Owner: 'platform' } });
	});
});

describe('Keeper Secrets Manager · Update clears fields', () => {
	it('clears standard and custom fields given empty, and changes an SSH key pair in part', async () => {
		const [created] = outputOf(
			await runKsm(
				{
					operation: 'create',
					recordType: 'sshKeys',
					folderUid: sandbox.applications.readWrite.sharedFolderUids[0],
					title: 'Deploy key',
					login: 'deploy',
					publicKey: 'ssh-ed25519 OLD',
					privateKey: 'old private',
					password: 'old passphrase',
					additionalFields: { customFields: { field: [{ label: 'Ticket', value: 'OPS-1', hidden: false }] } },
				},
				readWrite(),
			),
		);
		const uid = created.uid as string;

		await runKsm(
			{
				operation: 'update',
				record: byUid(uid),
				updateFields: {
					password: '',
					privateKey: 'new private',
					customFields: { field: [{ label: 'Ticket', value: '', hidden: false }] },
				},
			},
			readWrite(),
		);

		const data = sandbox.vault.getRecord(uid).data;
		expect(fieldValue(data, 'password')).toBeUndefined();
		expect(fieldValue(data, 'keyPair')).toEqual({ publicKey: 'ssh-ed25519 OLD', privateKey: 'new private' });
		expect(data.custom).toEqual([{ type: 'text', label: 'Ticket', value: [] }]);
		expect(fieldValue(data, 'login')).toBe('deploy');
		expect(requestsTo('update_secret')).toHaveLength(1);
	});
});
