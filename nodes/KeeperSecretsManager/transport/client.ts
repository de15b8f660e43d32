import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

import { singleLine } from '../../shared/helpers/errorBody';
import { explainCommon, type CommonWording } from '../../shared/helpers/explain';
import { isObject } from '../../shared/helpers/values';
import { retryClock } from '../../shared/transport/retry';
import { isTransferUrl, parseKsmConfig, type KsmConfig } from './config';
import {
	aesGcmDecrypt,
	aesGcmEncrypt,
	decodeBase64,
	eciesEncrypt,
	encodeWebSafe64,
	isP256PublicKey,
	newUid,
	signEcdsaSha256,
} from './crypto';
import {
	attempt,
	KsmApiError,
	KsmConfigError,
	KsmError,
	KsmRevisionConflictError,
	KsmThrottledError,
} from './errors';
import { KEEPER_SERVER_PUBLIC_KEYS } from './publicKeys';
import {
	openFoldersResponse,
	openSecretsResponse,
	parseResponseJson,
	type OpenedFolders,
	type OpenedRecord,
	type OpenedSecrets,
} from './responses';
import type {
	KsmDeleteResult,
	KsmFileUpload,
	KsmFolder,
	KsmHttpFunction,
	KsmHttpResponse,
	KsmRecord,
	KsmRecordData,
	KsmSecrets,
} from './types';

/**
 * Keeper accepts only the version strings of its own SDKs; this client speaks the protocol of the
 * JavaScript SDK ("ms" prefix) at the version it was verified against.
 */
const KSM_CLIENT_VERSION = 'ms17.5.0';

export interface KsmRetryPolicy {
	/** Throttled attempts retried after the first one. */
	maxThrottleRetries: number;
	/** Longest total wait for one call, in milliseconds; a longer `retry_after` fails at once. */
	maxThrottleWaitMs: number;
}

const DEFAULT_KSM_RETRY_POLICY: Readonly<KsmRetryPolicy> = Object.freeze({
	maxThrottleRetries: 3,
	maxThrottleWaitMs: 60_000,
});

/** Keeper counts requests in a 10 s window that restarts with each request; waiting less only extends it. */
const THROTTLE_FALLBACK_DELAY_MS = 11_000;
/** Spread retries of parallel executions so they do not return in lockstep. */
const THROTTLE_JITTER = 0.1;
/** Key-id switches one call may follow before giving up (a server naming ids in a loop). */
const MAX_KEY_ROTATIONS = 3;
const MAX_SERVER_MESSAGE_LENGTH = 200;

/** Keeper Secrets Manager in the failures every API shares (every call is a POST, reads included). */
const KSM_WORDING: CommonWording = {
	name: 'Keeper Secrets Manager',
	api: 'Keeper Secrets Manager',
	unresolved: 'Check the hostname in the configuration.',
	unreachable: 'Check the network connection of the n8n instance and the hostname in the configuration.',
	redirect:
		'Requests are sealed for the configured host, so redirects are not followed. Check the hostname of the configuration and that no proxy answers in place of Keeper.',
	rateLimited: 'Too many requests reached Keeper in a short time. Run fewer executions at once, and try again in a minute.',
};

export interface KsmClientOptions {
	http: KsmHttpFunction;
	/**
	 * Server public keys of a custom host (IL5, self-hosted, a test server) by key id, URL-safe
	 * base64. They replace Keeper's published keys, so the client can follow the host's key rotation.
	 */
	customServerPublicKeys?: Readonly<Record<number, string>>;
	retry?: Partial<KsmRetryPolicy>;
}

export interface KsmRecordUpdate {
	recordUid: string;
	/** The revision the new data was based on; Keeper refuses the update if the record changed since. */
	revision: number;
	data: KsmRecordData;
	/** Files to detach; `data` should no longer list them in its `fileRef` field. */
	removeFileUids?: string[];
}

