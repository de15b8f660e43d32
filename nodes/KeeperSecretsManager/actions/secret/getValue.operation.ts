import type { IDataObject } from 'n8n-workflow';

import { parseNotation, selectValue } from '../../helpers/notation';
import type { KsmOperation } from '../types';

export const getSecretValue: KsmOperation = {
	resource: 'secret',
	value: 'getValue',
	name: 'Get Value',
	action: 'Get a secret value by Keeper notation',
	description:
		'Read one value with Keeper notation, such as keeper://&lt;record UID or title&gt;/field/password, and return it as {value}. Best when only a single value (a password, an API key) is needed.',
	properties: [
		{
			displayName: 'Notation',
			name: 'notation',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'keeper://bf3dg-99-JuhoaeswgtFxg/field/password',
			description:
				'Keeper notation: keeper://&lt;record UID or title&gt;/field/&lt;type&gt;, /custom_field/&lt;label&gt;, /type, /title, /notes or /file/&lt;file name&gt;. Add [n] for the n-th value, [] for all values and [n][property] for part of a value, as in keeper://MySQL Credentials/field/host[0][port].',
		},
	],
	async execute(context, itemIndex) {
		const notation = parseNotation(this.getNodeParameter('notation', itemIndex) as string);
		const record = await (await context.vault()).find({ by: 'uidOrTitle', value: notation.record });
		return [{ value: selectValue(record, notation) as IDataObject[string] }];
	},
};
