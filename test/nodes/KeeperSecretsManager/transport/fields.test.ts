import { simplifyRecord } from '../../../../nodes/KeeperSecretsManager/helpers/output';
import { applyChanges } from '../../../../nodes/KeeperSecretsManager/helpers/recordData';
import type { KsmRecord } from '../../../../nodes/KeeperSecretsManager/transport';
import { seededRandom } from '../../../../dev/sandboxes/random';
import { fieldValue, fieldValues, RecordFactory } from '../../../../dev/sandboxes/ksm';

const records = new RecordFactory(seededRandom(77));

function recordOf(data: KsmRecord['data']): KsmRecord {
	return { recordUid: 'AAAAAAAAAAAAAAAAAAAAAA', folderUid: null, innerFolderUid: null, revision: 1, data, files: [] };
}

describe('record fields', () => {
	it('are found among standard fields before custom ones, by type or label', () => {
		const data = records.login('Search order', {
			custom: [
				{ type: 'text', label: 'password', value: ['custom labelled password'] },
				{ type: 'url', label: 'Status page', value: ['https://status.example.com'] },
			],
		});

		expect(fieldValue(data, 'password')).toBe(data.fields[1].value[0]);
		expect(fieldValues(data, 'url')).toEqual(data.fields[2].value);
		expect(fieldValue(data, 'Status page')).toBe('https://status.example.com');
	});

	it('simplify to values: one as is, several as an array, none as null, repeated names numbered', () => {
		const data = records.login('Shapes');
		data.fields.push({ type: 'url', value: ['https://a.example.com', 'https://b.example.com'] });

		const simple = simplifyRecord(recordOf(data));

		expect(simple.login).toEqual(expect.stringContaining('@example.com'));
		expect(simple).not.toHaveProperty('fileRef'); // attachments are listed under `files`
		expect(simple.files).toEqual([]);
		expect(simple['url (2)']).toEqual(['https://a.example.com', 'https://b.example.com']);
		expect(simple.notes).toBe(data.notes || null);
	});

	it('change on a copy, adding a custom text field when the record has none of that label', () => {
		const data = records.databaseCredentials('Copy', 'mysql', 3306);
		const before = structuredClone(data);

		const changed = applyChanges(data, { customFields: [{ label: 'Rotation date', value: '2025-01-01' }] });

		expect(data).toEqual(before);
		expect(fieldValues(changed, 'Rotation date')).toEqual(['2025-01-01']);
		expect(changed.custom).toEqual([{ type: 'text', label: 'Rotation date', value: ['2025-01-01'] }]);
		expect(fieldValues(records.login('No custom section'), 'missing')).toEqual([]);
	});
});
