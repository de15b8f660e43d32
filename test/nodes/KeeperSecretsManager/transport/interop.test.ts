import { createSecret, getSecrets, updateSecret, type KeeperRecord } from '@keeper-security/secrets-manager-core';

import { applyChanges } from '../../../../nodes/KeeperSecretsManager/helpers/recordData';
import type { KsmRecord, KsmRecordData } from '../../../../nodes/KeeperSecretsManager/transport';
import { seededRandom } from '../../../../dev/sandboxes/random';
import { fieldValue, startKsmSandbox, type KsmSandbox } from '../../../../dev/sandboxes/ksm';
import { clientFor, sdkOptionsFor } from './helpers';

/** What both clients must agree on for a record. */
const essence = (record: KsmRecord | KeeperRecord) => ({
	recordUid: record.recordUid,
	revision: record.revision,
	folderUid: record.folderUid ?? null,
	data: record.data as KsmRecordData,
});

let sandbox: KsmSandbox;

beforeAll(async () => {
	sandbox = await startKsmSandbox({ seed: 33 });
});
afterAll(async () => await sandbox.close());

const ours = () => clientFor(sandbox, sandbox.applications.readWrite);
const sdk = () => sdkOptionsFor(sandbox, sandbox.applications.readWrite.config);

async function readBoth(recordUid: string) {
	const [mine] = (await ours().getSecrets([recordUid])).records;
	const [theirs] = (await getSecrets(sdk(), [recordUid])).records;
	return { mine, theirs };
}

/** Record data with awkward content: non-ASCII text, JSON-looking strings, nested values, empty fields. */
function awkwardRecord(title: string): KsmRecordData {
	const random = seededRandom(4242);
	const data = sandbox.records.login(title, { custom: sandbox.records.customFields(), withTotp: true });
	const unicode = applyChanges(data, { customFields: [{ label: 'Unicode', value: `Grüße — 東京 — 🔐 ${Math.floor(random() * 1e6)}` }] });
	// Two values in one field: more than the node's Custom Fields parameter sets.
	const jsonLike = { type: 'text', label: 'Looks like JSON', value: ['{"not":"parsed"}', '"quoted"\\backslash\n'] };
	return { ...unicode, custom: [...(unicode.custom ?? []), jsonLike] };
}

describe('our client and the official SDK read the same vault identically', () => {
	it('for every record of both applications', async () => {
		for (const application of [sandbox.applications.readOnly, sandbox.applications.readWrite]) {
			const mine = (await clientFor(sandbox, application).getSecrets()).records.map(essence);
			const theirs = (await getSecrets(sdkOptionsFor(sandbox, application.config))).records.map(essence);

			const byUid = (a: { recordUid: string }, b: { recordUid: string }) =>
				a.recordUid.localeCompare(b.recordUid);
			expect(mine.sort(byUid)).toEqual(theirs.sort(byUid));
		}
	});
});

describe('a record written by one client reads back identically through the other', () => {
	it('created by our client, read by the SDK', async () => {
		const [teamLogins] = sandbox.applications.readWrite.sharedFolderUids;
		const data = awkwardRecord('Created by our client');

		const recordUid = await ours().createSecret(teamLogins, data);
		const { mine, theirs } = await readBoth(recordUid);

		expect(theirs.data).toEqual(data);
		expect(essence(theirs)).toEqual(essence(mine));
	});

	it('created by the SDK, read by our client', async () => {
		const [, databases] = sandbox.applications.readWrite.sharedFolderUids;
		const data = awkwardRecord('Created by the SDK');
		await getSecrets(sdk()); // warms the SDK's folder-key cache

		const recordUid = await createSecret(sdk(), databases, data);
		const { mine, theirs } = await readBoth(recordUid);

		expect(mine.data).toEqual(data);
		expect(essence(mine)).toEqual(essence(theirs));
	});

	it('updated by our client, read by the SDK', async () => {
		const recordUid = sandbox.applications.readWrite.recordUids[0];
		const { mine: before } = await readBoth(recordUid);
		const data = applyChanges(before.data, { password: sandbox.records.password(40) });

		await ours().updateSecret({ ...before, data });
		const { mine, theirs } = await readBoth(recordUid);

		expect(theirs.data).toEqual(data);
		expect(theirs.revision).toBeGreaterThan(before.revision);
		expect(essence(theirs)).toEqual(essence(mine));
	});

	it('updated by the SDK, read by our client', async () => {
		const recordUid = sandbox.applications.readWrite.recordUids[1];
		const { theirs: before } = await readBoth(recordUid);
		const data = applyChanges(before.data as KsmRecordData, { customFields: [{ label: 'Unicode', value: 'ÅÄÖ 🚀' }] });

		await updateSecret(sdk(), { ...before, data });
		const { mine, theirs } = await readBoth(recordUid);

		expect(mine.data).toEqual(data);
		expect(essence(mine)).toEqual(essence(theirs));
	});

	it('an update by one client makes the revision the other read stale', async () => {
		const recordUid = sandbox.applications.readWrite.recordUids[2];
		const { mine, theirs } = await readBoth(recordUid);

		const theirChange = applyChanges(theirs.data as KsmRecordData, { login: 'sdk@example.com' });
		const myChange = applyChanges(mine.data, { login: 'ours@example.com' });

		await updateSecret(sdk(), { ...theirs, data: theirChange });

		await expect(ours().updateSecret({ ...mine, data: myChange })).rejects.toMatchObject({
			name: 'KsmRevisionConflictError',
		});
		expect(fieldValue(sandbox.vault.getRecord(recordUid).data, 'login')).toBe('sdk@example.com');
	});
});
