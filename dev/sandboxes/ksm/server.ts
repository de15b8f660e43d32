import type { KsmHttpFunction, KsmRecordData } from '../../../nodes/KeeperSecretsManager/transport';
import { startSandboxServer, type Fault, type SandboxRequest, type SandboxResponse } from '../http';
import { seededRandom } from '../random';
import { createHmac, randomBytes } from 'node:crypto';

import {
	cbcEncrypt,
	eciesDecrypt,
	ecKeyPairFrom,
	fromBase64,
	gcmDecrypt,
	gcmEncrypt,
	verifyEcdsaSha256,
	type EcKeyPair,
} from './crypto';
import { loopbackHttp, sdkQueryFunction } from './loopback';
import { RecordFactory, seedVault } from './seed';
import { KsmVault, type StoredRecord, type VaultApplication, type VaultClient } from './vault';

export interface KsmSandboxOptions {
	/** Seeds every key, UID and record value (default 1). */
	seed?: number;
	/** Ids of the server's own key pairs; the first is current (default 101, 102, 103). */
	serverKeyIds?: number[];
	/** Additional login records in "Team Logins" (default 3). */
	extraLogins?: number;
}

export interface KsmSandboxFaults {
	/** Refuse the next N requests with 403 `{"error":"throttled"}`. */
	throttleNext?: number;
	/** `retry_after` of those refusals, in seconds (default 1); null leaves it out. */
	retryAfterSeconds?: number | null;
	/** Switch to another of the server's keys: requests sealed to any other answer `{"error":"key"}`. */
	rotateKeyTo?: number;
}

export interface KsmRequestLogEntry {
	endpoint: string;
	/** The `PublicKeyId` header. */
	keyId: number | null;
	status: number;
	/** `error` of a refusal. */
	error: string | null;
	/** The application the request was authenticated as. */
	appTitle: string | null;
}

export interface SandboxApplication {
	uid: string;
	title: string;
	/** A bound device configuration, base64 of JSON, as the vault exports it. */
	config: string;
	/** Records visible to the application at start, sorted. */
	recordUids: string[];
	/** Shared folders of the application. */
	sharedFolderUids: string[];
}

export interface KsmSandbox {
	/** `http://127.0.0.1:<port>`; also the `hostname` of every configuration it issues. */
	url: string;
	port: number;
	hostname: string;
	/** The key id the server currently expects. */
	readonly serverPublicKeyId: number;
	/** The current server public key, URL-safe base64: the "custom server public key" clients need. */
	readonly serverPublicKey: string;
	/** All the server's public keys by id, for clients that follow key rotation. */
	serverPublicKeys: Record<number, string>;
	applications: { readOnly: SandboxApplication; readWrite: SandboxApplication };
	/** The vault behind the server, for assertions and for edits made "in the vault". */
	vault: KsmVault;
	/** Deterministic record contents for tests, from the sandbox's seed. */
	records: RecordFactory;
	/** HTTP function for the n8n-free client: node:http to this sandbox only. */
	http: KsmHttpFunction;
	/** `queryFunction` for the official SDK. */
	sdkQueryFunction: ReturnType<typeof sdkQueryFunction>;
	/** Every Secrets Manager request, in order. */
	requests: KsmRequestLogEntry[];
	/** Another bound device configuration for an application. */
	addDevice(application: SandboxApplication): string;
	/** A one-time access token for an application, `localhost:<client key>`. */
	createOneTimeToken(application: SandboxApplication): string;
	setFaults(faults: KsmSandboxFaults): void;
	/**
	 * Runs `action` just before the next request to `endpoint` is handled: an edit made in the vault
	 * between a client's read and its write, say.
	 */
	beforeNext(endpoint: string, action: () => void): void;
	/** No throttling, `retry_after` 1 s, and the first server key current again. */
	clearFaults(): void;
	/** Transport-level faults (dropped connections, delays) of the underlying HTTP server. */
	injectNetworkFault(fault: Fault): void;
	close(): Promise<void>;
}

