import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

const REDACTED = '[redacted]';
/** Short values (a region code, a port) would mangle messages and are not secrets worth hiding. */
const MIN_SECRET_LENGTH = 4;

/** Every string value of a credential, longest first so that overlapping values redact whole. */
export function secretValues(credentials: ICredentialDataDecryptedObject): string[] {
	return Object.values(credentials)
		.filter((value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH)
		.flatMap((value) => [value, encodeURIComponent(value)])
		.sort((a, b) => b.length - a.length);
}

/** Removes each secret, raw or URL-encoded, from a text that may reach a message or a log. */
export function redact(text: string, secrets: string[]): string {
	let safe = text;
	for (const secret of secrets) safe = safe.split(secret).join(REDACTED);
	return safe;
}
