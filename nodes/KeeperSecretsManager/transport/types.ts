/** One field of a record. Values are always arrays: `password.value[0]`, `host.value[0] = {hostName, port}`. */
export interface KsmField {
	type: string;
	label?: string;
	value: unknown[];
	[extra: string]: unknown;
}

/** The decrypted content of a record, exactly as the vault stores it. */
export interface KsmRecordData {
	title: string;
	type: string;
	notes?: string;
	fields: KsmField[];
	custom?: KsmField[];
	[extra: string]: unknown;
}

export interface KsmRecord {
	recordUid: string;
	/** The shared folder the application sees the record through; null when the record is shared directly. */
	folderUid: string | null;
	/** The sub-folder of that shared folder holding the record, if any. */
	innerFolderUid: string | null;
	/** Changes on every edit; an update must name the revision it was based on. */
	revision: number;
	data: KsmRecordData;
	/** Metadata of the files attached to the record (their contents are not downloaded). */
	files: KsmFile[];
}

/** A file attached to a record, as KSM describes it. */
export interface KsmFile {
	fileUid: string;
	data: KsmFileData;
}

export interface KsmFileData {
	name?: string;
	title?: string;
	/** MIME type. */
	type?: string;
	/** Size in bytes. */
	size?: number;
	/** Milliseconds since the epoch. */
	lastModified?: number;
	[extra: string]: unknown;
}

export interface KsmSecrets {
	/** Title of the Secrets Manager application. */
	appTitle: string | null;
	records: KsmRecord[];
	/** Keeper's warnings, plus one per record or folder that could not be decrypted and was skipped. */
	warnings: string[];
	/** When the application's access expires (ISO 8601), if it does. */
	expiresOn: string | null;
}

export interface KsmFolder {
	folderUid: string;
	/** Null for a shared folder; the parent folder's UID for a sub-folder. */
	parentUid: string | null;
	name: string;
}

export interface KsmHttpResponse {
	status: number;
	body: Buffer;
}

/**
 * Sends one request (a POST unless `method` says GET, which sends no body) and returns the response
 * whatever its status; throws only when no response arrived. Injected so the n8n node can route
 * requests through `this.helpers.httpRequest`.
 */
export type KsmHttpFunction = (
	url: string,
	headers: Record<string, string>,
	body: Buffer,
	method?: 'GET' | 'POST',
) => Promise<KsmHttpResponse>;

/** A file to attach to a record. */
export interface KsmFileUpload {
	name: string;
	title: string;
	/** MIME type. */
	mimeType: string;
	content: Buffer;
}

/** Keeper's answer for one record of a delete: `ok`, or why not. */
export interface KsmDeleteResult {
	recordUid: string;
	responseCode: string;
	errorMessage: string | null;
}
