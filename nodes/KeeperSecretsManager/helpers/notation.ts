import { KsmError, type KsmField, type KsmFile, type KsmRecord, type KsmRecordData } from '../transport';
import { simplifyFile } from './output';

/**
 * Keeper notation, as Keeper's SDKs and integrations read it:
 *
 *   keeper://<record UID or title>/<type | title | notes>
 *   keeper://<record UID or title>/<field | custom_field>/<type or label>[index][property]
 *   keeper://<record UID or title>/file/<file name, title or UID>
 *
 * `keeper://` is optional, the whole notation may be URL-safe base64, and `/ [ ] \` inside a title,
 * label or file name are escaped with a backslash.
 */
export interface KeeperNotation {
	/** A record UID or an exact title. */
	record: string;
	selector: 'type' | 'title' | 'notes' | 'field' | 'custom_field' | 'file';
	/** Field type or label, or file name, title or UID. */
	parameter?: string;
	/** `[n]`: one value; `[]`: all values; absent: the first value. */
	index?: number | 'all';
	/** `[n][property]`: one property of an object value, such as `port` of a host. */
	property?: string;
}

const PREFIX = 'keeper://';
const SHORT_SELECTORS = ['type', 'title', 'notes'];
const LONG_SELECTORS = ['field', 'custom_field', 'file'];
const ESCAPABLE = '/[]\\';

const HINT =
	'Write it as keeper://<record UID or title>/field/<type or label>, for example keeper://MySQL Credentials/field/password ' +
	'or keeper://<UID>/field/host[0][port]; escape / [ ] and \\ in titles and labels with a backslash.';

