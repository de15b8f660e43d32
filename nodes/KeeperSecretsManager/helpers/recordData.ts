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
	customFields?: CustomFieldInput[];
}

const STANDARD_TEXT_FIELDS = ['login', 'password', 'url'] as const;

/** A `login` record laid out like the vault's login template. */
export function newLoginRecord(title: string, changes: RecordChanges): KsmRecordData {
	const template: KsmRecordData = {
		title,
		type: 'login',
		notes: '',
		fields: [
			{ type: 'login', value: [] },
			{ type: 'password', value: [] },
			{ type: 'url', value: [] },
			{ type: 'fileRef', value: [] },
			{ type: 'oneTimeCode', value: [] },
		],
		custom: [],
	};
	return applyChanges(template, changes);
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
		const field = standardField(changed, 'host');
		const [current] = field.value;
		const host = typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {};
		field.value = [{ ...host, hostName: changes.hostName ?? host.hostName ?? '', port: changes.port ?? host.port ?? '' }];
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

/** The record's standard field of a type (an unlabelled one first), added when it has none. */
function standardField(data: KsmRecordData, type: string): KsmField {
	const ofType = data.fields.filter((field) => field.type === type);
	const existing = ofType.find((field) => !field.label) ?? ofType[0];
	if (existing) return existing;
	const added: KsmField = { type, value: [] };
	data.fields.push(added);
	return added;
}
