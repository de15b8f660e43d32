export { createKsmClient, DEFAULT_KSM_RETRY_POLICY, KsmClient, KSM_CLIENT_VERSION } from './client';
export type { KsmClientOptions, KsmRecordUpdate, KsmRetryPolicy } from './client';
export { HOW_TO_GET_A_CONFIGURATION, KEEPER_REGION_HOSTS, parseKsmConfig, readKsmConfigObject } from './config';
export type { KsmConfig } from './config';
export { KsmApiError, KsmConfigError, KsmError, KsmRevisionConflictError, KsmThrottledError } from './errors';
export {
	findField,
	findRecordsByTitle,
	getFieldValue,
	getFieldValues,
	simplifyRecord,
	withFieldValues,
} from './fields';
export type { FieldSection, SimplifiedRecord } from './fields';
export { KEEPER_SERVER_PUBLIC_KEYS } from './publicKeys';
export type {
	KsmField,
	KsmFile,
	KsmFileData,
	KsmFolder,
	KsmDeleteResult,
	KsmFileUpload,
	KsmHttpFunction,
	KsmHttpResponse,
	KsmRecord,
	KsmRecordData,
	KsmSecrets,
} from './types';
