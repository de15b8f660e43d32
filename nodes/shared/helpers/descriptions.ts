import type { INodeProperties } from 'n8n-workflow';

/**
 * Node parameters every node here shows alike, built in one place so that their names, defaults
 * and wording stay the same across nodes.
 */

/** A collection of optional values ("Options", "Filters", "Additional Fields"), none set by default. */
export function collectionProperty(
	label: { displayName: string; name: string; placeholder: string },
	options: INodeProperties[],
	more: Partial<INodeProperties> = {},
): INodeProperties {
	return { ...label, type: 'collection', default: {}, options, ...more };
}

/** The "Options" collection of an operation. */
export function optionsProperty(options: INodeProperties[], more: Partial<INodeProperties> = {}): INodeProperties {
	return collectionProperty({ displayName: 'Options', name: 'options', placeholder: 'Add Option' }, options, more);
}

/** The Simplify switch: on by default, `whatItReturns` says what it returns instead of the raw record. */
export function simplifyProperty(whatItReturns: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: `Whether to return ${whatItReturns}`,
	};
}

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};
