import type { Transport } from './types';

/**
 * A DELETE that is reported only when it happened: 204 No Content is the answer REST APIs
 * document; any other 2xx counts only when the resource is then gone (404), since a proxy's or
 * captive portal's page is a 200 too.
 */
export async function deleteConfirmed(transport: Transport, path: string): Promise<void> {
	const { status, body } = await transport.request<unknown>({ method: 'DELETE', path });
	if (status === 204) return;
	const check = await transport.request<unknown>({ path, acceptStatus: [404] });
	if (check.status !== 404) transport.unexpected({ method: 'DELETE', path, body }, '204 No Content');
}
