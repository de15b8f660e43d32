import {
	createCipheriv,
	createDecipheriv,
	createECDH,
	createHash,
	createPublicKey,
	createSecretKey,
	randomBytes,
	sign,
	type KeyObject,
} from 'node:crypto';

import { attempt } from './errors';

const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const CBC_IV_BYTES = 16;
const AES_KEY_BYTES = 32;
const P256_POINT_BYTES = 65;
/** DER prefix of a SubjectPublicKeyInfo for an uncompressed P-256 point (id-ecPublicKey, prime256v1). */
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/** AES-256-GCM as Keeper frames it: `iv(12) || ciphertext || tag(16)`. */
export function aesGcmEncrypt(plaintext: Buffer, key: KeyObject): Buffer {
	const iv = randomBytes(GCM_IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
	return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
}

/** Inverse of `aesGcmEncrypt`; throws when the data was not encrypted under `key` or was altered. */
export function aesGcmDecrypt(framed: Buffer, key: KeyObject): Buffer {
	if (framed.length < GCM_IV_BYTES + GCM_TAG_BYTES) throw new Error('ciphertext is too short');
	const decipher = createDecipheriv('aes-256-gcm', key, framed.subarray(0, GCM_IV_BYTES));
	decipher.setAuthTag(framed.subarray(framed.length - GCM_TAG_BYTES));
	return Buffer.concat([
		decipher.update(framed.subarray(GCM_IV_BYTES, framed.length - GCM_TAG_BYTES)),
		decipher.final(),
	]);
}

/** AES-256-CBC `iv(16) || ciphertext`, which Keeper still uses for folder names and sub-folder keys. */
export function aesCbcDecrypt(framed: Buffer, key: KeyObject): Buffer {
	if (framed.length < CBC_IV_BYTES * 2) throw new Error('ciphertext is too short');
	const decipher = createDecipheriv('aes-256-cbc', key, framed.subarray(0, CBC_IV_BYTES));
	return Buffer.concat([decipher.update(framed.subarray(CBC_IV_BYTES)), decipher.final()]);
}

/** Decrypts a wrapped 256-bit key and keeps it as an opaque KeyObject (it never prints or serialises). */
export function unwrapKey(wrapped: Buffer, wrappingKey: KeyObject, mode: 'gcm' | 'cbc' = 'gcm'): KeyObject {
	const keyBytes = mode === 'gcm' ? aesGcmDecrypt(wrapped, wrappingKey) : aesCbcDecrypt(wrapped, wrappingKey);
	return aesKey(keyBytes);
}

export function aesKey(keyBytes: Buffer): KeyObject {
	if (keyBytes.length !== AES_KEY_BYTES) throw new Error('key is not 256 bits long');
	return createSecretKey(keyBytes);
}

/**
 * ECIES to a P-256 public key: an ephemeral ECDH key agreement, SHA-256 of the shared secret as an
 * AES-256-GCM key. Output: `ephemeralPublicKey(65) || iv || ciphertext || tag`.
 */
export function eciesEncrypt(plaintext: Buffer, recipientPublicKey: Buffer): Buffer {
	const ephemeral = createECDH('prime256v1');
	ephemeral.generateKeys();
	const sharedSecret = ephemeral.computeSecret(recipientPublicKey);
	const symmetricKey = createSecretKey(createHash('sha256').update(sharedSecret).digest());
	return Buffer.concat([ephemeral.getPublicKey(), aesGcmEncrypt(plaintext, symmetricKey)]);
}

/** ECDSA-SHA256 in DER form, the signature Keeper expects in the Authorization header. */
export function signEcdsaSha256(data: Buffer, privateKey: KeyObject): Buffer {
	return sign('sha256', data, privateKey);
}

/** True when `raw` is an uncompressed point on P-256 (OpenSSL rejects points off the curve). */
export function isP256PublicKey(raw: Buffer): boolean {
	if (raw.length !== P256_POINT_BYTES || raw[0] !== 0x04) return false;
	const spki = Buffer.concat([P256_SPKI_PREFIX, raw]);
	return attempt(() => createPublicKey({ key: spki, format: 'der', type: 'spki' })) !== undefined;
}

/** Keeper mixes standard and URL-safe base64; this reads both and rejects anything else. */
export function decodeBase64(text: string): Buffer | undefined {
	const compact = text.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) return undefined;
	return Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export function encodeWebSafe64(bytes: Buffer): string {
	return bytes.toString('base64url');
}

/** A new 22-character record UID. */
export function newUid(): string {
	const bytes = randomBytes(16);
	// Keeper's SDKs never start a UID with '-' or '_' (it reads as a command-line flag).
	if (bytes[0] >= 0xf8) bytes[0] &= 0x7f;
	return encodeWebSafe64(bytes);
}