export function parseNotation(input: string): KeeperNotation {
	let text = input.trim();
	if (text === '') throw notationError('The Keeper notation is empty');
	if (!text.includes('/')) {
		// Integrations may pass the notation as URL-safe base64 ('/' is not in that alphabet).
		const decoded = /^[A-Za-z0-9_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64url').toString('utf8') : '';
		if (!decoded.includes('/')) throw notationError('The text is not Keeper notation');
		text = decoded;
	}
	const cursor = new Cursor(text, text.toLowerCase().startsWith(PREFIX) ? PREFIX.length : 0);

	const record = cursor.readUntil('/', true);
	if (!cursor.skip('/') || record === '') {
		throw notationError('The Keeper notation names no record and field, as in keeper://<record>/field/password');
	}
	const selector = cursor.readUntil('/', false).toLowerCase();
	if (SHORT_SELECTORS.includes(selector)) {
		if (!cursor.atEnd()) throw notationError(`The selector "${selector}" takes no parameter`);
		return { record, selector: selector as KeeperNotation['selector'] };
	}
	if (!LONG_SELECTORS.includes(selector)) {
		throw notationError(
			`"${selector}" is not a Keeper notation selector (type, title, notes, field, custom_field or file)`,
		);
	}
	if (!cursor.skip('/')) throw notationError(`The selector "${selector}" needs a field type, label or file name`);
	const parameter = cursor.readUntil('[', true);
	if (parameter === '') throw notationError(`The selector "${selector}" needs a field type, label or file name`);

	const indexes: string[] = [];
	while (!cursor.atEnd()) {
		if (!cursor.skip('[')) throw notationError('The Keeper notation has extra characters after its last section');
		indexes.push(cursor.readUntil(']', true));
		if (!cursor.skip(']')) throw notationError('An index of the Keeper notation is not closed with "]"');
	}
	if (selector === 'file') {
		if (indexes.length > 0) throw notationError('A file selector takes no index');
		return { record, selector, parameter };
	}
	return { record, selector: selector as KeeperNotation['selector'], parameter, ...readIndexes(indexes) };
}

/** The value a notation points at in a record. */
export function selectValue(record: KsmRecord, notation: KeeperNotation): unknown {
	const { data } = record;
	switch (notation.selector) {
		case 'type':
			return data.type;
		case 'title':
			return data.title;
		case 'notes':
			return data.notes ?? '';
		case 'file':
			return selectFile(record, notation.parameter ?? '');
		default:
			return selectFieldValue(record, notation);
	}
}

function readIndexes(indexes: string[]): Pick<KeeperNotation, 'index' | 'property'> {
	if (indexes.length > 2) throw notationError('A field takes at most two indexes: [index][property]');
	const [first, property] = indexes;
	if (first === undefined) return {};
	if (first === '') return { index: 'all', ...(property ? { property } : {}) };
	if (/^\d+$/.test(first)) return { index: Number(first), ...(property ? { property } : {}) };
	// The SDKs' legacy form: /name[first] is the property of the first value.
	if (property === undefined) return { index: 0, property: first };
	throw notationError(`The first index must be a number or empty, not "${first}"`);
}

/** The fields of one section a notation's type or label names: the one rule fields are found by. */
function namedFields(data: KsmRecordData, section: 'fields' | 'custom', name: string): KsmField[] {
	return (data[section] ?? []).filter((field) => field.type === name || field.label === name);
}

/** The first field of this type or label, standard fields before custom ones. */
export function namedField(data: KsmRecordData, name: string): KsmField | undefined {
	return namedFields(data, 'fields', name)[0] ?? namedFields(data, 'custom', name)[0];
}

function selectFieldValue(record: KsmRecord, notation: KeeperNotation): unknown {
	const section = notation.selector === 'field' ? 'fields' : 'custom';
	const name = notation.parameter ?? '';
	const matches = namedFields(record.data, section, name);
	if (matches.length === 0) {
		throw notationError(
			`Record ${record.recordUid} has no ${section === 'fields' ? 'standard' : 'custom'} field "${name}"`,
			section === 'fields'
				? 'Standard fields are named by type (login, password, url, host…); custom fields need /custom_field/<label>.'
				: 'Custom fields are named by label; standard fields need /field/<type>.',
		);
	}
	if (matches.length > 1) {
		throw notationError(`Record ${record.recordUid} has ${matches.length} fields matching "${name}"`, 'Name the field by its label.');
	}
	const values = matches[0].value ?? [];
	const { index, property } = notation;
	if (index === undefined) return values[0] ?? null;
	if (index === 'all') {
		if (property === undefined) return values;
		return values.filter((value) => hasProperty(value, property)).map((value) => (value as Record<string, unknown>)[property]);
	}
	if (index >= values.length) {
		throw notationError(`Field "${name}" of record ${record.recordUid} has ${values.length} values; there is no index ${index}`);
	}
	const value = values[index];
	if (property === undefined) return value;
	if (!hasProperty(value, property)) {
		throw notationError(`Value ${index} of field "${name}" in record ${record.recordUid} has no property "${property}"`);
	}
	return value[property];
}

function selectFile(record: KsmRecord, name: string): unknown {
	return simplifyFile(findFile(record, name));
}

/** The one file of the record with this UID, name or title. */
export function findFile(record: KsmRecord, name: string): KsmFile {
	const matches = record.files.filter(
		(file) => file.fileUid === name || file.data.name === name || file.data.title === name,
	);
	if (matches.length === 1) return matches[0];
	throw notationError(
		matches.length === 0
			? `Record ${record.recordUid} has no file "${name}"`
			: `Record ${record.recordUid} has ${matches.length} files matching "${name}"`,
		'Name the file by its name, title or file UID (Get lists them under `files`).',
	);
}

function hasProperty(value: unknown, property: string): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, property);
}

function notationError(message: string, hint = HINT): KsmError {
	return new KsmError(message, hint);
}

/** Reads a notation left to right, undoing backslash escapes where the section allows them. */
class Cursor {
	constructor(
		private readonly text: string,
		private position: number,
	) {}

	atEnd(): boolean {
		return this.position >= this.text.length;
	}

	/** Consumes `character` if it comes next. */
	skip(character: string): boolean {
		if (this.text[this.position] !== character) return false;
		this.position++;
		return true;
	}

	/** Everything up to (not including) the next unescaped `stop`, or to the end. */
	readUntil(stop: string, escaped: boolean): string {
		let token = '';
		while (!this.atEnd()) {
			const character = this.text[this.position];
			if (character === stop) break;
			if (escaped && character === '\\') {
				const next = this.text[this.position + 1];
				if (next === undefined || !ESCAPABLE.includes(next)) {
					throw notationError(`The Keeper notation has an incorrect escape sequence at position ${this.position}`);
				}
				token += next;
				this.position += 2;
				continue;
			}
			if (escaped && stop === ']' && character === '[') {
				throw notationError('An index of the Keeper notation contains "["');
			}
			token += character;
			this.position++;
		}
		return token;
	}
}
