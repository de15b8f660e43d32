import { FILE_OPERATIONS } from './file';
import { PASSWORD_OPERATIONS } from './password';
import { SECRET_OPERATIONS } from './secret';
import type { KsmOperation, KsmResource } from './types';

/** In the editor's (alphabetical) order; Secret is the default. */
export const RESOURCES: ReadonlyArray<{ value: KsmResource; name: string; description: string; defaultOperation: string }> = [
	{ value: 'file', name: 'File', description: 'A file attached to a record', defaultOperation: 'download' },
	{
		value: 'password',
		name: 'Password',
		description: 'A new random password, generated locally',
		defaultOperation: 'generate',
	},
	{
		value: 'secret',
		name: 'Secret',
		description: 'A record of the Keeper vault shared with the Secrets Manager application',
		defaultOperation: 'get',
	},
];

/** Every operation of the node; each resource lists its own in this order. */
export const OPERATIONS: readonly KsmOperation[] = [...SECRET_OPERATIONS, ...FILE_OPERATIONS, ...PASSWORD_OPERATIONS];
