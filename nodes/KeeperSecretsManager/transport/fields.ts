import type { KsmField, KsmRecord, KsmRecordData } from './types';

export type FieldSection = 'fields' | 'custom';

const ALL_SECTIONS: readonly FieldSection[] = ['fields', 'custom'];

/**
 * Finds a field the way `keeper://` notation does — by type or label — searching standard fields
 * before custom ones. A label wins over a type within a section, so a custom label can be addressed
 * even when a field of that type exists (databaseCredentials has a `text` field labelled "type").
 */
export function findField(
	data: KsmRecordData,
	typeOrLabel: string,
	sections: readonly FieldSection[] = ALL_SECTIONS,
): KsmField | undefined {
	for (const section of sections) {
		const fields = data[section] ?? [];
		const match =
			fields.find((field) => field.label === typeOrLabel) ?? fields.find((field) => field.type === typeOrLabel);
		if (match) return match;
	}
	return undefined;
}

/** All values of a field (an empty array when the record has no such field). */
export function getFieldValues(data: KsmRecordData, typeOrLabel: string): unknown[] {
	return findField(data, typeOrLabel)?.value ?? [];
}

/** The first value of a field, e.g. the password of a login record. */
export function getFieldValue(data: KsmRecordData, typeOrLabel: string): unknown {
	return getFieldValues(data, typeOrLabel)[0];
}

/**
 * A copy of `data` with the field's values replaced. A field the record does not have yet is added
 * as a custom text field labelled `typeOrLabel`.
 */
export function withFieldValues(data: KsmRecordData, typeOrLabel: string, values: unknown[]): KsmRecordData {
	const copy = structuredClone(data);
	const field = findField(copy, typeOrLabel);
	if (field) field.value = [...values];
	else copy.custom = [...(copy.custom ?? []), { type: 'text', label: typeOrLabel, value: [...values] }];
	return copy;
}

export interface SimplifiedRecord {
	recordUid: string;
	title: string;
	type: string;
	notes: string | null;
	folderUid: string | null;
	revision: number;
	/** Standard fields by label, or type when unlabelled: one value as is, several as an array, none as null. */
	fields: Record<string, unknown>;
	/** Custom fields, keyed the same way. */
	custom: Record<string, unknown>;
}

/** A record flattened for workflows: `fields.password`, `fields.host.hostName`, `custom["API Key"]`. */
export function simplifyRecord(record: KsmRecord): SimplifiedRecord {
	return {
		recordUid: record.recordUid,
		title: record.data.title,
		type: record.data.type,
		notes: record.data.notes || null,
		folderUid: record.folderUid,
		revision: record.revision,
		fields: fieldsByName(record.data.fields ?? []),
		custom: fieldsByName(record.data.custom ?? []),
	};
}

export function findRecordsByTitle(records: readonly KsmRecord[], title: string): KsmRecord[] {
	return records.filter((record) => record.data.title === title);
}

function fieldsByName(fields: readonly KsmField[]): Record<string, unknown> {
	const byName: Record<string, unknown> = {};
	for (const field of fields) {
		const name = field.label || field.type;
		let key = name;
		// Two fields with one name (two `url` fields) both stay visible.
		for (let n = 2; Object.prototype.hasOwnProperty.call(byName, key); n++) key = `${name} (${n})`;
		const values = field.value ?? [];
		byName[key] = values.length === 0 ? null : values.length === 1 ? values[0] : values;
	}
	return byName;
}
