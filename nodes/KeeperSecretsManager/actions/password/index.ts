import type { KsmOperation } from '../types';
import { generatePasswordOperation } from './generate.operation';

export const PASSWORD_OPERATIONS: readonly KsmOperation[] = [generatePasswordOperation];