type Endpoint = 'get_secret' | 'get_folders' | 'update_secret' | 'create_secret' | 'delete_secret' | 'add_file';
/** Endpoints that change the vault, for the hint on an access refusal. */
const WRITE_ENDPOINTS: readonly Endpoint[] = ['update_secret', 'create_secret', 'delete_secret', 'add_file'];
/** Keeper answers these with an encrypted body, always; writes may answer with an empty one. */
const READS: ReadonlySet<string> = new Set(['get_secret', 'get_folders']);

interface ErrorBody {
	code: string | undefined;
	message: string | undefined;
	keyId: number | undefined;
	retryAfterSeconds: number | undefined;
}

/** Reads a configuration and returns a client for it; throws KsmConfigError when it is unusable. */
export function createKsmClient(configuration: unknown, options: KsmClientOptions): KsmClient {
	return new KsmClient(parseKsmConfig(configuration), options);
}

/**
 * A Keeper Secrets Manager client for one configuration. All keys live in this instance and in the
 * calls' own variables — nothing is cached per process — so clients for different applications
 * can run side by side.
 */
export class KsmClient {
	private readonly serverPublicKeys: ReadonlyMap<number, Buffer>;
	/** Follows Keeper's key rotation for later calls of this client. */
	private serverPublicKeyId: number;
	private readonly retry: KsmRetryPolicy;
	/**
	 * Records this client has read, with their keys, by UID. A record key never changes, so a write
	 * after a read needs no second read; the client lives for one execution, and so do the keys.
	 */
	private readonly opened = new Map<string, OpenedRecord>();

	constructor(
		private readonly config: KsmConfig,
		private readonly options: KsmClientOptions,
	) {
		this.serverPublicKeys = serverPublicKeyTable(config, options.customServerPublicKeys);
		this.serverPublicKeyId = config.serverPublicKeyId;
		this.serverPublicKeyFor(this.serverPublicKeyId); // an id without a key fails here, not on the first call
		this.retry = { ...DEFAULT_KSM_RETRY_POLICY, ...options.retry };
	}

	/** All records shared with the application, or only those with the given UIDs (none given: all). */
	async getSecrets(recordUids?: readonly string[]): Promise<KsmSecrets> {
		const opened = await this.fetchSecrets(recordUids);
		return { ...opened, records: opened.records.map(({ record }) => record) };
	}

	/** Shared folders of the application and their sub-folders. */
	async getFolders(): Promise<KsmFolder[]> {
		return (await this.fetchFolders()).folders;
	}

	/**
	 * Replaces a record's data, provided it is still at `update.revision`. The record key comes from
	 * this client's own read of the record; only a record it has not read yet is fetched first.
	 */
	async updateSecret(update: KsmRecordUpdate): Promise<void> {
		assertRecordData(update.data);
		if (!Number.isSafeInteger(update.revision)) throw new KsmError('The record revision must be a whole number');
		const current = await this.openedRecord(update.recordUid);
		const removed = update.removeFileUids ?? [];
		await this.call('update_secret', {
			recordUid: update.recordUid,
			data: encodeWebSafe64(aesGcmEncrypt(jsonBytes(update.data), current.recordKey)),
			revision: update.revision,
			...(removed.length > 0 ? { links2Remove: [...removed] } : {}),
		});
	}

	/** Deletes records; Keeper answers for each one, and only `ok` means it is gone. */
	async deleteSecrets(recordUids: readonly string[]): Promise<KsmDeleteResult[]> {
		const response = await this.call('delete_secret', { recordUids: [...recordUids] });
		const records = isObject(response) && Array.isArray(response.records) ? response.records : [];
		for (const uid of recordUids) this.opened.delete(uid);
		return records.filter(isObject).map((entry) => ({
			recordUid: typeof entry.recordUid === 'string' ? entry.recordUid : '',
			responseCode: typeof entry.responseCode === 'string' ? entry.responseCode : '',
			errorMessage: typeof entry.errorMessage === 'string' && entry.errorMessage ? singleLine(entry.errorMessage, MAX_SERVER_MESSAGE_LENGTH) : null,
		}));
	}