interface ServerKey {
	id: number;
	keyPair: EcKeyPair;
}

/** A refusal, answered as Keeper answers: plain JSON with `error` (and `message`). */
class Refusal extends Error {
	constructor(
		readonly status: number,
		readonly body: Record<string, unknown> & { error: string },
	) {
		super(body.error);
	}
}

const ENDPOINT_PATH = /^\/api\/rest\/sm\/v1\/([a-z_]+)$/;
const RECORD_UID = /^[A-Za-z0-9_-]{22}$/;
const CLIENT_VERSION = /^m[a-z]\d+\.\d+\.\d+/;

/** Starts a Keeper Secrets Manager look-alike on a free loopback port, speaking the real wire protocol. */
export async function startKsmSandbox(options: KsmSandboxOptions = {}): Promise<KsmSandbox> {
	const random = seededRandom(options.seed ?? 1);
	const nextBytes = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
	const vault = new KsmVault(nextBytes);
	const records = new RecordFactory(random);
	const serverKeyIds = options.serverKeyIds ?? [101, 102, 103];
	const serverKeys = serverKeyIds.map((id) => ({ id, keyPair: ecKeyPairFrom(nextBytes) }));
	const seeded = seedVault(vault, records, options.extraLogins ?? 3);

	const protocol = new SandboxProtocol(vault, serverKeys);
	const server = await startSandboxServer((request) => protocol.handle(request));
	const url = server.url;
	protocol.fileStorageUrl = `${url}/files`;
	const webSafe = (key: ServerKey) => key.keyPair.publicRaw.toString('base64url');

	const deviceConfig = (application: VaultApplication) => {
		const { clientId, keyPair } = vault.addDevice(application.uid);
		const current = protocol.currentKey;
		const config = {
			hostname: url,
			clientId,
			privateKey: keyPair.pkcs8.toString('base64'),
			serverPublicKeyId: String(current.id),
			serverPublicKey: webSafe(current),
			appKey: application.appKey.toString('base64'),
			appOwnerPublicKey: vault.owner.publicRaw.toString('base64'),
		};
		return Buffer.from(JSON.stringify(config)).toString('base64');
	};
	const describeApplication = (application: VaultApplication): SandboxApplication => ({
		uid: application.uid,
		title: application.title,
		config: deviceConfig(application),
		recordUids: vault.recordUidsVisibleTo(application.uid),
		sharedFolderUids: [...application.shares.keys()].filter((uid) => vault.folder(uid)),
	});

	return {
		url,
		port: server.port,
		hostname: url,
		get serverPublicKeyId() {
			return protocol.currentKey.id;
		},
		get serverPublicKey() {
			return webSafe(protocol.currentKey);
		},
		serverPublicKeys: Object.fromEntries(serverKeys.map((key) => [key.id, webSafe(key)])),
		applications: {
			readOnly: describeApplication(seeded.readOnly),
			readWrite: describeApplication(seeded.readWrite),
		},
		vault,
		records,
		http: loopbackHttp(url),
		sdkQueryFunction: sdkQueryFunction(url),
		requests: protocol.log,
		addDevice: (application) => deviceConfig(vault.application(application.uid)),
		createOneTimeToken: (application) =>
			`localhost:${vault.addOneTimeToken(application.uid).toString('base64url')}`,
		setFaults: (faults) => protocol.setFaults(faults),
		beforeNext: (endpoint, action) => protocol.pendingActions.push({ endpoint, action }),
		clearFaults: () => protocol.setFaults({ throttleNext: 0, retryAfterSeconds: 1, rotateKeyTo: serverKeyIds[0] }),
		injectNetworkFault: (fault) => server.injectFault(fault),
		close: async () => await server.close(),
	};
}

interface Authenticated {
	client: VaultClient;
	application: VaultApplication;
	payload: Record<string, unknown>;
	/** True when this request bound a one-time token. */
	justBound: boolean;
}

