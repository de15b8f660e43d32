import { downloadFile, getSecrets, setCustomProxyAgent, uploadFile } from '@keeper-security/secrets-manager-core';
import type { INodeExecutionData } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { runWorkflow } from '../../../dev/harness/engine';
import { singleNodeWorkflow } from '../../../dev/harness/workflows';
import { sdkOptionsFor } from './transport/helpers';
import { sdkFileAgent, type KsmSandbox } from '../../../dev/sandboxes/ksm';
import { byTitle, byUid, chain, credentialFor, errorOf, KSM_CREDENTIAL, ksmNode, outputOf, runKsm, uidTitled, useKsmSandbox } from './support';

let sandbox: KsmSandbox;

useKsmSandbox({ seed: 707 }, (started) => (sandbox = started));
beforeAll(() => setCustomProxyAgent(sdkFileAgent()));

const readOnly = () => credentialFor(sandbox.applications.readOnly);
const readWrite = () => credentialFor(sandbox.applications.readWrite);
const sdk = () => sdkOptionsFor(sandbox, sandbox.applications.readWrite.config);
const binaryOf = (item: INodeExecutionData, field = 'data') => {
	const binary = item.binary?.[field];
	if (!binary) throw new Error(`no binary field ${field}`);
	return { ...binary, content: Buffer.from(binary.data, 'base64') };
};

/** An Upload node run on one input item carrying `content` as binary data. */
async function upload(record: ReturnType<typeof byUid>, content: Buffer, binary: { fileName?: string; mimeType?: string }, options = {}) {
	const workflow = singleNodeWorkflow(
		ksmNode('Vault', { resource: 'file', operation: 'upload', record, binaryPropertyName: 'attachment', options }),
	);
	const item: INodeExecutionData = {
		json: {},
		binary: { attachment: { data: content.toString('base64'), mimeType: 'application/octet-stream', ...binary } },
	};
	return await runWorkflow(workflow, {
		credentials: { [KSM_CREDENTIAL]: readWrite() },
		trigger: { nodeName: 'Vault', items: [[item]] },
		mode: 'manual',
	});
}

describe('Keeper Secrets Manager · File · Download', () => {
	it('outputs the decrypted file as binary data with its name and MIME type, and its metadata', async () => {
		const uid = uidTitled(sandbox, 'Jenkins admin');
		const [file] = sandbox.vault.getRecord(uid).files;
		const run = await runKsm(
			{ resource: 'file', operation: 'download', record: byUid(uid), file: 'jenkins-backup.tar.gz', binaryPropertyName: 'backup' },
			readOnly(),
		);

		const [item] = run.items('Vault');
		const binary = binaryOf(item, 'backup');
		expect(binary.content.equals(sandbox.vault.fileContent(file.fileUid)!)).toBe(true);
		expect(binary).toMatchObject({ fileName: 'jenkins-backup.tar.gz', mimeType: 'application/gzip' });
		expect(item.json).toEqual({
			recordUid: uid,
			uid: file.fileUid,
			name: 'jenkins-backup.tar.gz',
			title: 'Configuration backup',
			mimeType: 'application/gzip',
			size: file.data.size,
			lastModified: new Date(file.data.lastModified as number).toISOString(),
		});
		expect(sandbox.requests.map((request) => request.endpoint)).toEqual(['get_secret', 'file_download']);
	});

	it('finds the file by title or UID as well, and says when the record has no such file', async () => {
		const uid = uidTitled(sandbox, 'Jenkins admin');
		const [file] = sandbox.vault.getRecord(uid).files;
		for (const name of ['Configuration backup', file.fileUid]) {
			const [item] = (await runKsm({ resource: 'file', operation: 'download', record: byUid(uid), file: name, binaryPropertyName: 'data' }, readOnly())).items('Vault');
			expect(binaryOf(item).content.equals(sandbox.vault.fileContent(file.fileUid)!)).toBe(true);
		}
		const error = errorOf(await runKsm({ resource: 'file', operation: 'download', record: byUid(uid), file: 'other.zip', binaryPropertyName: 'data' }, readOnly()));
		expect(error.message).toBe(`Record ${uid} has no file "other.zip"`);
	});

	it('names the storage host but not the pre-signed address when the download is refused', async () => {
		const uid = uidTitled(sandbox, 'Jenkins admin');
		const [file] = sandbox.vault.getRecord(uid).files;
		sandbox.injectNetworkFault({ pathIncludes: '/files/download/', times: 1, response: { status: 403, body: { error: 'expired' } } });

		const run = await runKsm({ resource: 'file', operation: 'download', record: byUid(uid), file: file.fileUid, binaryPropertyName: 'data' }, readOnly());

		const error = errorOf(run);
		expect(error.message).toBe(`The file storage refused the download of file ${file.fileUid} (HTTP 403)`);
		expect(JSON.stringify(run.run.data.resultData)).not.toMatch(/signature=/);
	});
});