	/** The decrypted content of a file attached to `recordUid`. */
	async downloadFile(recordUid: string, fileUid: string): Promise<Buffer> {
		const file = (await this.openedRecord(recordUid)).files.get(fileUid);
		if (!file) throw new KsmError(`Record ${recordUid} has no file ${fileUid}`);
		if (!file.url) throw new KsmError(`Keeper sent no download address for file ${fileUid}`);
		const response = await this.transfer('GET', file.url, {}, Buffer.alloc(0), `download file ${fileUid}`);
		if (response.status !== 200) {
			throw new KsmError(
				`The file storage refused the download of file ${fileUid} (HTTP ${response.status})`,
				'Download addresses expire after a short time: run the node again.',
			);
		}
		const content = attempt(() => aesGcmDecrypt(response.body, file.key));
		if (!content) throw new KsmError(`File ${fileUid} could not be decrypted: its content is damaged or incomplete`);
		return content;
	}

	/**
	 * Attaches a file to `record` (as read, at its revision) the way the SDKs do: a file record under
	 * its own key, the key wrapped for the owner and linked under the record key, the record's
	 * `fileRef` field extended; then the encrypted content goes to the storage address Keeper names.
	 * Returns the new file's UID.
	 */
	async uploadFile(record: KsmRecord, file: KsmFileUpload): Promise<string> {
		const ownerPublicKey = this.requireOwnerPublicKey('attach files');
		const { recordKey } = await this.openedRecord(record.recordUid);
		const fileKeyBytes = randomBytes(32);
		const fileKey = createSecretKey(fileKeyBytes);
		const fileUid = newUid();
		const metadata = {
			name: file.name,
			size: file.content.length,
			title: file.title,
			lastModified: Date.now(),
			type: file.mimeType,
		};
		const data = structuredClone(record.data);
		const fileRef = data.fields.find((field) => field.type === 'fileRef');
		if (fileRef) fileRef.value = [...fileRef.value, fileUid];
		else data.fields.push({ type: 'fileRef', value: [fileUid] });
		const encryptedContent = aesGcmEncrypt(file.content, fileKey);

		const response = await this.call('add_file', {
			fileRecordUid: fileUid,
			fileRecordKey: eciesEncrypt(fileKeyBytes, ownerPublicKey).toString('base64'),
			fileRecordData: encodeWebSafe64(aesGcmEncrypt(jsonBytes(metadata), fileKey)),
			ownerRecordUid: record.recordUid,
			ownerRecordData: encodeWebSafe64(aesGcmEncrypt(jsonBytes(data), recordKey)),
			ownerRecordRevision: record.revision,
			linkKey: aesGcmEncrypt(fileKeyBytes, recordKey).toString('base64'),
			fileSize: encryptedContent.length,
		});
		const target = readUploadTarget(response);
		const boundary = `----------${randomBytes(12).toString('hex')}`;
		const status = (
			await this.transfer(
				'POST',
				target.url,
				{ 'Content-Type': `multipart/form-data; boundary=${boundary}` },
				multipartBody(boundary, target.parameters, encryptedContent),
				`upload file ${fileUid}`,
			)
		).status;
		if (status !== target.successStatusCode) {
			throw new KsmError(
				`The file storage refused the upload of file ${fileUid} (HTTP ${status})`,
				'The record now lists a file without content: remove it, and try the upload again.',
			);
		}
		return fileUid;
	}

