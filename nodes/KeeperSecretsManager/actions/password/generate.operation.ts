import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsProperty } from '../../../shared/helpers/descriptions';
import { generatePassword, MAX_PASSWORD_LENGTH, type PasswordClass } from '../../helpers/password';
import type { KsmOperation } from '../types';

/** In the editor's (alphabetical) order. */
const CLASSES: ReadonlyArray<{ value: PasswordClass; name: string }> = [
	{ value: 'digits', name: 'Digits' },
	{ value: 'lowercase', name: 'Lowercase Letters' },
	{ value: 'special', name: 'Special Characters' },
	{ value: 'uppercase', name: 'Uppercase Letters' },
];

export const generatePasswordOperation: KsmOperation = {
	resource: 'password',
	value: 'generate',
	name: 'Generate',
	action: 'Generate a password',
	description:
		'Generate a random password of a given length and character classes, locally and without the vault, e.g. to set it with Update for a rotation',
	properties: [
		{
			displayName: 'Length',
			name: 'length',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PASSWORD_LENGTH },
			default: 32,
		},
		{
			displayName: 'Character Classes',
			name: 'classes',
			type: 'multiOptions',
			options: CLASSES.map(({ value, name }) => ({ value, name })),
			default: [...CLASSES.map(({ value }) => value)],
			description: 'The kinds of characters the password is made of',
		},
		optionsProperty([
			...CLASSES.map(
				({ value, name }): INodeProperties => ({
					displayName: `Minimum ${name}`,
					name: value,
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 1,
				}),
			),
			{
				displayName: 'Special Characters',
				name: 'specialCharacters',
				type: 'string',
				default: '!@#$%()+;=?[]{}^.,',
				description: 'The special characters to choose from',
			},
		]),
	],
	async execute(_context, itemIndex) {
		const classes = this.getNodeParameter('classes', itemIndex, []) as PasswordClass[];
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		// Each selected class appears at least once unless its minimum says otherwise.
		const minimums = Object.fromEntries(
			classes.map((name) => [name, typeof options[name] === 'number' ? options[name] : 1]),
		) as Partial<Record<PasswordClass, number>>;
		const length = this.getNodeParameter('length', itemIndex) as number;
		const result = generatePassword({
			length,
			minimums,
			specialCharacters: typeof options.specialCharacters === 'string' ? options.specialCharacters : undefined,
		});
		if ('problem' in result) {
			throw new NodeOperationError(this.getNode(), `The password rules cannot be met: ${result.problem}`, {
				description: 'Pick at least one character class, and a length of at least the sum of the minimums.',
				itemIndex,
			});
		}
		return [{ password: result.password, length }];
	},
};
