import type { KsmOperation } from '../types';
import { createSecret } from './create.operation';
import { deleteSecret } from './delete.operation';
import { getSecret } from './get.operation';
import { getManySecrets } from './getAll.operation';
import { getTotpCode } from './getTotp.operation';
import { getSecretValue } from './getValue.operation';
import { updateSecret } from './update.operation';

/** Every operation on secrets, in the order the editor lists them. */
export const SECRET_OPERATIONS: readonly KsmOperation[] = [
	createSecret,
	deleteSecret,
	getSecret,
	getManySecrets,
	getTotpCode,
	getSecretValue,
	updateSecret,
];