	/**
	 * Creates a record in a shared folder the application may edit, or in one of its sub-folders,
	 * and returns the new record's UID.
	 */
	async createSecret(folderUid: string, data: KsmRecordData): Promise<string> {
		assertRecordData(data);
		const ownerPublicKey = this.requireOwnerPublicKey('create records');
		const folders = await this.fetchFolders();
		const sharedFolderUid = folders.sharedFolderOf.get(folderUid);
		const folderKey = sharedFolderUid === undefined ? undefined : folders.sharedFolderKeys.get(sharedFolderUid);
		if (sharedFolderUid === undefined || !folderKey) {
			throw new KsmError(
				`Folder ${folderUid} is not shared with this Secrets Manager application`,
				'Share the folder with the application (with edit rights) in the Keeper vault, or pick another folder.',
			);
		}
		const recordKeyBytes = randomBytes(32);
		const recordUid = newUid();
		await this.call('create_secret', {
			recordUid,
			// The owner can always open the record; the folder key lets everyone the folder is shared with.
			recordKey: eciesEncrypt(recordKeyBytes, ownerPublicKey).toString('base64'),
			folderUid: sharedFolderUid,
			folderKey: aesGcmEncrypt(recordKeyBytes, folderKey).toString('base64'),
			data: encodeWebSafe64(aesGcmEncrypt(jsonBytes(data), createSecretKey(recordKeyBytes))),
			...(sharedFolderUid === folderUid ? {} : { subFolderUid: folderUid }),
		});
		return recordUid;
	}

	private async fetchSecrets(recordUids?: readonly string[]): Promise<OpenedSecrets> {
		const request = recordUids && recordUids.length > 0 ? { requestedRecords: [...recordUids] } : {};
		const opened = openSecretsResponse(await this.call('get_secret', request), this.config.appKey);
		for (const record of opened.records) this.opened.set(record.record.recordUid, record);
		return opened;
	}

	/** The record with its keys, as this client last read it, or read now. */
	private async openedRecord(recordUid: string): Promise<OpenedRecord> {
		const known = this.opened.get(recordUid);
		if (known) return known;
		const read = (await this.fetchSecrets([recordUid])).records.find(({ record }) => record.recordUid === recordUid);
		if (!read) {
			throw new KsmError(
				`Record ${recordUid} is not shared with this Secrets Manager application`,
				'Check the record UID, and share the record or its folder with the application in the Keeper vault.',
			);
		}
		return read;
	}

	private requireOwnerPublicKey(purpose: string): Buffer {
		const ownerPublicKey = this.config.appOwnerPublicKey;
		if (!ownerPublicKey) {
			throw new KsmConfigError(
				`The configuration has no "appOwnerPublicKey", which is needed to ${purpose}`,
				'Export a fresh device configuration from the Keeper vault.',
			);
		}
		return ownerPublicKey;
	}

	/**
	 * A file transfer to the storage address Keeper named. It carries no Keeper credential (the
	 * address is pre-signed), must be https (plain http only on loopback), and its errors name the
	 * host only: the address itself is a short-lived secret.
	 */
	private async transfer(
		method: 'GET' | 'POST',
		url: string,
		headers: Record<string, string>,
		body: Buffer,
		what: string,
	): Promise<KsmHttpResponse> {
		if (!isTransferUrl(url)) throw new KsmError(`Keeper named a file storage address that is not https (${what})`);
		const outcome = await this.reach(url, headers, body, method);
		if ('response' in outcome) return outcome.response;
		// Only the network code: a message might quote the pre-signed address.
		throw new KsmError(
			`Could not reach the file storage at ${new URL(url).host} to ${what}${outcome.code ? `: ${outcome.code}` : ''}`,
			'Check the network connection of the n8n instance; files are stored apart from Keeper itself.',
		);
	}

	private async fetchFolders(): Promise<OpenedFolders> {
		return openFoldersResponse(await this.call('get_folders', {}), this.config.appKey);
	}