class SandboxProtocol {
	readonly log: KsmRequestLogEntry[] = [];
	readonly pendingActions: Array<{ endpoint: string; action: () => void }> = [];
	currentKey: ServerKey;
	/** Where file contents are stored: this server, under /files (Keeper uses cloud storage). */
	fileStorageUrl = '';
	/** Signs storage addresses the way pre-signed URLs are: a request without the signature is refused. */
	private readonly storageSecret = randomBytes(16);
	/** Uploads announced by `add_file`, waiting for their content: the encrypted size expected. */
	private readonly pendingUploads = new Map<string, number>();
	private throttleNext = 0;
	private retryAfterSeconds: number | null = 1;

	constructor(
		private readonly vault: KsmVault,
		private readonly serverKeys: ServerKey[],
	) {
		this.currentKey = serverKeys[0];
	}

	setFaults(faults: KsmSandboxFaults): void {
		if (faults.throttleNext !== undefined) this.throttleNext = faults.throttleNext;
		if (faults.retryAfterSeconds !== undefined) this.retryAfterSeconds = faults.retryAfterSeconds;
		if (faults.rotateKeyTo !== undefined) {
			const key = this.serverKeys.find(({ id }) => id === faults.rotateKeyTo);
			if (!key) throw new Error(`the sandbox has no server key ${faults.rotateKeyTo}`);
			this.currentKey = key;
		}
	}

	handle(request: SandboxRequest): SandboxResponse {
		if (request.path.startsWith('/files/')) return this.handleStorage(request);
		const endpoint = ENDPOINT_PATH.exec(request.path)?.[1] ?? request.path;
		const keyIdHeader = Number(header(request, 'publickeyid'));
		const entry: KsmRequestLogEntry = {
			endpoint,
			keyId: Number.isInteger(keyIdHeader) ? keyIdHeader : null,
			status: 200,
			error: null,
			appTitle: null,
		};
		this.log.push(entry);
		const pending = this.pendingActions.findIndex((candidate) => candidate.endpoint === endpoint);
		if (pending >= 0) this.pendingActions.splice(pending, 1)[0].action();
		try {
			const { transmissionKey, authenticated } = this.open(request, endpoint);
			entry.appTitle = authenticated.application.title;
			const reply = this.dispatch(endpoint, authenticated);
			return {
				status: 200,
				headers: { 'Content-Type': 'application/octet-stream' },
				body: reply === null ? Buffer.alloc(0) : gcmEncrypt(jsonBytes(reply), transmissionKey),
			};
		} catch (error) {
			if (!(error instanceof Refusal)) throw error;
			entry.status = error.status;
			entry.error = error.body.error;
			return { status: error.status, body: error.body };
		}
	}

