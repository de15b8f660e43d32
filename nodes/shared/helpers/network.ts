const PROBLEMS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name does not resolve',
	EAI_AGAIN: 'the host name could not be resolved right now',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'the request timed out',
	ESOCKETTIMEDOUT: 'the request timed out',
	ECONNRESET: 'the connection was reset',
	EPIPE: 'the connection was closed',
	CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
	DEPTH_ZERO_SELF_SIGNED_CERT: 'the server uses a self-signed TLS certificate',
};

/**
 * A network failure in words. The raw code (ECONNREFUSED…) stays out of messages on purpose:
 * n8n replaces any error message that contains one with its own generic wording.
 */
export function networkProblem(code: string | undefined): string {
	return (code && PROBLEMS[code]) ?? 'the network request failed';
}