	/** One call: seal, send, and follow key rotation and throttling until Keeper answers or refuses. */
	private async call(endpoint: Endpoint, request: Record<string, unknown>): Promise<unknown> {
		const url = `${this.config.origin}/api/rest/sm/v1/${endpoint}`;
		const payload = jsonBytes({ clientVersion: KSM_CLIENT_VERSION, clientId: this.config.clientId, ...request });
		let keyRotations = 0;
		let throttledAttempts = 0;
		let waitedMs = 0;
		for (;;) {
			const keyId = this.serverPublicKeyId;
			const transmissionKeyBytes = randomBytes(32);
			const transmissionKey = createSecretKey(transmissionKeyBytes);
			const encryptedTransmissionKey = eciesEncrypt(transmissionKeyBytes, this.serverPublicKeyFor(keyId));
			const body = aesGcmEncrypt(payload, transmissionKey);
			const signature = signEcdsaSha256(Buffer.concat([encryptedTransmissionKey, body]), this.config.privateKey);
			const headers = {
				'Content-Type': 'application/octet-stream',
				PublicKeyId: String(keyId),
				TransmissionKey: encryptedTransmissionKey.toString('base64'),
				Authorization: `Signature ${signature.toString('base64')}`,
			};
			const response = await this.send(endpoint, url, headers, body);
			if (response.status === 200) {
				// An empty read is a proxy's or a broken server's answer, never "nothing shared".
				if (response.body.length === 0 && READS.has(endpoint)) {
					throw new KsmApiError(
						`Keeper Secrets Manager answered ${endpoint} with an empty body, not its encrypted answer`,
						endpoint,
						200,
						undefined,
						'Check the hostname of the configuration and that no proxy or captive portal answers in place of Keeper.',
					);
				}
				return parseResponseJson(openBody(response.body, transmissionKey, endpoint), endpoint);
			}

			const failure = readErrorBody(response.body);
			if (failure.code === 'key') {
				const wanted = failure.keyId;
				const usable = wanted !== undefined && wanted !== keyId && this.serverPublicKeys.has(wanted);
				if (!usable || keyRotations >= MAX_KEY_ROTATIONS) {
					throw this.keyRotationError(endpoint, response.status, keyId, wanted);
				}
				keyRotations++;
				this.serverPublicKeyId = wanted;
				continue;
			}
			if (response.status === 403 && failure.code === 'throttled') {
				const delayMs = throttleDelayMs(throttledAttempts, failure.retryAfterSeconds);
				const budgetLeft =
					throttledAttempts < this.retry.maxThrottleRetries && waitedMs + delayMs <= this.retry.maxThrottleWaitMs;
				if (!budgetLeft) {
					throw new KsmThrottledError(
						`Keeper Secrets Manager is throttling this application (${endpoint})`,
						endpoint,
						failure.retryAfterSeconds,
						'Too many requests reached Keeper in a short time. Run fewer executions at once, or ' +
							'read all needed records in one call, and try again in a minute.',
					);
				}
				throttledAttempts++;
				waitedMs += delayMs;
				await retryClock.sleep(delayMs);
				continue;
			}
			throw apiError(endpoint, response.status, failure, request);
		}
	}

	/** The injected HTTP call; a failure without a response becomes a KsmApiError with status 0. */
	private async send(
		endpoint: Endpoint,
		url: string,
		headers: Record<string, string>,
		body: Buffer,
	): Promise<KsmHttpResponse> {
		const outcome = await this.reach(url, headers, body, 'POST');
		if ('response' in outcome) return outcome.response;
		const reason = outcome.code ?? singleLine(outcome.message, MAX_SERVER_MESSAGE_LENGTH);
		const failure = { status: 0, method: 'POST', path: endpoint, body: undefined, networkCode: outcome.code };
		throw new KsmApiError(
			`Could not reach Keeper Secrets Manager at ${this.config.hostname} (${endpoint}): ${reason}`,
			endpoint,
			0,
			undefined,
			explainCommon(failure, KSM_WORDING).description,
		);
	}

