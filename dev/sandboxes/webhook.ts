import { startSandboxServer, type SandboxServer } from './http';

/** Where the example workflows post their messages: a Slack incoming webhook stands for any chat's. */
export const EXAMPLE_WEBHOOK_PREFIX = 'https://hooks.slack.com/services/';

export interface WebhookSandbox {
	server: SandboxServer;
	/** The webhook URL to post to. */
	url: string;
	/** The JSON bodies received, in order. */
	messages: Array<Record<string, unknown>>;
	close(): Promise<void>;
}

/**
 * A chat's incoming webhook on loopback, answering as Slack's does (200, `ok`); anything that is
 * not a JSON object with a `text` gets Slack's 400 `invalid_payload`.
 */
export async function startWebhookSandbox(): Promise<WebhookSandbox> {
	const messages: Array<Record<string, unknown>> = [];
	const path = '/services/T00000000/B00000000/sandbox';
	const server = await startSandboxServer(({ method, path: requested, body }) => {
		if (method !== 'POST' || requested !== path) return { status: 404, body: 'no_service' };
		let message: unknown;
		try {
			message = JSON.parse(body.toString('utf8'));
		} catch {
			return { status: 400, body: 'invalid_payload' };
		}
		if (typeof message !== 'object' || message === null || typeof (message as { text?: unknown }).text !== 'string') {
			return { status: 400, body: 'invalid_payload' };
		}
		messages.push(message as Record<string, unknown>);
		return { status: 200, body: 'ok' };
	});
	return { server, url: `${server.url}${path}`, messages, close: async () => await server.close() };
}
