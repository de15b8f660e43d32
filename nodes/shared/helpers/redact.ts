import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

const REDACTED = '[redacted]';
/** Very short values would mangle messages and are not secrets worth hiding. */
const MIN_SECRET_LENGTH = 4;

/**
 * The values of a credential's secret fields, longest first so that overlapping values redact
 * whole: as stored and trimmed (what the requests send), each raw and as URLs encode it
 * (encodeURIComponent, RFC 3986 as n8n's query strings, and form encoding).
 */
export function secretValues(credentials: ICredentialDataDecryptedObject, fields: readonly string[]): string[] {
	const encodings = (value: string) => {
		const component = encodeURIComponent(value);
		const rfc3986 = component.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
		const form = new URLSearchParams({ value }).toString().slice('value='.length);
		return [value, component, rfc3986, form];
	};
	return [
		...new Set(
			fields
				.map((field) => credentials[field])
				.flatMap((value) => (typeof value === 'string' ? [value, value.trim()] : []))
				.filter((value) => value.length >= MIN_SECRET_LENGTH)
				.flatMap(encodings),
		),
	].sort((a, b) => b.length - a.length);
}

/** Removes each secret, raw or URL-encoded, from a text that may reach a message or a log. */
export function redact(text: string, secrets: string[]): string {
	let safe = text;
	for (const secret of secrets) safe = safe.split(secret).join(REDACTED);
	return safe;
}
