import type { KsmFileData, KsmRecordData } from '../../../nodes/KeeperSecretsManager/transport';
import { createHash } from 'node:crypto';

import { clientIdOf, ecKeyPairFrom, gcmDecrypt, gcmEncrypt, type EcKeyPair } from './crypto';

export interface StoredRecord {
	uid: string;
	key: Buffer;
	data: KsmRecordData;
	revision: number;
	/** The shared folder holding the record (directly or in a sub-folder); null when it is in no folder. */
	folderUid: string | null;
	innerFolderUid: string | null;
	files: StoredFile[];
}

/** A file attached to a record: its key is wrapped by the record key, its metadata by its own key. */
export interface StoredFile {
	uid: string;
	key: Buffer;
	data: KsmFileData;
	/** The content as the storage holds it, encrypted under the file key; null until uploaded. */
	encrypted: Buffer | null;
}

export interface StoredFolder {
	uid: string;
	key: Buffer;
	name: string;
	/** Null for a shared folder. */
	parentUid: string | null;
}

export interface VaultApplication {
	uid: string;
	title: string;
	appKey: Buffer;
	/** Shared folders and directly shared records, with the right to edit or not. */
	shares: Map<string, { editable: boolean }>;
}

export interface VaultClient {
	clientId: string;
	appUid: string;
	/** Set once the device is bound; requests must be signed by its private key. */
	publicKey: Buffer | null;
	/** The one-time token's key, kept only until the first request binds the device. */
	clientKey: Buffer | null;
}

/** A record as the vault holds it, for assertions (a copy: changing it changes nothing). */
export interface VaultRecordView {
	recordUid: string;
	folderUid: string | null;
	innerFolderUid: string | null;
	revision: number;
	data: KsmRecordData;
	files: Array<{ fileUid: string; data: KsmFileData }>;
}

/** The sandbox's in-memory Keeper vault: folders, records, Secrets Manager applications and devices. */
export class KsmVault {
	readonly owner: EcKeyPair;
	private lastRevision = 1000;
	private readonly records = new Map<string, StoredRecord>();
	private readonly folders = new Map<string, StoredFolder>();
	private readonly applications = new Map<string, VaultApplication>();
	private readonly clients = new Map<string, VaultClient>();

	/** `nextBytes` supplies every key and UID, so a seeded source makes the whole vault reproducible. */
	constructor(private readonly nextBytes: (length: number) => Buffer) {
		this.owner = ecKeyPairFrom(nextBytes);
	}

	private newUid(): string {
		const bytes = this.nextBytes(16);
		if (bytes[0] >= 0xf8) bytes[0] &= 0x7f;
		return bytes.toString('base64url');
	}

	addSharedFolder(name: string): string {
		return this.addFolder(name, null);
	}

	addSubFolder(parentUid: string, name: string): string {
		if (!this.folders.has(parentUid)) throw new Error(`no folder ${parentUid}`);
		return this.addFolder(name, parentUid);
	}

	/** Adds a record to a shared folder or one of its sub-folders, or to no folder (to share it directly). */
	addRecord(data: KsmRecordData, folderUid: string | null): string {
		const uid = this.newUid();
		this.storeRecord(uid, this.nextBytes(32), data, folderUid);
		return uid;
	}

	storeRecord(uid: string, key: Buffer, data: KsmRecordData, folderUid: string | null): void {
		const sharedFolderUid = folderUid === null ? null : this.sharedFolderOf(folderUid).uid;
		this.records.set(uid, {
			uid,
			key,
			data: structuredClone(data),
			revision: this.nextRevision(),
			folderUid: sharedFolderUid,
			innerFolderUid: folderUid === sharedFolderUid ? null : folderUid,
			files: [],
		});
	}

	/**
	 * Attaches a file and lists it in the record's `fileRef` field, as the vault does. Its content is
	 * `data.size` bytes derived from its UID, so seeding it consumes no randomness.
	 */
	addFile(recordUid: string, data: KsmFileData): string {
		const record = this.records.get(recordUid);
		if (!record) throw new Error(`no record ${recordUid}`);
		const uid = this.newUid();
		const key = this.nextBytes(32);
		const content = derivedBytes(uid, Number(data.size ?? 0));
		record.files.push({ uid, key, data: structuredClone(data), encrypted: gcmEncrypt(content, key) });
		const fileRef = record.data.fields.find((field) => field.type === 'fileRef');
		if (fileRef) fileRef.value.push(uid);
		else record.data.fields.push({ type: 'fileRef', value: [uid] });
		record.revision = this.nextRevision();
		return uid;
	}

	/** A file a client attached (`add_file`): the record's new data and the file's metadata, content to follow. */
	attachFile(recordUid: string, file: { uid: string; key: Buffer; data: KsmFileData }, recordData: KsmRecordData): void {
		const record = this.records.get(recordUid);
		if (!record) throw new Error(`no record ${recordUid}`);
		record.files.push({ ...file, data: structuredClone(file.data), encrypted: null });
		this.writeRecord(recordUid, recordData);
	}

	/** The stored file and the record holding it. */
	storedFile(fileUid: string): { record: StoredRecord; file: StoredFile } | undefined {
		for (const record of this.records.values()) {
			const file = record.files.find((candidate) => candidate.uid === fileUid);
			if (file) return { record, file };
		}
		return undefined;
	}

	/** The decrypted content of a file, for assertions; null until uploaded. */
	fileContent(fileUid: string): Buffer | null {
		const stored = this.storedFile(fileUid);
		if (!stored) throw new Error(`no file ${fileUid}`);
		return stored.file.encrypted && gcmDecrypt(stored.file.encrypted, stored.file.key);
	}

