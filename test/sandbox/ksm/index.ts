/**
 * A Keeper Secrets Manager look-alike for tests. It speaks the real wire protocol with its own
 * server key pairs, so both this package's client and the official SDK talk to it unchanged:
 *
 * - our client: `createKsmClient(sandbox.applications.readOnly.config, { http: sandbox.http })` —
 *   the configurations carry `hostname: http://127.0.0.1:<port>` (plain http is accepted for
 *   loopback only) and the sandbox's key as `serverPublicKey`, so any HTTP function works, n8n's too;
 * - the official SDK: `{ storage: loadJsonConfig(config), queryFunction: sandbox.sdkQueryFunction }`
 *   (the SDK always builds https URLs; the query function sends them to the sandbox).
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
export { RecordFactory } from './seed';
export type { KsmVault, VaultRecordView } from './vault';