	/** Throttling, key check, decryption and signature check, in the order Keeper applies them. */
	private open(request: SandboxRequest, endpoint: string): { transmissionKey: Buffer; authenticated: Authenticated } {
		if (request.method !== 'POST' || !ENDPOINT_PATH.test(request.path)) {
			throw notFound(`No endpoint ${endpoint}`);
		}
		if (this.throttleNext > 0) {
			this.throttleNext--;
			throw new Refusal(403, {
				error: 'throttled',
				message: 'Too many requests',
				...(this.retryAfterSeconds === null ? {} : { retry_after: this.retryAfterSeconds }),
			});
		}
		if (Number(header(request, 'publickeyid')) !== this.currentKey.id) {
			throw new Refusal(400, { error: 'key', key_id: this.currentKey.id });
		}
		const encryptedTransmissionKey = fromBase64(header(request, 'transmissionkey'));
		let transmissionKey: Buffer;
		let payload: unknown;
		try {
			transmissionKey = eciesDecrypt(encryptedTransmissionKey, this.currentKey.keyPair);
			payload = JSON.parse(gcmDecrypt(request.body, transmissionKey).toString('utf8'));
		} catch {
			throw badRequest('Unable to decrypt the request');
		}
		if (!isObject(payload) || typeof payload.clientId !== 'string') {
			throw badRequest('clientId is required');
		}
		if (typeof payload.clientVersion !== 'string' || !CLIENT_VERSION.test(payload.clientVersion)) {
			throw new Refusal(400, { error: 'invalid_client_version', message: 'Client version is not supported' });
		}
		const client = this.vault.client(payload.clientId);
		if (!client) {
			throw new Refusal(401, { error: 'access_denied', message: 'Unable to validate application access' });
		}
		// An unbound device proves itself with the public key it sends along; a bound one with the key it bound.
		const binding = client.publicKey === null;
		const signingKey =
			binding && typeof payload.publicKey === 'string' ? fromBase64(payload.publicKey) : client.publicKey;
		const signature = /^Signature (.+)$/.exec(header(request, 'authorization'))?.[1];
		const signed = Buffer.concat([encryptedTransmissionKey, request.body]);
		if (!signingKey || !signature || !verifyEcdsaSha256(signed, fromBase64(signature), signingKey)) {
			throw new Refusal(401, { error: 'access_denied', message: 'Signature is invalid' });
		}
		if (binding) {
			if (endpoint !== 'get_secret') {
				throw new Refusal(401, { error: 'access_denied', message: 'Bind the device with get_secret first' });
			}
			client.publicKey = signingKey;
		}
		return {
			transmissionKey,
			authenticated: { client, application: this.vault.application(client.appUid), payload, justBound: binding },
		};
	}

	/** The storage side of files: GET downloads encrypted content, POST (multipart) uploads it. */
	private handleStorage(request: SandboxRequest): SandboxResponse {
		const match = /^\/files\/(download|upload)\/([A-Za-z0-9_-]{22})$/.exec(request.path);
		const entry: KsmRequestLogEntry = {
			endpoint: `file_${match?.[1] ?? 'unknown'}`,
			keyId: null,
			status: 200,
			error: null,
			appTitle: null,
		};
		this.log.push(entry);
		const refuse = (status: number, error: string): SandboxResponse => {
			entry.status = status;
			entry.error = error;
			return { status, body: { error } };
		};
		if (!match) return refuse(404, 'not_found');
		const [, action, fileUid] = match;
		const stored = this.vault.storedFile(fileUid);
		if (action === 'download') {
			if (request.method !== 'GET') return refuse(405, 'method_not_allowed');
			if (request.query.get('signature') !== this.storageSignature(fileUid)) return refuse(403, 'signature');
			if (!stored?.file.encrypted) return refuse(404, 'not_found');
			return { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: stored.file.encrypted };
		}
		if (request.method !== 'POST') return refuse(405, 'method_not_allowed');
		const expectedSize = this.pendingUploads.get(fileUid);
		const form = parseMultipart(request);
		if (!form || !stored || expectedSize === undefined) return refuse(400, 'bad_request');
		if (form.fields.key !== `uploads/${fileUid}` || form.fields.signature !== this.storageSignature(fileUid)) {
			return refuse(403, 'signature');
		}
		if (form.file?.length !== expectedSize) return refuse(400, 'size_mismatch');
		stored.file.encrypted = form.file;
		this.pendingUploads.delete(fileUid);
		entry.status = 204;
		return { status: 204 };
	}

	private storageSignature(fileUid: string): string {
		return createHmac('sha256', this.storageSecret).update(fileUid).digest('base64url');
	}

	private dispatch(endpoint: string, request: Authenticated): unknown {
		switch (endpoint) {
			case 'get_secret':
				return this.getSecret(request);
			case 'get_folders':
				return this.getFolders(request.application);
			case 'update_secret':
				return this.updateSecret(request.application, request.payload);
			case 'create_secret':
				return this.createSecret(request.application, request.payload);
			case 'delete_secret':
				return this.deleteSecret(request.application, request.payload);
			case 'add_file':
				return this.addFile(request.application, request.payload);
			default:
				throw notFound(`The sandbox does not implement ${endpoint}`);
		}
	}

