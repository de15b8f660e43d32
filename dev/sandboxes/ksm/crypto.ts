/**
 * The server side of Keeper's Secrets Manager cryptography. Written apart from the client's
 * transport on purpose: the sandbox is the oracle the client is tested against, and the official
 * SDK talks to it too, so a mistake shared by both would not go unnoticed.
 */
import {
	createCipheriv,
	createDecipheriv,
	createECDH,
	createHash,
	createHmac,
	createPrivateKey,
	createPublicKey,
	randomBytes,
	verify,
} from 'node:crypto';

const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

export interface EcKeyPair {
	/** 32-byte scalar. */
	privateRaw: Buffer;
	/** 65-byte uncompressed point. */
	publicRaw: Buffer;
	/** PKCS#8 DER, the form a client configuration stores (`privateKey`). */
	pkcs8: Buffer;
}

/** A P-256 key pair from caller-supplied bytes, so a seeded sandbox gets the same keys every run. */
export function ecKeyPairFrom(nextBytes: (length: number) => Buffer): EcKeyPair {
	for (;;) {
		const ecdh = createECDH('prime256v1');
		try {
			ecdh.setPrivateKey(nextBytes(32));
		} catch {
			continue; // the scalar was out of range (about 1 in 2^32)
		}
		const privateRaw = ecdh.getPrivateKey();
		const publicRaw = ecdh.getPublicKey();
		const pkcs8 = createPrivateKey({
			key: {
				kty: 'EC',
				crv: 'P-256',
				d: privateRaw.toString('base64url'),
				x: publicRaw.subarray(1, 33).toString('base64url'),
				y: publicRaw.subarray(33).toString('base64url'),
			},
			format: 'jwk',
		}).export({ format: 'der', type: 'pkcs8' });
		return { privateRaw, publicRaw, pkcs8 };
	}
}

export function gcmEncrypt(plaintext: Buffer, key: Buffer): Buffer {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

export function gcmDecrypt(framed: Buffer, key: Buffer): Buffer {
	const decipher = createDecipheriv('aes-256-gcm', key, framed.subarray(0, 12));
	decipher.setAuthTag(framed.subarray(framed.length - 16));
	return Buffer.concat([decipher.update(framed.subarray(12, framed.length - 16)), decipher.final()]);
}

export function cbcEncrypt(plaintext: Buffer, key: Buffer): Buffer {
	const iv = randomBytes(16);
	const cipher = createCipheriv('aes-256-cbc', key, iv);
	return Buffer.concat([iv, cipher.update(plaintext), cipher.final()]);
}

/** Opens `ephemeralPublicKey(65) || AES-GCM(...)` sent to the key pair `recipient`. */
export function eciesDecrypt(sealed: Buffer, recipient: EcKeyPair): Buffer {
	const ecdh = createECDH('prime256v1');
	ecdh.setPrivateKey(recipient.privateRaw);
	const sharedSecret = ecdh.computeSecret(sealed.subarray(0, 65));
	return gcmDecrypt(sealed.subarray(65), createHash('sha256').update(sharedSecret).digest());
}

export function verifyEcdsaSha256(data: Buffer, signature: Buffer, publicRaw: Buffer): boolean {
	try {
		const key = createPublicKey({ key: Buffer.concat([P256_SPKI_PREFIX, publicRaw]), format: 'der', type: 'spki' });
		return verify('sha256', data, key, signature);
	} catch {
		return false;
	}
}

/** The client id Keeper derives from a one-time token's client key. */
export function clientIdOf(clientKey: Buffer): string {
	return createHmac('sha512', clientKey).update('KEEPER_SECRETS_MANAGER_CLIENT_ID').digest('base64');
}

export function fromBase64(text: string): Buffer {
	return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
