import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { runWorkflow, testCredential } from '../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY } from '../../dev/harness/workflows';
import { useTally } from './tally';
import { startSandboxServer, type SandboxServer } from '../../dev/sandboxes/http';

/**
 * Issue 9 §5: a server that echoes the credential back in its error answers, in every encoding a
 * request or a log could give it, must never get it into a message, a hint or the credential
 * test's result.
 */

let server: SandboxServer;
/** The error text the server answers with next. */
let echo = '';
let status = 400;

beforeAll(async () => {
	server = await startSandboxServer((request) => {
		if (request.path.startsWith('/customer/')) return { status: 200, body: { result: 'ERROR', message: echo } };
		return { status, body: { detail: echo } };
	});
});

afterAll(async () => {
	await server.close();
});

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Every spelling of a secret a server could echo; `user` is the credential's other field for Basic. */
function spellings(secret: string, user: string): Record<string, string> {
	return {
		raw: secret,
		'URL-encoded (%20)': encodeURIComponent(secret),
		'form-encoded (+)': new URLSearchParams({ v: secret }).toString().slice(2),
		'JSON-escaped': JSON.stringify(secret).slice(1, -1),
		base64: b64(secret),
		'base64 unpadded': b64(secret).replace(/=+$/, ''),
		'base64 of Bearer': b64(`Bearer ${secret}`),
		'base64 of user:password': b64(`${user}:${secret}`),
		'password= query': `password=${secret}&x=1`,
		'password= query, spaces decoded': `?loginId=${user}&password=${secret.replace(/\+/g, ' ')}`,
		'JSON password field': `{"password":${JSON.stringify(secret)}}`,
	};
}

interface Case {
	provider: string;
	credentialType: string;
	credentials: () => ICredentialDataDecryptedObject;
	secret: string;
	user: string;
}

const KEEPER_TOKEN = 'k3Ep+r/T0ken+with/Slashes+Plus+AndPad==';
const CASES: Case[] = [
	{
		provider: 'keeper',
		credentialType: 'keeperScimApi',
		credentials: () => ({ region: 'custom', baseUrl: server.url, nodeId: '966183628062721', apiToken: ` ${KEEPER_TOKEN} ` }),
		secret: KEEPER_TOKEN,
		user: '966183628062721',
	},
	{
		provider: 'kandji',
		credentialType: 'kandjiApi',
		credentials: () => ({ region: 'custom', baseUrl: server.url, apiToken: '3f6b2a4e-91c7-4d0a-8e55-b2c1d9f04a17' }),
		secret: '3f6b2a4e-91c7-4d0a-8e55-b2c1d9f04a17',
		user: 'custom',
	},
	...['correct horse battery staple', 'quote"and\\backslash', 'pässwörd ünïcode', "it's (a) p*ss!word"].map((password) => ({
		provider: 'konnektive',
		credentialType: 'konnektiveApi',
		credentials: () => ({ loginId: 'api-user', password, baseUrl: server.url }),
		secret: password,
		user: 'api-user',
	})),
];

/** Recognisable pieces of a secret: a leak of part of it is still a leak. */
function fragments(secret: string): string[] {
	return secret.split(/[\s"\\'()*!]+/).filter((piece) => piece.length >= 6);
}

const count = useTally('redaction');

function leaks(text: string, { secret, user }: Case): string[] {
	const forms = [...Object.values(spellings(secret, user)).filter((form) => !/^password=|^\?loginId|^\{"password"/.test(form)), ...fragments(secret)];
	return forms.filter((form) => text.includes(form));
}

const entries = CASES.flatMap((entry) =>
	Object.entries(spellings(entry.secret, entry.user)).flatMap(([encoding, text]) =>
		[400, 401, 403, 404].map((code) => ({ entry, encoding, text, code })),
	),
);

describe('a server echoing the credential in an error never gets it into a message', () => {
	it.each(entries.map((item) => [`${item.entry.provider} "${item.entry.secret.slice(0, 12)}…" ${item.encoding} (HTTP ${item.code})`, item] as const))(
		'%s',
		async (_name, { entry, text, code }) => {
			echo = `Request rejected: ${text} (echoed)`;
			status = code;
			const directory = node(
				'Directory',
				USER_DIRECTORY,
				{ provider: entry.provider, resource: 'user', operation: 'getAll', returnAll: true, filters: {}, simplify: true },
				{ credentials: credentialRefs(entry.credentialType) },
			);
			const run = await runWorkflow(singleNodeWorkflow(directory), { credentials: { [entry.credentialType]: entry.credentials() } });
			const error = run.error('Directory') as (Error & { description?: string }) | undefined;
			const shown = `${error?.message ?? ''}\n${error?.description ?? ''}\n${JSON.stringify(run.output('Directory') as IDataObject[])}`;
			const test = await testCredential(entry.credentialType, entry.credentials());
			const found = [...leaks(shown, entry), ...leaks(test.message, entry)];
			count('echoed secrets', found.length === 0);
			expect(error).toBeDefined();
			expect(found).toEqual([]);
		},
	);
});
