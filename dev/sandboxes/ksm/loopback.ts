import { Agent as HttpAgent, request } from 'node:http';

import type { KsmHttpFunction, KsmHttpResponse } from '../../../nodes/KeeperSecretsManager/transport';

/** The client's HTTP function for tests: plain node:http, and only to the sandbox. */
export function loopbackHttp(sandboxUrl: string): KsmHttpFunction {
	return async (url, headers, body, method = 'POST') => {
		if (!url.startsWith(`${sandboxUrl}/`)) throw new Error(`the loopback transport only reaches ${sandboxUrl}`);
		return await send(method, url, headers, method === 'GET' ? undefined : body);
	};
}

/** The official SDK's `queryFunction` arguments and result, structurally (the sandbox does not load the SDK). */
export interface SdkTransmissionKey {
	publicKeyId: number;
	encryptedKey: Uint8Array;
}
export interface SdkEncryptedPayload {
	payload: Uint8Array;
	signature: Uint8Array;
}
export interface SdkHttpResponse {
	statusCode: number;
	headers: Record<string, string>;
	data: Uint8Array;
}

/**
 * A `queryFunction` for the official SDK. The SDK always builds `https://<hostname>/…`; this sends
 * the same request, with the headers the SDK's own transport sets, to the sandbox over http.
 */
export function sdkQueryFunction(
	sandboxUrl: string,
): (url: string, transmissionKey: SdkTransmissionKey, payload: SdkEncryptedPayload) => Promise<SdkHttpResponse> {
	return async (url, transmissionKey, payload) => {
		const endpoint = /\/api\/rest\/sm\/v1\/([a-z_]+)$/.exec(url)?.[1];
		if (!endpoint) throw new Error('not a Secrets Manager URL');
		const response = await send(
			'POST',
			`${sandboxUrl}/api/rest/sm/v1/${endpoint}`,
			{
				'Content-Type': 'application/octet-stream',
				PublicKeyId: String(transmissionKey.publicKeyId),
				TransmissionKey: Buffer.from(transmissionKey.encryptedKey).toString('base64'),
				Authorization: `Signature ${Buffer.from(payload.signature).toString('base64')}`,
			},
			Buffer.from(payload.payload),
		);
		return { statusCode: response.status, headers: {}, data: response.body };
	};
}

/**
 * The official SDK fetches and uploads file contents itself with `https.request`; given a plain
 * http agent (`setCustomProxyAgent`) it reaches the sandbox's http storage addresses on loopback.
 */
export function sdkFileAgent(): HttpAgent {
	return new HttpAgent({ keepAlive: false });
}

async function send(
	method: 'GET' | 'POST',
	url: string,
	headers: Record<string, string>,
	body: Buffer | undefined,
): Promise<KsmHttpResponse> {
	return await new Promise((resolve, reject) => {
		const length = body ? { 'Content-Length': String(body.length) } : {};
		const options = { method, headers: { ...headers, ...length } };
		const outgoing = request(url, options, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
			response.on('error', reject);
		});
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}