	/** The injected HTTP call: its response, or what it failed with when no response arrived. */
	private async reach(
		url: string,
		headers: Record<string, string>,
		body: Buffer,
		method: 'GET' | 'POST',
	): Promise<{ response: KsmHttpResponse } | { code: string | undefined; message: string }> {
		return await Promise.resolve()
			.then(async () => await this.options.http(url, headers, body, method))
			.then(
				(response) => ({ response }),
				(error: unknown) => {
					const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
					return { code: typeof code === 'string' ? code : undefined, message: String(message ?? 'no response') };
				},
			);
	}

	private serverPublicKeyFor(keyId: number): Buffer {
		const key = this.serverPublicKeys.get(keyId);
		if (!key) throw new KsmConfigError(`No server public key is known for "serverPublicKeyId" ${keyId}`);
		return key;
	}

	private keyRotationError(endpoint: Endpoint, status: number, usedKeyId: number, wantedKeyId: number | undefined) {
		const wanted = wantedKeyId === undefined ? 'another key' : `key id ${wantedKeyId}`;
		return new KsmApiError(
			`Keeper asked for server public ${wanted}, which this client cannot use (it sent key id ${usedKeyId})`,
			endpoint,
			status,
			'key',
			this.config.serverPublicKey
				? 'The configuration carries a custom server public key that the server no longer accepts; ' +
						'export a fresh configuration.'
				: 'Update the n8n-nodes package: Keeper may have published a new server key.',
		);
	}
}

function serverPublicKeyTable(
	config: KsmConfig,
	custom: Readonly<Record<number, string>> | undefined,
): ReadonlyMap<number, Buffer> {
	const table = new Map<number, Buffer>();
	const keys = custom ?? (config.serverPublicKey ? {} : KEEPER_SERVER_PUBLIC_KEYS);
	for (const [id, text] of Object.entries(keys)) {
		const key = decodeBase64(text);
		if (!key || !isP256PublicKey(key)) {
			throw new KsmConfigError(`Server public key ${id} is not a P-256 public key`);
		}
		table.set(Number(id), key);
	}
	if (config.serverPublicKey) table.set(config.serverPublicKeyId, config.serverPublicKey);
	return table;
}

function openBody(body: Buffer, transmissionKey: KeyObject, endpoint: Endpoint): Buffer {
	if (body.length === 0) return body;
	const plaintext = attempt(() => aesGcmDecrypt(body, transmissionKey));
	if (!plaintext) throw new KsmError(`The response from Keeper to ${endpoint} could not be decrypted`);
	return plaintext;
}

function readErrorBody(body: Buffer): ErrorBody {
	const parsed: unknown = attempt(() => JSON.parse(body.toString('utf8')));
	const json = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
	const code = json.error ?? json.result_code;
	const retryAfter = Number(json.retry_after);
	return {
		code: typeof code === 'string' ? code : undefined,
		message: typeof json.message === 'string' && json.message ? singleLine(json.message, MAX_SERVER_MESSAGE_LENGTH) : undefined,
		keyId: Number.isInteger(json.key_id) ? (json.key_id as number) : undefined,
		retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
	};
}

function throttleDelayMs(retryIndex: number, retryAfterSeconds: number | undefined): number {
	const baseMs =
		retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : THROTTLE_FALLBACK_DELAY_MS * 2 ** retryIndex;
	// Never earlier than Keeper asked: an early retry is throttled again and restarts its window.
	return Math.ceil(baseMs * (1 + Math.random() * THROTTLE_JITTER));
}

