import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { describeBody } from '../helpers/answer';
import { withDeadline } from '../helpers/deadline';
import { oneLine, withHint } from '../helpers/errors';
import { redact, secretValues } from '../helpers/redact';
import type { HttpFailure } from '../domain';
import type { DirectoryProvider } from '../providers/types';
import { networkErrorCode } from './index';
import { DEFAULT_RETRY_POLICY } from './types';

interface LegacyResponse {
	statusCode: number;
	body: unknown;
}

/**
 * The Test button of a directory credential. n8n's declarative credential tests cannot tell a
 * wrong token from a wrong node id or region, so the probe runs here and failures go through the
 * provider's `explainError`, exactly like a failed request in a workflow.
 */
async function testDirectoryCredential(
	context: ICredentialTestFunctions,
	provider: DirectoryProvider,
	credentials: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const secrets = secretValues(credentials, provider.secretFields);
	const failed = (failure: HttpFailure): INodeCredentialTestResult => {
		const { message, description } = provider.explainError(failure);
		return { status: 'Error', message: redact(withHint(message, description), secrets) };
	};
	let baseUrl: string;
	let probe: ReturnType<DirectoryProvider['credentialTestRequest']>;
	try {
		baseUrl = provider.baseUrl(credentials);
		probe = provider.credentialTestRequest(credentials);
	} catch (error) {
		return { status: 'Error', message: oneLine(error, (text) => redact(text, secrets)) };
	}
	const failure: HttpFailure = { status: 0, body: undefined, method: 'GET', path: probe.path };
	try {
		// The legacy helper takes no abort signal: the deadline still bounds the wait.
		const response = (await withDeadline(DEFAULT_RETRY_POLICY.timeoutMs, async () => await context.helpers.request({
			method: 'GET',
			uri: baseUrl + probe.path,
			qs: probe.qs,
			headers: { Accept: 'application/json', ...probe.headers },
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			timeout: DEFAULT_RETRY_POLICY.timeoutMs,
		}))) as LegacyResponse;
		if (response.statusCode < 200 || response.statusCode >= 300) {
			return failed({ ...failure, status: response.statusCode, body: response.body });
		}
		const bodyFailure = probe.failureInBody?.(response.body);
		if (bodyFailure) return failed(bodyFailure);
		if (!probe.isAnswer(response.body)) {
			return {
				status: 'Error',
				message: redact(
					`${provider.displayName} answered with ${describeBody(response.body)}, not ${probe.expected}. Check that the credential points at the ${provider.displayName} API itself and that no proxy, captive portal or login page answers in its place.`,
					secrets,
				),
			};
		}
	} catch (error) {
		return failed({ ...failure, networkCode: networkErrorCode(error) ?? 'network error' });
	}
	return { status: 'OK', message: 'Connection successful' };
}

/** `testedBy` name of a provider's credential test, as listed in a node's credentials. */
export function credentialTestName(provider: DirectoryProvider): string {
	return `${provider.credentialName}Test`;
}

/** `methods.credentialTest` for nodes that use the providers' credentials. */
export function credentialTestMethods(
	providers: readonly DirectoryProvider[],
): Record<string, ICredentialTestFunction> {
	return Object.fromEntries(
		providers.map((provider) => [
			credentialTestName(provider),
			async function (this: ICredentialTestFunctions, credential: ICredentialsDecrypted) {
				return await testDirectoryCredential(this, provider, credential.data ?? {});
			},
		]),
	);
}
