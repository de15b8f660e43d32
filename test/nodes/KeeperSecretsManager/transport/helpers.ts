import { loadJsonConfig, type SecretManagerOptions } from '@keeper-security/secrets-manager-core';

import {
	createKsmClient,
	type KsmClient,
	type KsmClientOptions,
	type KsmRecordData,
} from '../../../../nodes/KeeperSecretsManager/transport';
import type { KsmSandbox, SandboxApplication } from '../../../../dev/sandboxes/ksm';

/** Our client for a sandbox application, over loopback HTTP. */
export function clientFor(
	sandbox: KsmSandbox,
	application: SandboxApplication | string,
	options: Partial<KsmClientOptions> = {},
): KsmClient {
	const config = typeof application === 'string' ? application : application.config;
	return createKsmClient(config, { http: sandbox.http, ...options });
}

/** Official SDK options for a device configuration of the sandbox. */
export function sdkOptionsFor(sandbox: KsmSandbox, config: string): SecretManagerOptions {
	return { storage: loadJsonConfig(config), queryFunction: sandbox.sdkQueryFunction };
}

/** The decoded JSON of a base64 device configuration. */
export function configJson(config: string): Record<string, string> {
	return JSON.parse(Buffer.from(config, 'base64').toString('utf8')) as Record<string, string>;
}

export function toBase64Config(json: Record<string, unknown>): string {
	return Buffer.from(JSON.stringify(json)).toString('base64');
}

/** Runs `action` and returns what it threw (fails the test if it did not throw). */
export async function thrownBy(action: () => unknown): Promise<Error> {
	try {
		await action();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected an error');
}

/** Everything about an error a user or a log could see. */
export function visibleText(error: Error): string {
	const description = String((error as { description?: unknown }).description ?? '');
	return [error.message, description, error.stack ?? '', JSON.stringify(error)].join('\n');
}

/** The string values of a record's secret fields (password, secret, oneTimeCode) in one section. */
export function secretFieldValues(data: KsmRecordData, section: 'fields' | 'custom'): string[] {
	return (data[section] ?? [])
		.filter((field) => ['password', 'secret', 'oneTimeCode'].includes(field.type))
		.flatMap((field) => field.value)
		.filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** The start of a piece of a secret found in `text`: any 16 characters in a row count as a leak. */
export function leakedPiece(text: string, secrets: string[]): string | undefined {
	for (const secret of secrets) {
		const pieces = secret.length <= 16 ? [secret] : (secret.match(/.{16}/gs) ?? []);
		const piece = pieces.find((candidate) => text.includes(candidate));
		if (piece) return `…${piece.slice(0, 4)}…`;
	}
	return undefined;
}
