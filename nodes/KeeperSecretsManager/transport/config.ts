import { createPrivateKey, type KeyObject } from 'node:crypto';

import { isLoopbackHost } from '../../shared/helpers/url';
import { isObject } from '../../shared/helpers/values';
import { keeperRegionHost } from '../../shared/providers/keeper/regions';
import { aesKey, decodeBase64, isP256PublicKey } from './crypto';
import { attempt, KsmConfigError } from './errors';
import { DEFAULT_SERVER_PUBLIC_KEY_ID, KEEPER_SERVER_PUBLIC_KEYS } from './publicKeys';

/** A validated client configuration. Keys are KeyObjects, so logging or serialising it shows no key material. */
export interface KsmConfig {
	readonly hostname: string;
	/** Where requests go: `https://<hostname>`, or plain http for a loopback test server. */
	readonly origin: string;
	readonly clientId: string;
	readonly privateKey: KeyObject;
	readonly appKey: KeyObject;
	/** Needed only to create records; older configurations lack it. */
	readonly appOwnerPublicKey: Buffer | null;
	readonly serverPublicKeyId: number;
	/** A custom server public key (IL5, a self-hosted or test server); null means Keeper's published keys. */
	readonly serverPublicKey: Buffer | null;
}

export const HOW_TO_GET_A_CONFIGURATION =
	'In the Keeper vault open Secrets Manager, select the application, open Devices and choose ' +
	'"Add Device"; pick "Configuration File" with the "Base64" format and paste that value. With the ' +
	'KSM command line: `ksm profile init --token <one-time token>`, then paste the output of `ksm profile export`.';

const ONE_TIME_TOKEN = /^(?:([A-Za-z0-9.-]+):)?[A-Za-z0-9_-]{32,64}(?::\d+:[A-Za-z0-9_-]{80,})?$/;

/** Reads a configuration as the vault exports it (base64 of JSON), as JSON text, or as an object. */
export function parseKsmConfig(input: unknown): KsmConfig {
	const raw = readKsmConfigObject(input);
	const problems: string[] = [];

	const hostname = requireString(raw, 'hostname', problems);
	const origin = hostname === undefined ? undefined : originOf(hostname);
	if (hostname !== undefined && origin === undefined) {
		problems.push(
			'"hostname" must be a Keeper host such as keepersecurity.com ' +
				'(plain http is accepted only for a loopback test server)',
		);
	}

	const clientId = requireString(raw, 'clientId', problems);
	if (clientId !== undefined && decodeBase64(clientId)?.length !== 64) {
		problems.push('"clientId" is not a base64 Secrets Manager client id');
	}

	const privateKeyText = requireString(raw, 'privateKey', problems);
	const privateKey = privateKeyText === undefined ? undefined : readPrivateKey(privateKeyText);
	if (privateKeyText !== undefined && privateKey === undefined) {
		problems.push('"privateKey" is not a base64 PKCS#8 P-256 private key');
	}

	const appKey = readAppKey(raw, problems);
	const appOwnerPublicKey = readOptionalPublicKey(raw, 'appOwnerPublicKey', problems);
	const serverPublicKey = readOptionalPublicKey(raw, 'serverPublicKey', problems);

	const serverPublicKeyId =
		raw.serverPublicKeyId === undefined || raw.serverPublicKeyId === ''
			? DEFAULT_SERVER_PUBLIC_KEY_ID
			: Number(raw.serverPublicKeyId);
	if (!Number.isInteger(serverPublicKeyId) || serverPublicKeyId <= 0) {
		problems.push('"serverPublicKeyId" must be a positive whole number');
	} else if (serverPublicKey === null && KEEPER_SERVER_PUBLIC_KEYS[serverPublicKeyId] === undefined) {
		problems.push(
			`"serverPublicKeyId" ${serverPublicKeyId} is not one of Keeper's published keys (7–18) ` +
				'and no "serverPublicKey" is given',
		);
	}

	if (problems.length > 0 || !hostname || !origin || !clientId || !privateKey || !appKey) {
		throw new KsmConfigError(
			`The Keeper Secrets Manager configuration cannot be used: ${problems.join('; ')}`,
			HOW_TO_GET_A_CONFIGURATION,
		);
	}
	return Object.freeze({
		hostname,
		origin,
		clientId,
		privateKey,
		appKey,
		appOwnerPublicKey,
		serverPublicKeyId,
		serverPublicKey,
	});
}

/**
 * The configuration's keys before validation, so values can be overridden before `parseKsmConfig`.
 * Throws the same KsmConfigError as `parseKsmConfig` for text that is no configuration (a token…).
 */
