import type { KsmOperation } from '../types';
import { deleteFile } from './delete.operation';
import { downloadFile } from './download.operation';
import { uploadFile } from './upload.operation';

/** Every operation on files, in the order the editor lists them. */
export const FILE_OPERATIONS: readonly KsmOperation[] = [deleteFile, downloadFile, uploadFile];
