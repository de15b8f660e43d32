import { parseNotation, selectValue } from '../../../../nodes/KeeperSecretsManager/helpers/notation';
import type { KsmRecord } from '../../../../nodes/KeeperSecretsManager/transport';
import { RecordFactory } from '../../../../dev/sandboxes/ksm';
import { seededRandom } from '../../../../dev/sandboxes/random';

const records = new RecordFactory(seededRandom(2718));
const UID = 'bf3dg-99-JuhoaeswgtFxg';

function recordOf(data: KsmRecord['data']): KsmRecord {
	return { recordUid: UID, folderUid: null, innerFolderUid: null, revision: 7, data, files: [] };
}

describe('Keeper notation · parsing', () => {
	it('reads every section form', () => {
		const cases: Array<[string, ReturnType<typeof parseNotation>]> = [
			[`keeper://${UID}/field/password`, { record: UID, selector: 'field', parameter: 'password' }],
			[`${UID}/type`, { record: UID, selector: 'type' }],
			['KEEPER://My Secret/Title', { record: 'My Secret', selector: 'title' }],
			['keeper://DB/custom_field/API Key', { record: 'DB', selector: 'custom_field', parameter: 'API Key' }],
			['keeper://DB/field/host[0][port]', { record: 'DB', selector: 'field', parameter: 'host', index: 0, property: 'port' }],
			['keeper://DB/field/url[]', { record: 'DB', selector: 'field', parameter: 'url', index: 'all' }],
			['keeper://DB/field/url[2]', { record: 'DB', selector: 'field', parameter: 'url', index: 2 }],
			['keeper://DB/field/name[][last]', { record: 'DB', selector: 'field', parameter: 'name', index: 'all', property: 'last' }],
			['keeper://DB/field/name[first]', { record: 'DB', selector: 'field', parameter: 'name', index: 0, property: 'first' }],
			['keeper://DB/file/backup.tar.gz', { record: 'DB', selector: 'file', parameter: 'backup.tar.gz' }],
			['keeper://a\\/b \\[c\\] \\\\/custom_field/x\\[1\\]', { record: 'a/b [c] \\', selector: 'custom_field', parameter: 'x[1]' }],
		];
		for (const [text, expected] of cases) expect({ text, parsed: parseNotation(text) }).toEqual({ text, parsed: expected });
	});

	it('reads notation given as URL-safe base64', () => {
		const text = `keeper://${UID}/custom_field/On-call[0][first]`;
		expect(parseNotation(Buffer.from(text).toString('base64url'))).toEqual(parseNotation(text));
	});

	it('refuses malformed notation with a message that says what is wrong', () => {
		const cases: Array<[string, string]> = [
			['', 'The Keeper notation is empty'],
			['password', 'The text is not Keeper notation'],
			['keeper://', 'The Keeper notation names no record and field, as in keeper://<record>/field/password'],
			['keeper:///field/password', 'The Keeper notation names no record and field, as in keeper://<record>/field/password'],
			['keeper://DB/field', 'The selector "field" needs a field type, label or file name'],
			['keeper://DB/field/', 'The selector "field" needs a field type, label or file name'],
			['keeper://DB/notes/x', 'The selector "notes" takes no parameter'],
			['keeper://DB/link/x', '"link" is not a Keeper notation selector (type, title, notes, field, custom_field or file)'],
			['keeper://DB/file/a.txt[0]', 'A file selector takes no index'],
			['keeper://DB/field/host[0][port][x]', 'A field takes at most two indexes: [index][property]'],
			['keeper://DB/field/host[port][0]', 'The first index must be a number or empty, not "port"'],
			['keeper://DB/field/host[0', 'An index of the Keeper notation is not closed with "]"'],
			['keeper://DB/field/host[0[1]]', 'An index of the Keeper notation contains "["'],
			['keeper://DB/field/host[0]port', 'The Keeper notation has extra characters after its last section'],
			['keeper://D\\B/field/host', 'The Keeper notation has an incorrect escape sequence at position 10'],
		];
		for (const [text, message] of cases) {
			expect({ text, message: attemptParse(text) }).toEqual({ text, message });
		}
	});
});

describe('Keeper notation · selecting values', () => {
	const data = records.databaseCredentials('Reporting DB', 'postgresql', 5432);
	data.fields.push({ type: 'url', value: ['https://a.example.com', 'https://b.example.com'] });
	data.custom = records.customFields();
	const record = recordOf(data);
	const value = (text: string) => selectValue(record, parseNotation(text));
	const host = data.fields.find((field) => field.type === 'host')!.value[0] as { hostName: string; port: string };
	const onCall = data.custom.find((field) => field.label === 'On-call')!.value[0] as Record<string, string>;

	it('follows the SDKs: first value without index, all with [], one with [n], a property with [n][property]', () => {
		expect(value('keeper://x/type')).toBe('databaseCredentials');
		expect(value('keeper://x/title')).toBe('Reporting DB');
		expect(value('keeper://x/notes')).toBe('');
		expect(value('keeper://x/field/url')).toBe('https://a.example.com');
		expect(value('keeper://x/field/url[]')).toEqual(['https://a.example.com', 'https://b.example.com']);
		expect(value('keeper://x/field/url[1]')).toBe('https://b.example.com');
		expect(value('keeper://x/field/host[0][hostName]')).toBe(host.hostName);
		expect(value('keeper://x/field/host[][port]')).toEqual(['5432']);
		expect(value('keeper://x/field/type')).toBe('postgresql');
		expect(value('keeper://x/custom_field/On-call[last]')).toBe(onCall.last);
		expect(value('keeper://x/field/fileRef')).toBeNull();
		expect(value('keeper://x/field/fileRef[]')).toEqual([]);
	});

	it('explains a field, index or property the record does not have', () => {
		expect(attemptSelect(record, 'keeper://x/field/API Key')).toBe(`Record ${UID} has no standard field "API Key"`);
		expect(attemptSelect(record, 'keeper://x/custom_field/login')).toBe(`Record ${UID} has no custom field "login"`);
		expect(attemptSelect(record, 'keeper://x/field/url[2]')).toBe(
			`Field "url" of record ${UID} has 2 values; there is no index 2`,
		);
		expect(attemptSelect(record, 'keeper://x/field/url[0][scheme]')).toBe(
			`Value 0 of field "url" in record ${UID} has no property "scheme"`,
		);
		expect(attemptSelect(record, 'keeper://x/file/dump.sql')).toBe(`Record ${UID} has no file "dump.sql"`);
		const twoLogins = recordOf({ ...data, fields: [...data.fields, { type: 'login', value: ['second'] }] });
		expect(attemptSelect(twoLogins, 'keeper://x/field/login')).toBe(`Record ${UID} has 2 fields matching "login"`);
	});
});

function attemptParse(text: string): string {
	try {
		return JSON.stringify(parseNotation(text));
	} catch (error) {
		return (error as Error).message;
	}
}

function attemptSelect(record: KsmRecord, text: string): string {
	try {
		return JSON.stringify(selectValue(record, parseNotation(text)));
	} catch (error) {
		return (error as Error).message;
	}
}
