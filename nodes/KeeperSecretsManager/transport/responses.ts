import type { KeyObject } from 'node:crypto';

import { isObject } from '../../shared/helpers/values';
import { aesCbcDecrypt, aesGcmDecrypt, decodeBase64, unwrapKey } from './crypto';
import { attempt, KsmConfigError, KsmError } from './errors';
import type { KsmField, KsmFile, KsmFileData, KsmFolder, KsmRecord, KsmRecordData } from './types';

/** A record together with its key, which stays inside the client (updates need it). */
export interface OpenedRecord {
	record: KsmRecord;
	recordKey: KeyObject;
	/** Keys and download addresses of the record's files, by file UID; they stay inside the client too. */
	files: Map<string, OpenedFile>;
}

interface OpenedFile {
	key: KeyObject;
	/** Where the encrypted content can be downloaded (a short-lived pre-signed address); absent if Keeper sent none. */
	url: string | undefined;
}

export interface OpenedSecrets {
	appTitle: string | null;
	records: OpenedRecord[];
	warnings: string[];
	expiresOn: string | null;
}

export interface OpenedFolders {
	folders: KsmFolder[];
	/** For each folder, the shared folder at the root of its tree (itself for a shared folder). */
	sharedFolderOf: Map<string, string>;
	sharedFolderKeys: Map<string, KeyObject>;
}

type Json = Record<string, unknown>;

/**
 * Decrypts a `get_secret` response. Records shared directly carry keys wrapped by the app key;
 * records in shared folders carry keys wrapped by the folder key, itself wrapped by the app key.
 * A record or folder that cannot be decrypted is skipped with a warning rather than failing all.
 */
export function openSecretsResponse(response: unknown, appKey: KeyObject): OpenedSecrets {
	const body = expectObject(response, 'get_secret');
	const warnings = arrayOf(body.warnings).filter((warning): warning is string => typeof warning === 'string');
	const records: OpenedRecord[] = [];
	const seen = new Set<string>();
	const add = (raw: unknown, wrappingKey: KeyObject, folderUid: string | null) => {
		const opened = openRecord(raw, wrappingKey, folderUid, warnings);
		if (typeof opened === 'string') warnings.push(opened);
		else if (!seen.has(opened.record.recordUid)) {
			// A record shared both directly and through a folder is listed twice; once is enough.
			seen.add(opened.record.recordUid);
			records.push(opened);
		}
	};

	for (const raw of arrayOf(body.records)) add(raw, appKey, null);
	for (const rawFolder of arrayOf(body.folders)) {
		const folder = isObject(rawFolder) ? rawFolder : {};
		const folderUid = typeof folder.folderUid === 'string' ? folder.folderUid : '(unknown)';
		const folderKey = tryUnwrap(folder.folderKey, appKey, 'gcm');
		if (!folderKey) {
			warnings.push(`Shared folder ${folderUid} could not be decrypted and was skipped`);
			continue;
		}
		for (const raw of arrayOf(folder.records)) add(raw, folderKey, folderUid);
	}

	return {
		appTitle: readAppTitle(body.appData, appKey),
		records,
		warnings,
		expiresOn:
			typeof body.expiresOn === 'number' && body.expiresOn > 0 ? new Date(body.expiresOn).toISOString() : null,
	};
}

/**
 * Decrypts a `get_folders` response. Shared folder keys are wrapped (GCM) by the app key; sub-folder
 * keys (CBC) by the key of their shared folder; folder names (CBC) by the folder's own key.
 */
export function openFoldersResponse(response: unknown, appKey: KeyObject): OpenedFolders {
	const body = expectObject(response, 'get_folders');
	const rawFolders = arrayOf(body.folders).filter(isObject);
	const parentOf = new Map<string, string | null>();
	for (const folder of rawFolders) {
		if (typeof folder.folderUid === 'string') {
			parentOf.set(folder.folderUid, typeof folder.parent === 'string' && folder.parent ? folder.parent : null);
		}
	}
	const sharedFolderOf = new Map<string, string>();
	for (const folderUid of parentOf.keys()) {
		const root = rootOf(folderUid, parentOf);
		if (root) sharedFolderOf.set(folderUid, root);
	}

	const sharedFolderKeys = new Map<string, KeyObject>();
	for (const folder of rawFolders) {
		if (typeof folder.folderUid !== 'string' || parentOf.get(folder.folderUid) !== null) continue;
		const key = tryUnwrap(folder.folderKey, appKey, 'gcm');
		if (key) sharedFolderKeys.set(folder.folderUid, key);
	}
	const folders: KsmFolder[] = [];
	for (const folder of rawFolders) {
		const folderUid = folder.folderUid;
		if (typeof folderUid !== 'string') continue;
		const parentUid = parentOf.get(folderUid) ?? null;
		const sharedKey = sharedFolderKeys.get(sharedFolderOf.get(folderUid) ?? '');
		const key = parentUid === null ? sharedKey : sharedKey && tryUnwrap(folder.folderKey, sharedKey, 'cbc');
		const name = key ? tryDecryptJson(folder.data, key, 'cbc') : undefined;
		if (!key || !name) throw new KsmError(`Folder ${folderUid} in the response from Keeper could not be decrypted`);
		folders.push({ folderUid, parentUid, name: typeof name.name === 'string' ? name.name : '' });
	}
	return { folders, sharedFolderOf, sharedFolderKeys };
}

