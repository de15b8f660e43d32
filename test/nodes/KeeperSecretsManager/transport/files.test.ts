import {
	downloadFile,
	getSecrets,
	setCustomProxyAgent,
	updateSecret,
	uploadFile,
} from '@keeper-security/secrets-manager-core';
import { randomBytes } from 'node:crypto';

import { sdkFileAgent, startKsmSandbox, type KsmSandbox } from '../../../../dev/sandboxes/ksm';
import { clientFor, sdkOptionsFor, thrownBy } from './helpers';

let sandbox: KsmSandbox;

beforeAll(async () => {
	sandbox = await startKsmSandbox({ seed: 55 });
	setCustomProxyAgent(sdkFileAgent());
});
afterAll(async () => await sandbox.close());

const ours = () => clientFor(sandbox, sandbox.applications.readWrite);
const sdk = () => sdkOptionsFor(sandbox, sandbox.applications.readWrite.config);
const fileRefOf = (data: { fields: Array<{ type: string; value: unknown[] }> }) =>
	data.fields.find((field) => field.type === 'fileRef')?.value ?? [];

describe('file attachments', () => {
	it('are described identically by our client, the official SDK and the vault', async () => {
		for (const application of [sandbox.applications.readOnly, sandbox.applications.readWrite]) {
			const mine = (await clientFor(sandbox, application).getSecrets()).records;
			const theirs = (await getSecrets(sdkOptionsFor(sandbox, application.config))).records;

			const withFiles = mine.filter((record) => record.files.length > 0);
			expect(withFiles).toHaveLength(1);
			for (const record of mine) {
				const sdkRecord = theirs.find((candidate) => candidate.recordUid === record.recordUid);
				const sdkFiles = (sdkRecord?.files ?? []).map(({ fileUid, data }) => ({ fileUid, data }));
				expect(record.files).toEqual(sdkFiles);
				expect(record.files).toEqual(sandbox.vault.getRecord(record.recordUid).files);
			}
			const [attached] = withFiles[0].files;
			expect(withFiles[0].data.fields.find((field) => field.type === 'fileRef')?.value).toEqual([attached.fileUid]);
		}
	});

	it('download identically through our client and the official SDK', async () => {
		const client = ours();
		const [record] = (await client.getSecrets()).records.filter((candidate) => candidate.files.length > 0);
		const [file] = record.files;
		const [sdkRecord] = (await getSecrets(sdk(), [record.recordUid])).records;

		const mine = await client.downloadFile(record.recordUid, file.fileUid);
		const theirs = Buffer.from(await downloadFile(sdkRecord.files![0]));

		expect(mine.equals(theirs)).toBe(true);
		expect(mine.equals(sandbox.vault.fileContent(file.fileUid)!)).toBe(true);
		expect(mine.length).toBe(file.data.size);
	});

	it('uploaded by our client are downloaded by the SDK byte-identical', async () => {
		const recordUid = sandbox.applications.readWrite.recordUids[0];
		const client = ours();
		const [record] = (await client.getSecrets([recordUid])).records;
		const content = randomBytes(70_001);

		const fileUid = await client.uploadFile(record, {
			name: 'backup.bin',
			title: 'Nightly backup',
			mimeType: 'application/octet-stream',
			content,
		});

		const [sdkRecord] = (await getSecrets(sdk(), [recordUid])).records;
		const sdkFile = sdkRecord.files!.find((candidate) => candidate.fileUid === fileUid)!;
		expect(sdkFile.data).toMatchObject({ name: 'backup.bin', title: 'Nightly backup', size: content.length });
		expect(Buffer.from(await downloadFile(sdkFile)).equals(content)).toBe(true);
		expect(fileRefOf(sdkRecord.data)).toContain(fileUid);
		expect(sdkRecord.revision).toBeGreaterThan(record.revision);
	});

	it('uploaded by the SDK are downloaded by our client byte-identical', async () => {
		const recordUid = sandbox.applications.readWrite.recordUids[1];
		const [sdkRecord] = (await getSecrets(sdk(), [recordUid])).records;
		const content = Buffer.from(`Grüße 🔐 ${randomBytes(20_000).toString('base64')}`);

		const fileUid = await uploadFile(sdk(), sdkRecord, { name: 'notes.txt', title: 'Notes', type: 'text/plain', data: content });

		const client = ours();
		const [record] = (await client.getSecrets([recordUid])).records;
		expect(record.files.find((file) => file.fileUid === fileUid)?.data).toMatchObject({ name: 'notes.txt', type: 'text/plain' });
		expect((await client.downloadFile(recordUid, fileUid)).equals(content)).toBe(true);
	});

	it('removed by our client are gone for the SDK, and the reverse', async () => {
		const recordUid = sandbox.applications.readWrite.recordUids[2];
		const client = ours();
		const [before] = (await client.getSecrets([recordUid])).records;
		const first = await client.uploadFile(before, { name: 'a.txt', title: 'a', mimeType: 'text/plain', content: Buffer.from('a') });
		const [withOne] = (await client.getSecrets([recordUid])).records;
		const second = await client.uploadFile(withOne, { name: 'b.txt', title: 'b', mimeType: 'text/plain', content: Buffer.from('b') });
		const [withTwo] = (await client.getSecrets([recordUid])).records;

		const data = structuredClone(withTwo.data);
		data.fields = data.fields.map((field) =>
			field.type === 'fileRef' ? { ...field, value: field.value.filter((uid) => uid !== first) } : field,
		);
		await client.updateSecret({ recordUid, revision: withTwo.revision, data, removeFileUids: [first] });

		const [sdkRecord] = (await getSecrets(sdk(), [recordUid])).records;
		expect(sdkRecord.files!.map((file) => file.fileUid)).toEqual([second]);
		expect(fileRefOf(sdkRecord.data)).toEqual([second]);

		await updateSecret(sdk(), sdkRecord, undefined, [second]);
		const [after] = (await ours().getSecrets([recordUid])).records;
		expect(after.files).toEqual([]);
	});

	it('refuses a damaged download without showing its address', async () => {
		const client = ours();
		const [record] = (await client.getSecrets()).records.filter((candidate) => candidate.files.length > 0);
		const [file] = record.files;
		sandbox.injectNetworkFault({
			pathIncludes: '/files/download/',
			times: 1,
			response: { status: 200, body: randomBytes(64) },
		});

		const error = await thrownBy(() => client.downloadFile(record.recordUid, file.fileUid));

		expect(error.message).toBe(`File ${file.fileUid} could not be decrypted: its content is damaged or incomplete`);
		expect(error.message).not.toContain('signature');
	});
});
