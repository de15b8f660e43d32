/**
 * A Keeper Secrets Manager look-alike for tests. It speaks the real wire protocol with its own
 * server key pairs, so both this package's client and the official SDK talk to it unchanged:
 *
 * - our client: `createKsmClient(sandbox.applications.readOnly.config, { http: sandbox.http })` —
 *   the configurations carry `hostname: http://127.0.0.1:<port>` (plain http is accepted for
 *   loopback only) and the sandbox's key as `serverPublicKey`, so any HTTP function works, n8n's too;
 * - the official SDK: `{ storage: loadJsonConfig(config), queryFunction: sandbox.sdkQueryFunction }`
 *   (the SDK always builds https URLs; the query function sends them to the sandbox).
 *
 * File contents live on the same loopback server under /files, at pre-signed addresses `get_secret`
 * and `add_file` hand out. The SDK fetches them itself with `https.request`; after
 * `setCustomProxyAgent(sdkFileAgent())` it reaches those plain-http loopback addresses.
 */
export { startKsmSandbox } from './server';
export type {
	KsmRequestLogEntry,
	KsmSandbox,
	KsmSandboxFaults,
	KsmSandboxOptions,
	SandboxApplication,
} from './server';
export { loopbackHttp, sdkFileAgent, sdkQueryFunction } from './loopback';
export { fieldValue, fieldValues } from './fields';
export { RecordFactory } from './seed';
export type { KsmVault, VaultRecordView } from './vault';
