import type { KsmField, KsmRecordData } from '../transport';

/** A custom field as the Create and Update operations take it. */
export interface CustomFieldInput {
	label: string;
	value: string;
	/** Stored as a `secret` field, which the Keeper vault masks. */
	hidden?: boolean;
}

/** Changes to a record; a property left out is left alone, an empty string clears the field. */
export interface RecordChanges {
	title?: string;
	notes?: string;
	login?: string;
	password?: string;
	url?: string;
	hostName?: string;
	port?: string;
	/** The database engine of a databaseCredentials record (its text field labelled "type"). */
	databaseType?: string;
	publicKey?: string;
	privateKey?: string;
	customFields?: CustomFieldInput[];
}

const STANDARD_TEXT_FIELDS = ['login', 'password', 'url'] as const;

/**
 * The record types Create offers, with their standard fields in the order of Keeper's record type
 * definitions (an sshKeys passphrase is its password field).
 */
const RECORD_TEMPLATES = {
	login: ['login', 'password', 'url', 'fileRef', 'oneTimeCode'],
	general: ['login', 'password', 'url', 'fileRef', 'oneTimeCode'],
	databaseCredentials: ['type:text', 'host', 'login', 'password', 'fileRef'],
	serverCredentials: ['host', 'login', 'password', 'fileRef'],
	sshKeys: ['login', 'keyPair', 'password', 'host', 'fileRef'],
} as const satisfies Record<string, readonly string[]>;

export type TemplateRecordType = keyof typeof RECORD_TEMPLATES;

/** The changes that set one text value: everything but custom fields. */
export type TextChange = Exclude<keyof RecordChanges, 'customFields'>;

/** Which changes each record type takes beyond title, notes and custom fields. */
export const TEMPLATE_CHANGES: Readonly<Record<TemplateRecordType, readonly TextChange[]>> = {
	login: ['login', 'password', 'url'],
	general: ['login', 'password', 'url'],
	databaseCredentials: ['databaseType', 'hostName', 'port', 'login', 'password'],
	serverCredentials: ['hostName', 'port', 'login', 'password'],
	sshKeys: ['login', 'publicKey', 'privateKey', 'password', 'hostName', 'port'],
};

/** A new record of a Keeper record type, laid out like the vault's template for it. */
export function newRecord(type: TemplateRecordType, title: string, changes: RecordChanges): KsmRecordData {
	const fields = RECORD_TEMPLATES[type].map((entry): KsmField => {
		const [label, fieldType] = entry.includes(':') ? entry.split(':') : [undefined, entry];
		return label === undefined ? { type: fieldType, value: [] } : { type: fieldType, label, value: [] };
	});
	return applyChanges({ title, type, notes: '', fields, custom: [] }, changes);
}

/** A copy of `data` with the changes applied; fields the record lacks are added. */
export function applyChanges(data: KsmRecordData, changes: RecordChanges): KsmRecordData {
	const changed = structuredClone(data);
	if (changes.title !== undefined) changed.title = changes.title;
	if (changes.notes !== undefined) changed.notes = changes.notes;
	for (const type of STANDARD_TEXT_FIELDS) {
		const value = changes[type];
		if (value !== undefined) standardField(changed, type).value = value === '' ? [] : [value];
	}
	if (changes.hostName !== undefined || changes.port !== undefined) {
		setParts(standardField(changed, 'host'), { hostName: changes.hostName, port: changes.port });
	}
	if (changes.publicKey !== undefined || changes.privateKey !== undefined) {
		setParts(standardField(changed, 'keyPair'), { publicKey: changes.publicKey, privateKey: changes.privateKey });
	}
	if (changes.databaseType !== undefined) {
		let field = changed.fields.find((candidate) => candidate.type === 'text' && candidate.label === 'type');
		if (!field) changed.fields.push((field = { type: 'text', label: 'type', value: [] }));
		field.value = changes.databaseType === '' ? [] : [changes.databaseType];
	}
	for (const { label, value, hidden } of changes.customFields ?? []) {
		const custom = (changed.custom ??= []);
		const existing = custom.find((field) => field.label === label);
		if (existing) existing.value = value === '' ? [] : [value];
		else custom.push({ type: hidden ? 'secret' : 'text', label, value: value === '' ? [] : [value] });
	}
	return changed;
}

/** Whether `changes` would change anything at all. */
export function hasChanges(changes: RecordChanges): boolean {
	return Object.entries(changes).some(([key, value]) =>
		key === 'customFields' ? (value as CustomFieldInput[]).length > 0 : value !== undefined,
	);
}

/**
 * Sets parts of a field whose value is one object (host: hostName and port; keyPair: publicKey and
 * privateKey), keeping the parts not given; all parts empty clears the field.
 */
function setParts(field: KsmField, parts: Record<string, string | undefined>): void {
	const [current] = field.value;
	const previous = typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {};
	const next: Record<string, unknown> = { ...previous };
	for (const [name, value] of Object.entries(parts)) next[name] = value ?? previous[name] ?? '';
	field.value = Object.values(next).every((value) => value === '' || value === undefined) ? [] : [next];
}

/** The record's standard field of a type (an unlabelled one first), added when it has none. */
function standardField(data: KsmRecordData, type: string): KsmField {
	const ofType = data.fields.filter((field) => field.type === type);
	const existing = ofType.find((field) => !field.label) ?? ofType[0];
	if (existing) return existing;
	const added: KsmField = { type, value: [] };
	data.fields.push(added);
	return added;
}
