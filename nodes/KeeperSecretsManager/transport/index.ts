export { createKsmClient, KsmClient } from './client';
export type { KsmClientOptions } from './client';
export { HOW_TO_GET_A_CONFIGURATION, parseKsmConfig, readKsmConfigObject } from './config';
export { KsmApiError, KsmConfigError, KsmError, KsmRevisionConflictError, KsmThrottledError } from './errors';
export type {
	KsmField,
	KsmFile,
	KsmFileData,
	KsmFolder,
	KsmHttpFunction,
	KsmHttpResponse,
	KsmRecord,
	KsmRecordData,
} from './types';