describe('Keeper Secrets Manager · File · Upload', () => {
	it('attaches binary data to a record, which the official SDK downloads byte-identical', async () => {
		const uid = uidTitled(sandbox, 'Team login 1');
		const before = sandbox.vault.getRecord(uid);
		const content = randomBytes(123_457);

		const [uploaded] = outputOf(await upload(byUid(uid), content, { fileName: 'dump.sql.gz', mimeType: 'application/gzip' }, { title: 'Nightly dump' }));

		const nodeRequests = sandbox.requests.map((request) => request.endpoint);
		const after = sandbox.vault.getRecord(uid);
		expect(uploaded).toMatchObject({
			recordUid: uid,
			revision: after.revision,
			name: 'dump.sql.gz',
			title: 'Nightly dump',
			mimeType: 'application/gzip',
			size: content.length,
		});
		expect(after.revision).toBeGreaterThan(before.revision);
		expect(after.data.fields.find((field) => field.type === 'fileRef')?.value).toEqual([uploaded.uid]);
		const [sdkRecord] = (await getSecrets(sdk(), [uid])).records;
		const sdkFile = sdkRecord.files!.find((file) => file.fileUid === uploaded.uid)!;
		expect(Buffer.from(await downloadFile(sdkFile)).equals(content)).toBe(true);
		expect(nodeRequests).toEqual(['get_secret', 'add_file', 'file_upload', 'get_secret']);
	});

	it('downloads byte-identical what the official SDK attached, and passes a file from one record to another', async () => {
		const source = uidTitled(sandbox, 'Team login 2');
		const target = uidTitled(sandbox, 'Team login 3');
		const [sdkRecord] = (await getSecrets(sdk(), [source])).records;
		const content = Buffer.from(`Grüße 🔐\n${randomBytes(4096).toString('hex')}`);
		await uploadFile(sdk(), sdkRecord, { name: 'runbook.md', title: 'Runbook', type: 'text/markdown', data: content });

		const workflow = chain(
			ksmNode('Download', { resource: 'file', operation: 'download', record: byUid(source), file: 'runbook.md', binaryPropertyName: 'data' }),
			ksmNode('Upload', { resource: 'file', operation: 'upload', record: byUid(target), binaryPropertyName: 'data' }),
		);
		const run = await runWorkflow(workflow, { credentials: { [KSM_CREDENTIAL]: readWrite() } });

		expect(binaryOf(run.items('Download')[0]).content.equals(content)).toBe(true);
		const [copied] = outputOf(run, 'Upload');
		expect(copied).toMatchObject({ name: 'runbook.md', title: 'runbook.md', mimeType: 'text/markdown', size: content.length });
		expect(sandbox.vault.fileContent(copied.uid as string)!.equals(content)).toBe(true);
	});

	it('is refused for a record the application may only read, attaching nothing', async () => {
		const uid = uidTitled(sandbox, 'My Secret');
		const workflow = singleNodeWorkflow(ksmNode('Vault', { resource: 'file', operation: 'upload', record: byUid(uid), binaryPropertyName: 'data' }));
		const run = await runWorkflow(workflow, {
			credentials: { [KSM_CREDENTIAL]: readOnly() },
			trigger: { nodeName: 'Vault', items: [[{ json: {}, binary: { data: { data: 'aGk=', mimeType: 'text/plain', fileName: 'hi.txt' } } }]] },
			mode: 'manual',
		});

		const error = errorOf(run);
		expect(error.message).toBe('Keeper Secrets Manager refused add_file (HTTP 403, access_denied): The application may not edit this record');
		expect(error.description).toContain('give it edit rights');
		expect(sandbox.vault.getRecord(uid).files).toEqual([]);
	});

	it('reports a refused upload instead of success', async () => {
		const uid = uidTitled(sandbox, 'Staging admin');
		sandbox.injectNetworkFault({ pathIncludes: '/files/upload/', times: 1, response: { status: 400, body: { error: 'EntityTooLarge' } } });

		const error = errorOf(await upload(byUid(uid), randomBytes(100), { fileName: 'x.bin' }));

		expect(error.message).toMatch(/^The file storage refused the upload of file [A-Za-z0-9_-]{22} \(HTTP 400\)$/);
		expect(error.description).toContain('remove it');
	});
});

describe('Keeper Secrets Manager · File · Delete', () => {
	it('removes one file from a record and keeps the others; the SDK sees the same', async () => {
		const uid = uidTitled(sandbox, 'Payments webhook');
		const first = outputOf(await upload(byUid(uid), Buffer.from('one'), { fileName: 'one.txt' }))[0];
		const second = outputOf(await upload(byUid(uid), Buffer.from('two'), { fileName: 'two.txt' }))[0];

		const [removed] = outputOf(await runKsm({ resource: 'file', operation: 'delete', record: byTitle('Payments webhook'), file: 'one.txt' }, readWrite()));

		expect(removed).toMatchObject({ recordUid: uid, uid: first.uid, name: 'one.txt', deleted: true });
		const stored = sandbox.vault.getRecord(uid);
		expect(stored.files.map((file) => file.fileUid)).toEqual([second.uid]);
		expect(stored.data.fields.find((field) => field.type === 'fileRef')?.value).toEqual([second.uid]);
		const [sdkRecord] = (await getSecrets(sdk(), [uid])).records;
		expect(sdkRecord.files!.map((file) => file.fileUid)).toEqual([second.uid]);
	});
});
