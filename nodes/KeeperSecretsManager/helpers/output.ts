import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../../shared/helpers/values';
import type { KsmField, KsmFile, KsmRecord } from '../transport';

/** Keys of a simplified record that fields cannot take; a field named so gets " (2)" appended. */
const RECORD_KEYS = ['uid', 'title', 'type', 'folderUid', 'revision', 'notes', 'custom', 'files'];

/** What Get Many returns per record, like the columns of `ksm secret list`. */
export function recordSummary(record: KsmRecord): IDataObject {
	return {
		uid: record.recordUid,
		type: record.data.type,
		title: record.data.title,
		folderUid: folderOf(record),
	};
}

/**
 * A record for workflows: standard fields under their type (or label) at the top level — `login`,
 * `password`, `url`, `host` and `port`, `oneTimeCode` … — custom fields by label under `custom`,
 * and the metadata of attached files under `files`. One value is given as is, several as an array,
 * none as null.
 */
export function simplifyRecord(record: KsmRecord): IDataObject {
	const output: IDataObject = {
		...recordSummary(record),
		revision: record.revision,
		notes: record.data.notes || null,
	};
	const taken = new Set(RECORD_KEYS);
	for (const field of record.data.fields ?? []) {
		// Attachments are described under `files`; the field only lists their UIDs.
		if (field.type === 'fileRef') continue;
		const [host] = field.value ?? [];
		if (field.type === 'host' && !field.label && field.value?.length === 1 && isObject(host)) {
			put(output, taken, 'host', host.hostName ?? null);
			put(output, taken, 'port', host.port ?? null);
		} else {
			put(output, taken, field.label || field.type, valueOf(field));
		}
	}
	const custom: IDataObject = {};
	const customTaken = new Set<string>();
	for (const field of record.data.custom ?? []) put(custom, customTaken, field.label || field.type, valueOf(field));
	output.custom = custom;
	output.files = record.files.map(simplifyFile);
	return output;
}

/** The record exactly as Keeper Secrets Manager defines it, with file metadata (all of it JSON Keeper sent). */
export function rawRecord(record: KsmRecord): IDataObject {
	return JSON.parse(JSON.stringify(record)) as IDataObject;
}

export function simplifyFile(file: KsmFile): IDataObject {
	const { name, title, type, size, lastModified } = file.data;
	return {
		uid: file.fileUid,
		name: name ?? null,
		title: title ?? null,
		mimeType: type ?? null,
		size: size ?? null,
		lastModified: typeof lastModified === 'number' ? new Date(lastModified).toISOString() : null,
	};
}

/** The folder holding the record: its sub-folder when it is in one; null when shared directly. */
function folderOf(record: KsmRecord): string | null {
	return record.innerFolderUid ?? record.folderUid;
}

function valueOf(field: KsmField): unknown {
	const values = field.value ?? [];
	return values.length === 0 ? null : values.length === 1 ? values[0] : values;
}

/** Two fields with one name (two `url` fields) both stay visible. */
function put(target: IDataObject, taken: Set<string>, name: string, value: unknown): void {
	let key = name;
	for (let n = 2; taken.has(key); n++) key = `${name} (${n})`;
	taken.add(key);
	target[key] = value as IDataObject[string];
}