export function readKsmConfigObject(input: unknown): Record<string, unknown> {
	if (isObject(input) && !Buffer.isBuffer(input)) return input;
	if (typeof input !== 'string') {
		throw new KsmConfigError(
			'The Keeper Secrets Manager configuration must be the base64 or JSON text the vault exports',
			HOW_TO_GET_A_CONFIGURATION,
		);
	}
	const text = input.trim();
	if (text === '') {
		throw new KsmConfigError('The Keeper Secrets Manager configuration is empty', HOW_TO_GET_A_CONFIGURATION);
	}
	const decoded = /^[{[]/.test(text) ? text : decodeBase64(text)?.toString('utf8').trim();
	const iniProfile = decoded?.startsWith('[') ? readIniProfile(decoded) : undefined;
	if (iniProfile) return iniProfile;
	if (decoded?.startsWith('{')) {
		const parsed: unknown = attempt(() => JSON.parse(decoded));
		if (parsed === undefined) {
			throw new KsmConfigError(
				'The Keeper Secrets Manager configuration is not valid JSON (it may have been cut off when copied)',
				HOW_TO_GET_A_CONFIGURATION,
			);
		}
		if (isObject(parsed)) return parsed;
	}
	const token = ONE_TIME_TOKEN.exec(text);
	if (token) {
		const region = token[1];
		const host = region === undefined ? undefined : (keeperRegionHost(region) ?? region);
		throw new KsmConfigError(
			`This is a one-time access token${host ? ` for ${host}` : ''}, not a Secrets Manager configuration. ` +
				'A token works only once, so n8n needs the configuration it turns into',
			HOW_TO_GET_A_CONFIGURATION,
		);
	}
	throw new KsmConfigError(
		'The Keeper Secrets Manager configuration is neither base64 nor JSON',
		HOW_TO_GET_A_CONFIGURATION,
	);
}

/** `keeper.ini` keys (what `ksm profile export` writes by default) and their configuration names. */
const INI_KEYS: Readonly<Record<string, string>> = Object.freeze({
	clientid: 'clientId',
	privatekey: 'privateKey',
	appkey: 'appKey',
	hostname: 'hostname',
	appownerpublickey: 'appOwnerPublicKey',
	serverpublickeyid: 'serverPublicKeyId',
});
const INI_SETTINGS_SECTION = '_config';

/** The active profile of a KSM command line `keeper.ini`, as configuration keys; undefined if there is none. */
function readIniProfile(text: string): Record<string, unknown> | undefined {
	const sections = new Map<string, Record<string, string>>();
	let current: Record<string, string> | undefined;
	for (const line of text.split(/\r?\n/).map((each) => each.trim())) {
		const section = /^\[(.+)\]$/.exec(line)?.[1];
		if (section !== undefined) sections.set(section, (current = {}));
		else if (current && /^[^#;=][^=]*=/.test(line)) {
			const separator = line.indexOf('=');
			const value = line.slice(separator + 1).trim();
			if (value) current[line.slice(0, separator).trim().toLowerCase()] = value;
		}
	}
	const active = sections.get(INI_SETTINGS_SECTION)?.active_profile;
	const profileName =
		active && sections.has(active) ? active : [...sections.keys()].find((name) => name !== INI_SETTINGS_SECTION);
	const profile = profileName === undefined ? undefined : sections.get(profileName);
	if (!profile) return undefined;
	const config: Record<string, unknown> = {};
	for (const [iniKey, key] of Object.entries(INI_KEYS)) {
		if (profile[iniKey] !== undefined) config[key] = profile[iniKey];
	}
	return Object.keys(config).length > 0 ? config : undefined;
}

function requireString(raw: Record<string, unknown>, key: string, problems: string[]): string | undefined {
	const value = raw[key];
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	problems.push(value === undefined ? `"${key}" is missing` : `"${key}" must be a non-empty string`);
	return undefined;
}

function readAppKey(raw: Record<string, unknown>, problems: string[]): KeyObject | undefined {
	if (raw.appKey === undefined && typeof raw.clientKey === 'string') {
		problems.push(
			'it was never bound (it holds the one-time token "clientKey" but no "appKey"); bind it once with ' +
				'the KSM command line or an SDK, or export a new device configuration from the vault',
		);
		return undefined;
	}
	const text = requireString(raw, 'appKey', problems);
	if (text === undefined) return undefined;
	const bytes = decodeBase64(text);
	if (bytes?.length === 32) return aesKey(bytes);
	problems.push('"appKey" is not a base64 256-bit key');
	return undefined;
}

function readOptionalPublicKey(raw: Record<string, unknown>, key: string, problems: string[]): Buffer | null {
	const value = raw[key];
	if (value === undefined) return null;
	const decoded = typeof value === 'string' ? decodeBase64(value) : undefined;
	if (decoded !== undefined && isP256PublicKey(decoded)) return decoded;
	problems.push(`"${key}" is not a base64 P-256 public key`);
	return null;
}

function readPrivateKey(text: string): KeyObject | undefined {
	const der = decodeBase64(text);
	if (!der || der.length === 0) return undefined;
	const key = attempt(() => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
	return key?.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? key : undefined;
}

/** `https://host`, a region code's host, or `http://` for loopback only; undefined when unusable. */
function originOf(hostname: string): string | undefined {
	const host = keeperRegionHost(hostname) ?? hostname;
	const url = attempt(() => new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `https://${host}`));
	if (!url) return undefined;
	if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return undefined;
	if (url.protocol === 'https:') return url.origin;
	// Requests are encrypted and signed, but a plain-http Keeper host still has no business outside tests.
	if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url.origin;
	return undefined;
}

/** A file storage address Keeper hands out: https, or plain http on loopback (a test server). */
export function isTransferUrl(text: string): boolean {
	const url = attempt(() => new URL(text));
	if (!url || url.username || url.password) return false;
	return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}