	private getSecret({ client, application, payload, justBound }: Authenticated) {
		const requestedRecords = stringList(payload.requestedRecords);
		const requestedFolders = stringList(payload.requestedFolders);
		const wanted = (uid: string) => !requestedRecords || requestedRecords.includes(uid);
		const appKey = application.appKey;
		const recordJson = (record: StoredRecord, wrappingKey: Buffer) => ({
			recordUid: record.uid,
			recordKey: gcmEncrypt(record.key, wrappingKey).toString('base64'),
			data: gcmEncrypt(jsonBytes(record.data), record.key).toString('base64'),
			revision: record.revision,
			files: record.files.map((file) => ({
				fileUid: file.uid,
				fileKey: gcmEncrypt(file.key, record.key).toString('base64'),
				data: gcmEncrypt(jsonBytes(file.data), file.key).toString('base64'),
				url: `${this.fileStorageUrl}/download/${file.uid}?signature=${this.storageSignature(file.uid)}`,
				thumbnailUrl: null,
			})),
			...(record.innerFolderUid ? { innerFolderUid: record.innerFolderUid } : {}),
		});

		const folders = [...application.shares.keys()].flatMap((uid) => {
			const folder = this.vault.folder(uid);
			if (!folder || (requestedFolders && !requestedFolders.includes(uid))) return [];
			const records = this.vault.recordsInSharedFolder(uid).filter((record) => wanted(record.uid));
			// Asked for certain records, Keeper leaves out folders without any of them.
			if (requestedRecords && records.length === 0) return [];
			return [
				{
					folderUid: uid,
					folderKey: gcmEncrypt(folder.key, appKey).toString('base64'),
					records: records.map((record) => recordJson(record, folder.key)),
				},
			];
		});
		const directRecords = requestedFolders
			? []
			: this.vault.directRecordsOf(application.uid).filter((record) => wanted(record.uid));

		const appData = { title: application.title, type: 'application' };
		const response: Record<string, unknown> = {
			appData: gcmEncrypt(jsonBytes(appData), appKey).toString('base64url'),
			records: directRecords.map((record) => recordJson(record, appKey)),
			folders,
			expiresOn: 0,
			warnings: [],
		};
		if (justBound && client.clientKey) {
			response.encryptedAppKey = gcmEncrypt(appKey, client.clientKey).toString('base64');
			response.appOwnerPublicKey = this.vault.owner.publicRaw.toString('base64');
			client.clientKey = null; // the token is spent
		}
		return response;
	}

	private getFolders(application: VaultApplication) {
		return {
			folders: this.vault.foldersVisibleTo(application.uid).map((folder) => {
				const data = cbcEncrypt(jsonBytes({ name: folder.name }), folder.key).toString('base64');
				if (folder.parentUid === null) {
					const folderKey = gcmEncrypt(folder.key, application.appKey).toString('base64');
					return { folderUid: folder.uid, folderKey, data };
				}
				const sharedFolder = this.vault.sharedFolderOf(folder.uid);
				return {
					folderUid: folder.uid,
					folderKey: cbcEncrypt(folder.key, sharedFolder.key).toString('base64'),
					data,
					parent: folder.parentUid,
				};
			}),
		};
	}

	/** A record the application sees and may edit, still at the revision the client read. */
	private editableRecord(application: VaultApplication, recordUid: string, revision: unknown): StoredRecord {
		const record = this.vault.storedRecord(recordUid);
		if (!record || !this.vault.recordUidsVisibleTo(application.uid).includes(recordUid)) {
			throw notFound(`Record ${recordUid} is not shared with the application`);
		}
		if (!this.vault.canEditRecord(application.uid, recordUid)) {
			throw new Refusal(403, { error: 'access_denied', message: 'The application may not edit this record' });
		}
		if (revision !== record.revision) {
			throw new Refusal(400, { error: 'out_of_sync', message: 'The record revision is out of date' });
		}
		return record;
	}

