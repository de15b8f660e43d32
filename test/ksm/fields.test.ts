import {
	findField,
	findRecordsByTitle,
	getFieldValues,
	simplifyRecord,
	withFieldValues,
	type KsmRecord,
} from '../../nodes/KeeperSecretsManager/transport';
import { seededRandom } from '../sandbox/random';
import { RecordFactory } from '../sandbox/ksm';

const records = new RecordFactory(seededRandom(77));

function recordOf(data: KsmRecord['data']): KsmRecord {
	return { recordUid: 'AAAAAAAAAAAAAAAAAAAAAA', folderUid: null, innerFolderUid: null, revision: 1, data, files: [] };
}

describe('record field helpers', () => {
	it('search standard fields before custom ones, and labels before types within a section', () => {
		const data = records.login('Search order', {
			custom: [
				{ type: 'text', label: 'password', value: ['custom labelled password'] },
				{ type: 'url', label: 'Status page', value: ['https://status.example.com'] },
			],
		});

		expect(findField(data, 'password')?.type).toBe('password');
		expect(findField(data, 'password', ['custom'])?.label).toBe('password');
		expect(findField(data, 'url')?.value).toEqual(data.fields[2].value);
		expect(findField(data, 'Status page')?.type).toBe('url');
	});

	it('simplify values: one as is, several as an array, none as null, repeated names numbered', () => {
		const data = records.login('Shapes');
		data.fields.push({ type: 'url', value: ['https://a.example.com', 'https://b.example.com'] });

		const simple = simplifyRecord(recordOf(data));

		expect(simple.fields.login).toEqual(expect.stringContaining('@example.com'));
		expect(simple.fields.fileRef).toBeNull();
		expect(simple.fields['url (2)']).toEqual(['https://a.example.com', 'https://b.example.com']);
		expect(simple.notes).toBe(data.notes);
	});

	it('set values on a copy, adding a custom text field when the record has none of that name', () => {
		const data = records.databaseCredentials('Copy', 'mysql', 3306);
		const before = structuredClone(data);

		const changed = withFieldValues(data, 'Rotation date', ['2025-01-01']);

		expect(data).toEqual(before);
		expect(getFieldValues(changed, 'Rotation date')).toEqual(['2025-01-01']);
		expect(changed.custom).toEqual([{ type: 'text', label: 'Rotation date', value: ['2025-01-01'] }]);
		expect(getFieldValues(records.login('No custom section'), 'missing')).toEqual([]);
	});

	it('find records by exact title', () => {
		const all = ['Alpha', 'Beta', 'Alpha'].map((title) => recordOf(records.login(title)));

		expect(findRecordsByTitle(all, 'Alpha')).toEqual([all[0], all[2]]);
		expect(findRecordsByTitle(all, 'alpha')).toEqual([]);
	});
});
