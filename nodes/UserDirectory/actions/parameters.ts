import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UserFacingError } from '../../shared/helpers/errors';
import { checkedId, textValue } from '../../shared/helpers/values';
import type { OperationContext } from './types';
import { groupSupport } from './group/support';

/** Parameter readers, parameter builders and output helpers shared by the operations. */

export function textField(displayName: string, name: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName, name, type: 'string', default: '', ...extra };
}

export function externalIdField(owner: 'user' | 'group'): INodeProperties {
	return textField('External ID', 'externalId', {
		description: `The ${owner}'s ID in your HR system or identity provider, for matching records later`,
	});
}

export const userIdProperty = textField('User ID', 'userId', {
	required: true,
	description: "The user's Keeper ID (a number), as returned by Get Many, Create or the trigger (the `id` field)",
});

export const groupIdProperty = textField('Group ID', 'groupId', {
	required: true,
	description: "The team's Team UID, as returned by Get Many on groups or Create (the `id` field)",
});

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

/** A required text parameter, trimmed; an empty or non-text value fails this item with a hint to fix it. */
export function requiredText(this: IExecuteFunctions, parameter: string, itemIndex: number, label: string): string {
	const text = textValue(this.getNodeParameter(parameter, itemIndex), label);
	if (!text) {
		throw new NodeOperationError(this.getNode(), `The ${label} is empty`, {
			description: `Enter the ${label}, or map it from a previous node with an expression. When mapping, check that the input item has the field.`,
			itemIndex,
		});
	}
	return text;
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

/** The `userId` parameter, checked against the provider's rule before anything is sent. */
export function requiredUserId(this: IExecuteFunctions, context: OperationContext, itemIndex: number): string {
	return checkedId(requiredText.call(this, 'userId', itemIndex, 'User ID'), context.provider.idRules.user);
}

/** The `groupId` parameter, checked against the provider's rule before anything is sent. */
export function requiredGroupId(this: IExecuteFunctions, context: OperationContext, itemIndex: number): string {
	const { idRule } = groupSupport(this.getNode(), context.provider);
	return checkedId(requiredText.call(this, 'groupId', itemIndex, 'Group ID'), idRule);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address as Keeper signs users in with it; anything else fails this item. */
export function checkedEmail(email: string): string {
	if (!EMAIL.test(email)) {
		throw new UserFacingError(
			`"${email}" is not an email address`,
			'Keeper users sign in with their email address: enter one such as name@example.com.',
		);
	}
	return email;
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
	return context.provider.normaliseUser(raw) as unknown as IDataObject;
}

export function unifiedGroup(this: IExecuteFunctions, context: OperationContext, raw: IDataObject): IDataObject {
	return groupSupport(this.getNode(), context.provider).normaliseGroup(raw) as unknown as IDataObject;
}
