import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { UserFacingError } from './errors';

/**
 * Node parameters and ids as they arrive: an expression may yield any JSON value, so each is
 * type-checked here and a wrong one is named, never turned into "[object Object]".
 */

/** A JSON object: not null, not a list. */
export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A value an API sent, as text: strings trimmed, finite numbers as their digits (ids arrive as
 * either); null for an empty string and anything else.
 */
export function textOrNull(value: unknown): string | null {
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
	if (typeof value !== 'string') return null;
	return value.trim() || null;
}

function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'number') return `the number ${String(value)}`;
	return `a ${typeof value}`;
}

/** A text parameter, trimmed ('' when empty); a finite number counts as its digits. */
export function textValue(value: unknown, label: string): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new UserFacingError(
		`"${label}" must be text, but it is ${kindOf(value)}`,
		`Give "${label}" a text value. When it is an expression, make it return a single text field, for example {{ $json.email }} rather than {{ $json }}.`,
	);
}

/** A yes/no parameter; undefined when not given. */
export function booleanValue(value: unknown, label: string): boolean | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	if (typeof value === 'boolean') return value;
	throw new UserFacingError(
		`"${label}" must be true or false, but it is ${kindOf(value)}`,
		`Switch "${label}" on or off, or make its expression return true or false.`,
	);
}

/**
 * The text filters of a filter collection by their n8n properties, each trimmed and
 * type-checked under its display name; empty ones are left out.
 */
export function textFilters(parameters: IDataObject, properties: readonly INodeProperties[]): Record<string, string | undefined> {
	return Object.fromEntries(
		properties
			.filter((property) => property.type === 'string')
			.map((property) => [property.name, textValue(parameters[property.name], property.displayName) || undefined]),
	);
}

/** An email address in the shape every directory here accepts (one @, a dot in the domain, no spaces). */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What one kind of id looks like, declared by the provider that knows it. */
export interface IdRule {
	/** The id in messages, e.g. "<product> user ID". */
	readonly label: string;
	readonly pattern: RegExp;
	/** What a valid id looks like and where to find one. */
	readonly hint: string;
}

/** Characters that would change which resource a URL path names, once the server decodes it. */
const PATH_CHARACTERS = /[/\\?#%\s\u0000-\u001f\u007f]/;

/**
 * An id checked before anything is sent: text, not empty, not `.`/`..`, without path characters
 * (`/`, `\`, `?`, `#`, `%`, spaces), and of the provider's shape.
 */
export function checkedId(value: unknown, rule: IdRule): string {
	const id = textValue(value, rule.label);
	if (!id) throw new UserFacingError(`The ${rule.label} is empty`, rule.hint);
	if (/^\.+$/.test(id) || PATH_CHARACTERS.test(id) || !rule.pattern.test(id)) {
		throw new UserFacingError(`"${id}" is not a ${rule.label}`, rule.hint);
	}
	return id;
}

/** A URL path below a collection for one id: the one place ids enter request paths. */
export function resourcePath(collection: string, id: unknown, rule: IdRule, suffix = ''): string {
	return `${collection}/${encodeURIComponent(checkedId(id, rule))}${suffix}`;
}
