import type { SecretOperation } from '../types';
import { createSecret } from './create.operation';
import { getSecret } from './get.operation';
import { getManySecrets } from './getAll.operation';
import { getSecretValue } from './getValue.operation';
import { updateSecret } from './update.operation';

/** Every operation on secrets, in the order the editor lists them. */
export const SECRET_OPERATIONS: readonly SecretOperation[] = [
	createSecret,
	getSecret,
	getManySecrets,
	getSecretValue,
	updateSecret,
];
