import { namedField } from '../../../nodes/KeeperSecretsManager/helpers/notation';
import type { KsmRecordData } from '../../../nodes/KeeperSecretsManager/transport';

/**
 * All values of a field of record data, found by the node's own rule (a standard field by type or
 * label, else a custom one); [] when the record has no such field.
 */
export function fieldValues(data: KsmRecordData, typeOrLabel: string): unknown[] {
	return namedField(data, typeOrLabel)?.value ?? [];
}

/** The first value of a field, e.g. the password of a login record; undefined when it has none. */
export function fieldValue(data: KsmRecordData, typeOrLabel: string): unknown {
	return fieldValues(data, typeOrLabel)[0];
}
