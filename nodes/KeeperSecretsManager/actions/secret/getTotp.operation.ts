import { KsmError } from '../../transport';
import { namedField } from '../../helpers/notation';
import { totpCode } from '../../helpers/totp';
import { readRecordLookup, recordLocator } from '../common.descriptions';
import type { KsmOperation } from '../types';

export const getTotpCode: KsmOperation = {
	resource: 'secret',
	value: 'getTotp',
	name: 'Get TOTP Code',
	action: 'Get a one-time code of a secret',
	description:
		"Compute the current one-time code (TOTP) from the record's one-time code field, as the Keeper apps show it, with the seconds it stays valid",
	properties: [recordLocator],
	async execute(context, itemIndex) {
		const record = await (await context.vault()).find(readRecordLookup(this, itemIndex));
		const [uri] = namedField(record.data, 'oneTimeCode')?.value ?? [];
		if (typeof uri !== 'string' || uri === '') {
			throw new KsmError(
				`Record ${record.recordUid} has no one-time code`,
				'Add a one-time code (TOTP) to the record in the Keeper vault, or pick a record that has one.',
			);
		}
		const { code, secondsLeft, period } = totpCode(uri, Date.now() / 1000);
		return [{ uid: record.recordUid, title: record.data.title, code, secondsLeft, period }];
	},
};
