import { getSecrets } from '@keeper-security/secrets-manager-core';

import { startKsmSandbox, type KsmSandbox } from '../sandbox/ksm';
import { clientFor, sdkOptionsFor } from './helpers';

let sandbox: KsmSandbox;

beforeAll(async () => {
	sandbox = await startKsmSandbox({ seed: 55 });
});
afterAll(async () => await sandbox.close());

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
});