/** Parses a decrypted response body; an empty body (update, create) is an empty object. */
export function parseResponseJson(plaintext: Buffer, endpoint: string): unknown {
	if (plaintext.length === 0) return {};
	const parsed: unknown = attempt(() => JSON.parse(plaintext.toString('utf8')));
	if (parsed === undefined) throw new KsmError(`The response from Keeper to ${endpoint} is not JSON`);
	return parsed;
}

function openRecord(
	raw: unknown,
	wrappingKey: KeyObject,
	folderUid: string | null,
	warnings: string[],
): OpenedRecord | string {
	const record = isObject(raw) ? raw : {};
	const recordUid = typeof record.recordUid === 'string' ? record.recordUid : undefined;
	const skipped = `Record ${recordUid ?? '(unknown)'} could not be decrypted and was skipped`;
	if (!recordUid || typeof record.revision !== 'number') return skipped;
	const recordKey = tryUnwrap(record.recordKey, wrappingKey, 'gcm');
	const data = recordKey && tryDecryptJson(record.data, recordKey, 'gcm');
	if (!recordKey || !data) return skipped;
	const files = openFiles(record.files, recordKey, recordUid, warnings);
	return {
		recordKey,
		files: new Map(files.map(({ file, opened }) => [file.fileUid, opened])),
		record: {
			recordUid,
			folderUid,
			innerFolderUid:
				typeof record.innerFolderUid === 'string' && record.innerFolderUid ? record.innerFolderUid : null,
			revision: record.revision,
			data: recordData(data),
			files: files.map(({ file }) => file),
		},
	};
}

/**
 * Record data in the shape the node relies on, whatever another client stored: a title and type
 * that are strings, fields that are objects with a string type, and values that are lists
 * (a field whose value is a bare string holds that one whole string).
 */
function recordData(data: Json): KsmRecordData {
	const fieldsOf = (value: unknown): KsmField[] =>
		arrayOf(value)
			.filter(isObject)
			.map((field) => ({
				...field,
				type: typeof field.type === 'string' ? field.type : '',
				value: Array.isArray(field.value) ? field.value : field.value === undefined || field.value === null ? [] : [field.value],
			}));
	const { notes, ...rest } = data;
	return {
		...rest,
		title: typeof data.title === 'string' ? data.title : '',
		type: typeof data.type === 'string' ? data.type : '',
		...(typeof notes === 'string' ? { notes } : {}),
		fields: fieldsOf(data.fields),
		...(data.custom === undefined ? {} : { custom: fieldsOf(data.custom) }),
	};
}

/** File keys are wrapped by the record key, file metadata by the file key. */
function openFiles(
	rawFiles: unknown,
	recordKey: KeyObject,
	recordUid: string,
	warnings: string[],
): Array<{ file: KsmFile; opened: OpenedFile }> {
	const files: Array<{ file: KsmFile; opened: OpenedFile }> = [];
	for (const raw of arrayOf(rawFiles)) {
		const file = isObject(raw) ? raw : {};
		const fileUid = typeof file.fileUid === 'string' ? file.fileUid : undefined;
		const fileKey = tryUnwrap(file.fileKey, recordKey, 'gcm');
		const data = fileKey && tryDecryptJson(file.data, fileKey, 'gcm');
		const url = typeof file.url === 'string' && file.url ? file.url : undefined;
		if (fileUid && fileKey && data) files.push({ file: { fileUid, data: data as KsmFileData }, opened: { key: fileKey, url } });
		else warnings.push(`File ${fileUid ?? '(unknown)'} of record ${recordUid} could not be decrypted and was skipped`);
	}
	return files;
}

function readAppTitle(appData: unknown, appKey: KeyObject): string | null {
	if (appData === undefined || appData === null || appData === '') return null;
	const decrypted = tryDecryptJson(appData, appKey, 'gcm');
	if (!decrypted) {
		// Everything else is wrapped by the same key, so nothing would decrypt either.
		throw new KsmConfigError(
			'The "appKey" in this configuration does not belong to its application',
			'Export a fresh device configuration from the Keeper vault.',
		);
	}
	return typeof decrypted.title === 'string' ? decrypted.title : null;
}

function rootOf(folderUid: string, parentOf: Map<string, string | null>): string | undefined {
	let current = folderUid;
	for (let depth = 0; depth <= parentOf.size; depth++) {
		const parent = parentOf.get(current);
		if (parent === undefined) return undefined;
		if (parent === null) return current;
		current = parent;
	}
	return undefined; // a cycle
}

function tryUnwrap(wrapped: unknown, key: KeyObject, mode: 'gcm' | 'cbc'): KeyObject | undefined {
	const bytes = typeof wrapped === 'string' ? decodeBase64(wrapped) : undefined;
	return bytes && attempt(() => unwrapKey(bytes, key, mode));
}

function tryDecryptJson(encrypted: unknown, key: KeyObject, mode: 'gcm' | 'cbc'): Json | undefined {
	const bytes = typeof encrypted === 'string' ? decodeBase64(encrypted) : undefined;
	const parsed: unknown =
		bytes &&
		attempt(() => {
			const plaintext = mode === 'gcm' ? aesGcmDecrypt(bytes, key) : aesCbcDecrypt(bytes, key);
			return JSON.parse(plaintext.toString('utf8')) as unknown;
		});
	return isObject(parsed) ? parsed : undefined;
}

function expectObject(response: unknown, endpoint: string): Json {
	if (!isObject(response)) throw new KsmError(`The response from Keeper to ${endpoint} is not an object`);
	return response;
}

function arrayOf(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}