	/** Detaches files from a record (the files themselves are gone with it). */
	detachFiles(recordUid: string, fileUids: readonly string[]): void {
		const record = this.records.get(recordUid);
		if (!record) throw new Error(`no record ${recordUid}`);
		record.files = record.files.filter((file) => !fileUids.includes(file.uid));
	}

	deleteRecord(recordUid: string): void {
		this.records.delete(recordUid);
	}

	addApplication(title: string, shares: Array<{ uid: string; editable: boolean }>): VaultApplication {
		const application: VaultApplication = {
			uid: this.newUid(),
			title,
			appKey: this.nextBytes(32),
			shares: new Map(shares.map(({ uid, editable }) => [uid, { editable }])),
		};
		this.applications.set(application.uid, application);
		return application;
	}

	/** A device that is already bound, as "Add Device → Configuration File" in the vault creates it. */
	addDevice(appUid: string): { clientId: string; keyPair: EcKeyPair } {
		const keyPair = ecKeyPairFrom(this.nextBytes);
		const clientId = clientIdOf(this.nextBytes(32));
		this.clients.set(clientId, { clientId, appUid, publicKey: keyPair.publicRaw, clientKey: null });
		return { clientId, keyPair };
	}

	/** A device waiting for its one-time token to be used; returns the token's client key. */
	addOneTimeToken(appUid: string): Buffer {
		const clientKey = this.nextBytes(32);
		const clientId = clientIdOf(clientKey);
		this.clients.set(clientId, { clientId, appUid, publicKey: null, clientKey });
		return clientKey;
	}

	/** Removes a device from its application, as the vault's "Remove Device" does. */
	removeDevice(clientId: string): void {
		this.clients.delete(clientId);
	}

	client(clientId: string): VaultClient | undefined {
		return this.clients.get(clientId);
	}

	application(appUid: string): VaultApplication {
		const application = this.applications.get(appUid);
		if (!application) throw new Error(`no application ${appUid}`);
		return application;
	}

	folder(folderUid: string): StoredFolder | undefined {
		return this.folders.get(folderUid);
	}

	storedRecord(recordUid: string): StoredRecord | undefined {
		return this.records.get(recordUid);
	}

	/** The shared folder at the root of `folderUid`'s tree. */
	sharedFolderOf(folderUid: string): StoredFolder {
		let folder = this.folders.get(folderUid);
		while (folder?.parentUid) folder = this.folders.get(folder.parentUid);
		if (!folder) throw new Error(`no folder ${folderUid}`);
		return folder;
	}

	/** Shared folders the application can see, and their sub-folders. */
	foldersVisibleTo(appUid: string): StoredFolder[] {
		const shares = this.application(appUid).shares;
		return [...this.folders.values()].filter((folder) => shares.has(this.sharedFolderOf(folder.uid).uid));
	}

	recordsInSharedFolder(folderUid: string): StoredRecord[] {
		return [...this.records.values()].filter((record) => record.folderUid === folderUid);
	}

	/** Records shared with the application directly, not through a folder. */
	directRecordsOf(appUid: string): StoredRecord[] {
		const shares = this.application(appUid).shares;
		return [...this.records.values()].filter((record) => shares.has(record.uid));
	}

	canEditRecord(appUid: string, recordUid: string): boolean {
		const shares = this.application(appUid).shares;
		const record = this.records.get(recordUid);
		if (!record) return false;
		return Boolean(shares.get(recordUid)?.editable || (record.folderUid && shares.get(record.folderUid)?.editable));
	}

	canEditFolder(appUid: string, folderUid: string): boolean {
		return Boolean(this.application(appUid).shares.get(folderUid)?.editable);
	}

	/** Stores new data for a record and returns its new revision. */
	writeRecord(recordUid: string, data: KsmRecordData): number {
		const record = this.records.get(recordUid);
		if (!record) throw new Error(`no record ${recordUid}`);
		record.data = structuredClone(data);
		record.revision = this.nextRevision();
		return record.revision;
	}

	/** An edit made in the vault itself (someone else), for revision-conflict tests. */
	editRecord(recordUid: string, edit: (data: KsmRecordData) => KsmRecordData): number {
		return this.writeRecord(recordUid, edit(this.getRecord(recordUid).data));
	}

	getRecord(recordUid: string): VaultRecordView {
		const record = this.records.get(recordUid);
		if (!record) throw new Error(`no record ${recordUid}`);
		return {
			recordUid: record.uid,
			folderUid: record.folderUid,
			innerFolderUid: record.innerFolderUid,
			revision: record.revision,
			data: structuredClone(record.data),
			files: record.files.map((file) => ({ fileUid: file.uid, data: structuredClone(file.data) })),
		};
	}

	/** UIDs of every record the application can see, sorted. */
	recordUidsVisibleTo(appUid: string): string[] {
		const shares = this.application(appUid).shares;
		return [...this.records.values()]
			.filter((record) => shares.has(record.uid) || (record.folderUid !== null && shares.has(record.folderUid)))
			.map((record) => record.uid)
			.sort();
	}

	private addFolder(name: string, parentUid: string | null): string {
		const uid = this.newUid();
		this.folders.set(uid, { uid, key: this.nextBytes(32), name, parentUid });
		return uid;
	}

	private nextRevision(): number {
		return ++this.lastRevision;
	}
}

/** `length` bytes that depend only on `seed`: SHA-256 over a counter. */
function derivedBytes(seed: string, length: number): Buffer {
	const blocks: Buffer[] = [];
	for (let counter = 0; blocks.length * 32 < length; counter++) {
		blocks.push(createHash('sha256').update(`${seed}:${counter}`).digest());
	}
	return Buffer.concat(blocks).subarray(0, length);
}
