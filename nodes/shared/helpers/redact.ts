import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

const REDACTED = '[redacted]';
/** Very short values would mangle messages and are not secrets worth hiding. */
const MIN_SECRET_LENGTH = 4;

/** What a message needs to be cleaned of: the secret texts and the parameter names that carry them. */
export interface Secrets {
	/** Every spelling of every secret, longest first so that overlapping values redact whole. */
	readonly values: readonly string[];
	/** Names whose `name=value` or `"name": "value"` pairs are redacted whole, however the value is spelled. */
	readonly parameterNames: readonly string[];
}

function base64Forms(text: string): string[] {
	const standard = Buffer.from(text, 'utf8').toString('base64');
	const unpadded = standard.replace(/=+$/, '');
	return [standard, unpadded, unpadded.replace(/\+/g, '-').replace(/\//g, '_')];
}

/** Each way a value can be written into a URL, a form, a JSON text or an Authorization header. */
function spellings(value: string): string[] {
	const component = encodeURIComponent(value);
	const rfc3986 = component.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
	const form = new URLSearchParams({ value }).toString().slice('value='.length);
	const json = JSON.stringify(value).slice(1, -1);
	const jsonAscii = json.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	return [value, component, rfc3986, form, json, jsonAscii, ...base64Forms(value), ...base64Forms(`Bearer ${value}`)];
}

/**
 * The secrets of a credential: its secret fields' values as stored and trimmed (what requests
 * send), each in every spelling above, plus the base64 of `<other field>:<secret>` (HTTP Basic
 * credentials), and the secret fields' names for `name=value` pairs.
 */
export function secretValues(credentials: ICredentialDataDecryptedObject, fields: readonly string[]): Secrets {
	const texts = (field: string) => {
		const value = credentials[field];
		return typeof value === 'string' ? [value, value.trim()] : [];
	};
	const secrets = fields.flatMap(texts).filter((value) => value.length >= MIN_SECRET_LENGTH);
	const others = Object.keys(credentials).flatMap(texts).filter(Boolean);
	const basic = secrets.flatMap((secret) => others.flatMap((user) => base64Forms(`${user}:${secret}`)));
	const values = [...new Set([...secrets.flatMap(spellings), ...basic])].filter(
		(value) => value.length >= MIN_SECRET_LENGTH,
	);
	return {
		values: values.sort((a, b) => b.length - a.length),
		parameterNames: [...new Set(['password', ...fields])],
	};
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes each secret, in any spelling, from a text that may reach a message or a log; then the
 * whole value of each secret parameter (`password=…` up to the next `&`, quote or line end, since
 * a value with spaces may be echoed decoded, and `"password": "…"`).
 */
export function redact(text: string, secrets: Secrets): string {
	let safe = text;
	for (const secret of secrets.values) safe = safe.split(secret).join(REDACTED);
	for (const name of secrets.parameterNames) {
		const key = escapeRegExp(name);
		safe = safe
			.replace(new RegExp(`(^|[^a-z0-9])(${key})(=|%3D)[^&\\r\\n"'<>]*`, 'gi'), `$1$2$3${REDACTED}`)
			.replace(new RegExp(`("${key}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`);
	}
	return safe;
}
