import { createHmac } from 'node:crypto';

import { KsmError } from '../transport';

/** A one-time code of an `otpauth://totp/...` URI at a moment, as Keeper's SDKs compute it (RFC 6238). */
export interface TotpCode {
	code: string;
	/** Seconds until the code is replaced. */
	secondsLeft: number;
	/** Seconds each code is valid. */
	period: number;
}

const ALGORITHMS: Readonly<Record<string, string>> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const MAX_DIGITS = 10;

/**
 * The code of a TOTP URI at `unixSeconds`. Defaults are the Key URI format's: SHA1, 6 digits, 30
 * seconds. Errors name what is wrong, never the secret or the URI.
 */
export function totpCode(uri: string, unixSeconds: number): TotpCode {
	const url = parseUri(uri);
	const secret = decodeBase32(url.searchParams.get('secret') ?? '');
	const algorithmName = (url.searchParams.get('algorithm') ?? '').trim().toUpperCase() || 'SHA1';
	const algorithm = ALGORITHMS[algorithmName];
	if (!algorithm) throw totpError(`The one-time code uses the algorithm "${algorithmName.slice(0, 10)}", which is not SHA1, SHA256 or SHA512`);
	const digits = positiveInteger(url.searchParams.get('digits'), 6, 'digits');
	const period = positiveInteger(url.searchParams.get('period'), 30, 'period');
	if (digits > MAX_DIGITS) throw totpError(`The one-time code has ${digits} digits; at most ${MAX_DIGITS} are possible`);

	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / period)));
	const digest = createHmac(algorithm, secret).update(counter).digest();
	const offset = digest[digest.length - 1] & 0x0f;
	const truncated = digest.readUInt32BE(offset) & 0x7fffffff;
	const code = String(truncated % 10 ** digits).padStart(digits, '0');
	return { code, secondsLeft: period - (Math.floor(unixSeconds) % period), period };
}

function parseUri(uri: string): URL {
	let url: URL | undefined;
	try {
		url = new URL(uri.trim());
	} catch {
		url = undefined;
	}
	if (!url || url.protocol !== 'otpauth:') throw totpError('The one-time code field does not hold an otpauth:// URI');
	if (url.hostname.toLowerCase() !== 'totp') {
		throw totpError('The one-time code is not time-based (otpauth://totp/...); counter-based codes are not supported');
	}
	return url;
}

/** RFC 4648 base32 without padding, case and spaces ignored; leftover bits are dropped. */
function decodeBase32(text: string): Buffer {
	const clean = text.replace(/[\s=]/g, '').toUpperCase();
	if (!clean || ![...clean].every((character) => BASE32.includes(character))) {
		throw totpError('The secret of the one-time code is missing or not base32');
	}
	const bytes: number[] = [];
	let buffer = 0;
	let bits = 0;
	for (const character of clean) {
		buffer = ((buffer << 5) | BASE32.indexOf(character)) & 0xffff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			bytes.push((buffer >> bits) & 0xff);
		}
	}
	return Buffer.from(bytes);
}

function positiveInteger(text: string | null, fallback: number, name: string): number {
	const trimmed = (text ?? '').trim();
	if (trimmed === '') return fallback;
	const value = Number(trimmed);
	if (!Number.isSafeInteger(value) || value < 0) throw totpError(`The "${name}" of the one-time code is not a whole number`);
	return value === 0 ? fallback : value;
}

function totpError(message: string): KsmError {
	return new KsmError(message, 'Check the one-time code (TOTP) field of the record in the Keeper vault.');
}