	private updateSecret(application: VaultApplication, payload: Record<string, unknown>): null {
		const recordUid = String(payload.recordUid);
		const record = this.editableRecord(application, recordUid, payload.revision);
		const removed = stringList(payload.links2Remove) ?? [];
		if (removed.some((fileUid) => !record.files.some((file) => file.uid === fileUid))) {
			throw badRequest('A file to remove is not attached to the record');
		}
		const data = decryptRecordData(payload.data, record.key);
		this.vault.detachFiles(recordUid, removed);
		this.vault.writeRecord(recordUid, data);
		return null;
	}

	/** Keeper answers per record; a record the application may not delete is refused, the others go. */
	private deleteSecret(application: VaultApplication, payload: Record<string, unknown>) {
		const recordUids = stringList(payload.recordUids);
		if (!recordUids || recordUids.length === 0) throw badRequest('recordUids is required');
		const visible = this.vault.recordUidsVisibleTo(application.uid);
		return {
			records: recordUids.map((recordUid) => {
				if (!visible.includes(recordUid)) {
					return { recordUid, responseCode: 'not_found', errorMessage: 'The record is not shared with the application' };
				}
				if (!this.vault.canEditRecord(application.uid, recordUid)) {
					return { recordUid, responseCode: 'access_denied', errorMessage: 'The application may not delete this record' };
				}
				this.vault.deleteRecord(recordUid);
				return { recordUid, responseCode: 'ok', errorMessage: '' };
			}),
			folders: [],
		};
	}

	/**
	 * Checks an attachment as Keeper must: the owner record at its revision and editable, the file
	 * key wrapped identically for the owner and under the record key, metadata and new record data
	 * readable. Answers where to upload the content.
	 */
	private addFile(application: VaultApplication, payload: Record<string, unknown>) {
		const recordUid = String(payload.ownerRecordUid);
		const record = this.editableRecord(application, recordUid, payload.ownerRecordRevision);
		const fileUid = String(payload.fileRecordUid);
		if (!RECORD_UID.test(fileUid) || this.vault.storedFile(fileUid)) throw badRequest('The file UID is invalid or taken');
		let fileKey: Buffer;
		let metadata: unknown;
		try {
			fileKey = gcmDecrypt(fromBase64(String(payload.linkKey)), record.key);
			const ownerCopy = eciesDecrypt(fromBase64(String(payload.fileRecordKey)), this.vault.owner);
			if (fileKey.length !== 32 || !fileKey.equals(ownerCopy)) throw new Error('mismatch');
			metadata = JSON.parse(gcmDecrypt(fromBase64(String(payload.fileRecordData)), fileKey).toString('utf8'));
		} catch {
			throw badRequest('The file key or metadata is not encrypted correctly');
		}
		const data = decryptRecordData(payload.ownerRecordData, record.key);
		const fileRef = data.fields.find((field) => field.type === 'fileRef');
		if (!isObject(metadata) || !fileRef?.value.includes(fileUid)) {
			throw badRequest('The record data does not reference the new file');
		}
		const fileSize = Number(payload.fileSize);
		if (!Number.isSafeInteger(fileSize) || fileSize < 28) throw badRequest('fileSize is invalid');
		this.vault.attachFile(recordUid, { uid: fileUid, key: fileKey, data: metadata }, data);
		this.pendingUploads.set(fileUid, fileSize);
		return {
			url: `${this.fileStorageUrl}/upload/${fileUid}`,
			parameters: JSON.stringify({ key: `uploads/${fileUid}`, signature: this.storageSignature(fileUid) }),
			successStatusCode: 204,
		};
	}

