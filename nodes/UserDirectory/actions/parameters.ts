import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectionProperty } from '../../shared/helpers/descriptions';
import { checkedId, textValue, type IdRule } from '../../shared/helpers/values';
import type { DirectoryProvider } from '../../shared/providers/types';
import { groupsOf } from './capabilities';
import { SEARCH_REACH } from './paging';
import type { OperationContext } from './types';

/** Parameter readers, parameter builders and output helpers shared by the operations. */

export function textField(displayName: string, name: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName, name, type: 'string', default: '', ...extra };
}

export function externalIdField(owner: 'user' | 'group'): INodeProperties {
	return textField('External ID', 'externalId', {
		description: `The ${owner}'s ID in your HR system or identity provider, for matching records later`,
	});
}

/**
 * The rule's pattern as n8n's editor checks a typed id, with the spaces around it that the node
 * trims (n8n refuses to run a workflow whose typed id fails this check). Rules are anchored.
 */
function editorPattern(rule: IdRule): string {
	return `^\\s*(?:${rule.pattern.source.replace(/^\^/, '').replace(/\$$/, '')})\\s*$`;
}

/** A picker's description: what to pick, then how far its list searches. */
export function pickerDescription(kind: 'user' | 'group', description = ''): string {
	return `${description} The list searches the first ${SEARCH_REACH} ${kind === 'user' ? 'users by name, email' : 'groups by name'} or ID; pick others By ID.`.trim();
}

/**
 * A user or group picker: "From List" searches the directory (methods/listSearch.ts), "By ID"
 * takes an id typed or mapped, checked in the editor with the provider's rule. Nodes saved when
 * these were text fields hold a plain id, which reads the same (see requiredId).
 */
export function idLocator(
	kind: 'user' | 'group',
	rule: IdRule,
	extra: Pick<INodeProperties, 'description' | 'placeholder'> = {},
): INodeProperties {
	const { description, placeholder } = extra;
	return {
		displayName: kind === 'user' ? 'User' : 'Group',
		name: kind === 'user' ? 'userId' : 'groupId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: pickerDescription(kind, description),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${kind}...`,
				typeOptions: { searchListMethod: kind === 'user' ? 'searchUsers' : 'searchGroups', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder,
				validation: [
					{ type: 'regex', properties: { regex: editorPattern(rule), errorMessage: `Not a ${rule.label}: ${rule.hint}` } },
				],
			},
		],
	};
}

/** The user picker of a provider's operations, in the provider's words where it has them. */
export function userIdProperty(provider: DirectoryProvider): INodeProperties {
	const { description, placeholder } = provider.wording.pickers?.user ?? {};
	return idLocator('user', provider.users.idRule, {
		description:
			description ?? `The user, or their ${provider.users.idRule.label} as returned by Get Many or the trigger (the \`id\` field).`,
		placeholder,
	});
}

/** The group picker of a provider's group operations (offered only with groups), in its words. */
export function groupIdProperty(provider: DirectoryProvider): INodeProperties {
	const rule = provider.groups?.idRule;
	if (!rule) throw new Error(`${provider.displayName} has no groups to pick from`);
	const { description, placeholder } = provider.wording.pickers?.group ?? {};
	return idLocator('group', rule, {
		description: description ?? `The group, or its ${rule.label} as returned by Get Many on groups (the \`id\` field).`,
		placeholder,
	});
}

/** "Additional Fields" (optional inputs of a create) or "Update Fields" (what an update changes). */
export function fieldCollection(kind: 'additional' | 'update', options: INodeProperties[]): INodeProperties {
	return {
		displayName: kind === 'update' ? 'Update Fields' : 'Additional Fields',
		name: kind === 'update' ? 'updateFields' : 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		...(kind === 'update'
			? { description: 'Fields to change; fields not added here (or left empty) keep their current value' }
			: {}),
		options,
	};
}