function apiError(
	endpoint: Endpoint,
	status: number,
	failure: ErrorBody,
	request: Record<string, unknown>,
): KsmApiError {
	// Keeper documents no code for a stale revision: take `out_of_sync` or any refusal naming the revision.
	if (endpoint === 'update_secret' && (failure.code === 'out_of_sync' || /revision/i.test(failure.message ?? ''))) {
		return new KsmRevisionConflictError(
			`Record ${String(request.recordUid)} was changed after revision ${String(request.revision)} was read, ` +
				'so the update was refused',
			endpoint,
			status,
			failure.code,
			'Read the record again, reapply the change to its current data and update with the new revision.',
		);
	}
	if (status === 429 || status >= 500 || (status >= 300 && status < 400)) {
		const failed = { status, method: 'POST', path: endpoint, body: failure.message };
		const { message, description } = explainCommon(failed, KSM_WORDING);
		return new KsmApiError(message, endpoint, status, failure.code, description);
	}
	const message =
		`Keeper Secrets Manager refused ${endpoint} (HTTP ${status}${failure.code ? `, ${failure.code}` : ''})` +
		(failure.message ? `: ${failure.message}` : '');
	return new KsmApiError(message, endpoint, status, failure.code, explainRefusal(endpoint, status, failure));
}

function explainRefusal(endpoint: Endpoint, status: number, failure: ErrorBody): string | undefined {
	if (/signature/i.test(failure.message ?? '')) {
		return (
			'Keeper did not accept this device. It may have been removed from the application in the vault, ' +
			'or the configuration was altered; add a new device and use its configuration.'
		);
	}
	if (failure.code === 'invalid_client_version') {
		return 'Keeper no longer accepts this client version; update the n8n-nodes package.';
	}
	if (failure.code === 'access_denied' || status === 401 || status === 403) {
		return WRITE_ENDPOINTS.includes(endpoint)
			? 'The application may only read this record or folder: give it edit rights in the Keeper vault.'
			: 'The application or this device may have been removed or have expired in the Keeper vault.';
	}
	return undefined;
}

function assertRecordData(data: KsmRecordData): void {
	const problem = recordDataProblem(data);
	if (problem) throw new KsmError(`The record data is not valid: ${problem}`);
}

function recordDataProblem(data: KsmRecordData): string | undefined {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'it must be an object';
	if (typeof data.type !== 'string' || data.type === '') return '"type" must be a record type such as "login"';
	if (typeof data.title !== 'string') return '"title" must be a string';
	for (const section of ['fields', 'custom'] as const) {
		const fields: unknown = data[section];
		if (fields === undefined && section === 'custom') continue;
		if (!Array.isArray(fields)) return `"${section}" must be an array`;
		const index = fields.findIndex(
			(field: unknown) =>
				typeof field !== 'object' ||
				field === null ||
				typeof (field as { type?: unknown }).type !== 'string' ||
				!Array.isArray((field as { value?: unknown }).value),
		);
		if (index >= 0) return `${section}[${index}] needs a string "type" and an array "value"`;
	}
	return undefined;
}

/** What `add_file` answers: where to send the content, the form fields to send along, and the status meaning success. */
function readUploadTarget(response: unknown): { url: string; parameters: Record<string, string>; successStatusCode: number } {
	const body = isObject(response) ? response : {};
	const parameters: unknown =
		typeof body.parameters === 'string' ? attempt(() => JSON.parse(body.parameters as string)) : body.parameters;
	const status = Number(body.successStatusCode);
	if (typeof body.url !== 'string' || !isObject(parameters) || !Number.isInteger(status)) {
		throw new KsmError('Keeper accepted the file but did not say where to upload its content (add_file)');
	}
	return {
		url: body.url,
		parameters: Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, String(value)])),
		successStatusCode: status,
	};
}

/** The form the storage expects, laid out as the SDKs send it: the given fields, then the content as `file`. */
function multipartBody(boundary: string, fields: Record<string, string>, content: Buffer): Buffer {
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
	}
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="file"\r\nContent-Type: application/octet-stream\r\n\r\n`,
		),
		content,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	);
	return Buffer.concat(parts);
}

function jsonBytes(value: unknown): Buffer {
	return Buffer.from(JSON.stringify(value), 'utf8');
}
