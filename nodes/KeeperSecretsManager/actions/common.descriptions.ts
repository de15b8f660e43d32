import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { simplifyProperty as simplify } from '../../shared/helpers/descriptions';
import { textValue } from '../../shared/helpers/values';
import type { CustomFieldInput } from '../helpers/recordData';
import type { RecordLookup } from '../helpers/vault';

export const recordLocator: INodeProperties = {
	displayName: 'Record',
	name: 'record',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The record, by its 22-character UID or its exact title (case-sensitive). Titles need not be unique: if several records share one, use the UID.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchRecords', searchable: true },
		},
		{
			displayName: 'By UID',
			name: 'id',
			type: 'string',
			placeholder: 'bf3dg-99-JuhoaeswgtFxg',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^\\s*[A-Za-z0-9_-]{22}\\s*$',
						errorMessage: 'A record UID is 22 letters, digits, - or _',
					},
				},
			],
		},
		{
			displayName: 'By Title',
			name: 'title',
			type: 'string',
			placeholder: 'MySQL Credentials',
		},
	],
};

export function readRecordLookup(context: IExecuteFunctions, itemIndex: number): RecordLookup {
	const locator = context.getNodeParameter('record', itemIndex) as INodeParameterResourceLocator;
	return { by: locator.mode === 'title' ? 'title' : 'uid', value: String(locator.value ?? '') };
}

export const simplifyProperty = simplify(
	'fields under plain names (login, password, URL, host, port, custom fields by label) instead of the record exactly as Keeper Secrets Manager defines it',
);

export const customFieldsProperty: INodeProperties = {
	displayName: 'Custom Fields',
	name: 'customFields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Custom Field',
	default: {},
	description: 'Custom fields by label: an existing field with the label is overwritten, any other is added',
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{
					displayName: 'Label',
					name: 'label',
					type: 'string',
					default: '',
					placeholder: 'API Key',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description: 'The value to store; empty clears the field',
				},
				{
					displayName: 'Hidden',
					name: 'hidden',
					type: 'boolean',
					default: false,
					description: 'Whether a new field is a hidden (secret) field that the Keeper vault masks',
				},
			],
		},
	],
};

/** The Custom Fields collection of an item as record changes; every entry needs a label. */
export function readCustomFields(
	context: IExecuteFunctions,
	collection: IDataObject | undefined,
	itemIndex: number,
): CustomFieldInput[] {
	const entries = (collection?.field as IDataObject[] | undefined) ?? [];
	return entries.map((entry) => {
		const label = textValue(entry.label, 'Label');
		if (!label) {
			throw new NodeOperationError(context.getNode(), 'A custom field has no label', {
				description: 'Give every custom field a label: Keeper finds custom fields by label.',
				itemIndex,
			});
		}
		return { label, value: String(entry.value ?? ''), hidden: entry.hidden === true };
	});
}