/** A required text value, trimmed; an empty or non-text value fails this item with a hint to fix it. */
function requiredValue(this: IExecuteFunctions, value: unknown, itemIndex: number, label: string): string {
	const text = textValue(value, label);
	if (!text) {
		throw new NodeOperationError(this.getNode(), `The ${label} is empty`, {
			description: `Enter the ${label}, or map it from a previous node with an expression. When mapping, check that the input item has the field.`,
			itemIndex,
		});
	}
	return text;
}

/** A required text parameter, trimmed; an empty or non-text value fails this item with a hint to fix it. */
export function requiredText(this: IExecuteFunctions, parameter: string, itemIndex: number, label: string): string {
	return requiredValue.call(this, this.getNodeParameter(parameter, itemIndex), itemIndex, label);
}

/** An optional text parameter, trimmed; undefined when empty. */
export function optionalText(
	this: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	label: string,
): string | undefined {
	return textValue(this.getNodeParameter(parameter, itemIndex, ''), label) || undefined;
}

/**
 * The id a picker (idLocator) holds, checked against the provider's rule before anything is sent.
 * n8n extracts the value of a `{ __rl, mode, value }` locator and hands a plain id (a node saved
 * before the pickers) through unchanged.
 */
function requiredId(this: IExecuteFunctions, parameter: string, itemIndex: number, label: string, rule: IdRule): string {
	const value = this.getNodeParameter(parameter, itemIndex, undefined, { extractValue: true });
	return checkedId(requiredValue.call(this, value, itemIndex, label), rule);
}

/** The `userId` parameter, checked against the provider's rule before anything is sent. */
export function requiredUserId(this: IExecuteFunctions, context: OperationContext, itemIndex: number): string {
	return requiredId.call(this, 'userId', itemIndex, 'User ID', context.provider.users.idRule);
}

/** The `groupId` parameter, checked against the provider's rule before anything is sent. */
export function requiredGroupId(this: IExecuteFunctions, context: OperationContext, itemIndex: number): string {
	const { idRule } = groupsOf(this.getNode(), context.provider);
	return requiredId.call(this, 'groupId', itemIndex, 'Group ID', idRule);
}

/**
 * The filled-in fields of a collection parameter, trimmed. Empty values are left out, so that an
 * expression resolving to nothing never blanks a field in the directory.
 */
export function filledFields<K extends string>(
	this: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	names: readonly K[],
): Partial<Record<K, string>> {
	const collection = this.getNodeParameter(parameter, itemIndex, {}) as IDataObject;
	const fields: Partial<Record<K, string>> = {};
	for (const name of names) {
		const text = textValue(collection[name], name);
		if (text) fields[name] = text;
	}
	return fields;
}

/** The filled-in fields of an "Update Fields" collection; none at all fails this item. */
export function updateFields<K extends string>(
	this: IExecuteFunctions,
	itemIndex: number,
	names: readonly K[],
): Partial<Record<K, string>> {
	const changes = filledFields.call(this, 'updateFields', itemIndex, names);
	if (Object.keys(changes).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			description: 'Add at least one field under "Update Fields" and give it a value.',
			itemIndex,
		});
	}
	return changes;
}

export function unifiedUser(context: OperationContext, raw: IDataObject): IDataObject {
	return context.provider.users.normalise(raw);
}

export function unifiedGroup(this: IExecuteFunctions, context: OperationContext, raw: IDataObject): IDataObject {
	return groupsOf(this.getNode(), context.provider).normalise(raw);
}

/** The raw user named by the `userId` parameter; a clear error when it does not exist. */
export async function userOfItem(this: IExecuteFunctions, context: OperationContext, itemIndex: number): Promise<IDataObject> {
	const userId = requiredUserId.call(this, context, itemIndex);
	return await context.provider.users.get(await context.transport(), userId);
}

/** The Filters collection of a Get Many, with the provider's filters as its options. */
export function filtersProperty(options: INodeProperties[]): INodeProperties {
	return collectionProperty({ displayName: 'Filters', name: 'filters', placeholder: 'Add Filter' }, options);
}