	private createSecret(application: VaultApplication, payload: Record<string, unknown>): null {
		const folderUid = String(payload.folderUid);
		const folder = this.vault.folder(folderUid);
		if (!folder || folder.parentUid !== null || !application.shares.has(folderUid)) {
			throw notFound(`Folder ${folderUid} is not shared with the application`);
		}
		if (!this.vault.canEditFolder(application.uid, folderUid)) {
			throw new Refusal(403, { error: 'access_denied', message: 'The application may not add records here' });
		}
		const recordUid = String(payload.recordUid);
		if (!RECORD_UID.test(recordUid) || this.vault.storedRecord(recordUid)) {
			throw badRequest('The record UID is invalid or taken');
		}
		const subFolderUid = payload.subFolderUid === undefined ? null : String(payload.subFolderUid);
		const inFolder = (uid: string) => this.vault.folder(uid) && this.vault.sharedFolderOf(uid).uid === folderUid;
		if (subFolderUid !== null && !inFolder(subFolderUid)) {
			throw badRequest('The sub-folder is not in the shared folder');
		}
		// Both wrappings must hold the same key: the folder's for sharing, the owner's for ownership.
		let recordKey: Buffer;
		try {
			recordKey = gcmDecrypt(fromBase64(String(payload.folderKey)), folder.key);
			const ownerCopy = eciesDecrypt(fromBase64(String(payload.recordKey)), this.vault.owner);
			if (recordKey.length !== 32 || !recordKey.equals(ownerCopy)) throw new Error('mismatch');
		} catch {
			throw badRequest('The record key is not wrapped correctly');
		}
		const data = decryptRecordData(payload.data, recordKey);
		this.vault.storeRecord(recordUid, recordKey, data, subFolderUid ?? folderUid);
		return null;
	}
}

function decryptRecordData(encrypted: unknown, recordKey: Buffer): KsmRecordData {
	try {
		const data: unknown = JSON.parse(gcmDecrypt(fromBase64(String(encrypted)), recordKey).toString('utf8'));
		if (isObject(data) && typeof data.type === 'string' && Array.isArray(data.fields)) return data as KsmRecordData;
	} catch {
		// answered below
	}
	throw badRequest('The record data cannot be decrypted');
}

/** The fields and the `file` part of a multipart/form-data body; undefined when it is not one. */
function parseMultipart(request: SandboxRequest): { fields: Record<string, string>; file: Buffer | undefined } | undefined {
	const boundary = /boundary=([^;]+)/.exec(header(request, 'content-type'))?.[1];
	if (!boundary) return undefined;
	const delimiter = Buffer.from(`--${boundary}`);
	const fields: Record<string, string> = {};
	let file: Buffer | undefined;
	let start = request.body.indexOf(delimiter);
	while (start >= 0) {
		const next = request.body.indexOf(delimiter, start + delimiter.length);
		if (next < 0) break;
		let part = request.body.subarray(start + delimiter.length, next);
		if (part.subarray(0, 2).toString() === '\r\n') part = part.subarray(2);
		if (part.subarray(part.length - 2).toString() === '\r\n') part = part.subarray(0, part.length - 2);
		const headerEnd = part.indexOf('\r\n\r\n');
		const name = headerEnd < 0 ? undefined : /name="([^"]*)"/.exec(part.subarray(0, headerEnd).toString())?.[1];
		if (name !== undefined) {
			const value = part.subarray(headerEnd + 4);
			if (name === 'file') file = Buffer.from(value);
			else fields[name] = value.toString('utf8');
		}
		start = next;
	}
	return { fields, file };
}

function jsonBytes(value: unknown): Buffer {
	return Buffer.from(JSON.stringify(value));
}

function badRequest(message: string): Refusal {
	return new Refusal(400, { error: 'bad_request', message });
}

function notFound(message: string): Refusal {
	return new Refusal(404, { error: 'not_found', message });
}

function header(request: SandboxRequest, name: string): string {
	const value = request.headers[name];
	return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function stringList(value: unknown): string[] | undefined {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
