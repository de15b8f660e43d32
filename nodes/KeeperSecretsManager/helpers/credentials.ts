import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { createKsmClient, KsmConfigError, readKsmConfigObject, type KsmClient, type KsmHttpFunction } from '../transport';
import { DEFAULT_SERVER_PUBLIC_KEY_ID } from '../transport/publicKeys';
import { textOrNull } from '../../shared/helpers/values';

export const KSM_CREDENTIAL_TYPE = 'keeperSecretsManagerApi';

const KEY_LINE = /^(?:(\d+)\s*:\s*)?([A-Za-z0-9+/_-]+={0,2})$/;

/**
 * A client for the configuration in a `keeperSecretsManagerApi` credential, with its custom-host
 * fields applied. Every call makes a new client: keys never outlive the execution that read them.
 */
export function clientFromCredential(credential: ICredentialDataDecryptedObject, http: KsmHttpFunction): KsmClient {
	const config = { ...readKsmConfigObject(credential.secretConfig) };
	if (credential.useCustomHost !== true) return createKsmClient(config, { http });

	const hostname = trimmed(credential.hostname);
	if (hostname) config.hostname = hostname;
	const keyIdField = trimmed(credential.serverPublicKeyId);
	const keys = serverPublicKeys(trimmed(credential.serverPublicKey), keyIdField ?? config.serverPublicKeyId);
	if (!keys) {
		if (keyIdField) config.serverPublicKeyId = keyIdField;
		return createKsmClient(config, { http });
	}
	const currentId = currentKeyId(keys, keyIdField, config.serverPublicKeyId);
	config.serverPublicKeyId = String(currentId);
	config.serverPublicKey = keys[currentId];
	return createKsmClient(config, { http, customServerPublicKeys: keys });
}

/** The "Server Public Key" field: one key, or `<key ID>:<key>` per line; undefined when empty. */
function serverPublicKeys(text: string | undefined, fallbackId: unknown): Record<number, string> | undefined {
	if (!text) return undefined;
	const keys: Record<number, string> = {};
	const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
	for (const [index, line] of lines.entries()) {
		const match = KEY_LINE.exec(line);
		const id = Number(match?.[1] ?? fallbackId ?? DEFAULT_SERVER_PUBLIC_KEY_ID);
		if (!match || !Number.isSafeInteger(id) || id <= 0) {
			throw new KsmConfigError(
				`Line ${index + 1} of the credential's "Server Public Key" is neither a key nor "<key ID>:<key>"`,
				'Give the host\'s public key as URL-safe base64, or one "<key ID>:<key>" pair per line.',
			);
		}
		keys[id] = match[2];
	}
	return keys;
}

function currentKeyId(keys: Record<number, string>, keyIdField: string | undefined, configKeyId: unknown): number {
	const ids = Object.keys(keys).map(Number);
	if (keyIdField === undefined) {
		const fromConfig = Number(configKeyId);
		return ids.includes(fromConfig) ? fromConfig : ids[0];
	}
	const wanted = Number(keyIdField);
	if (!ids.includes(wanted)) {
		throw new KsmConfigError(
			`The credential's "Server Public Key ID" ${keyIdField} has no key in "Server Public Key"`,
			'Add that key as "<key ID>:<key>", or correct the key ID.',
		);
	}
	return wanted;
}

function trimmed(value: unknown): string | undefined {
	return textOrNull(value) ?? undefined;
}
