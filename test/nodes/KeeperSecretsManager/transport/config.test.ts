import {
	createKsmClient,
	HOW_TO_GET_A_CONFIGURATION,
	KsmConfigError,
	parseKsmConfig,
	type KsmHttpFunction,
} from '../../../../nodes/KeeperSecretsManager/transport';
import { startKsmSandbox, type KsmSandbox } from '../../../../dev/sandboxes/ksm';
import { configJson, thrownBy, toBase64Config } from './helpers';

let sandbox: KsmSandbox;
let valid: Record<string, string>;

beforeAll(async () => {
	sandbox = await startKsmSandbox({ seed: 55 });
	valid = configJson(sandbox.applications.readWrite.config);
});
afterAll(async () => await sandbox.close());

const noNetwork: KsmHttpFunction = async () => {
	throw new Error('no request expected');
};

function configErrorFor(input: unknown): KsmConfigError {
	try {
		parseKsmConfig(input);
	} catch (error) {
		expect(error).toBeInstanceOf(KsmConfigError);
		return error as KsmConfigError;
	}
	throw new Error('expected a configuration error');
}

describe('reading a configuration', () => {
	it('accepts the base64 export of the vault, JSON text and an object alike', () => {
		const fromBase64 = parseKsmConfig(sandbox.applications.readWrite.config);
		const fromJson = parseKsmConfig(JSON.stringify(valid, null, 2));
		const fromObject = parseKsmConfig(valid);

		for (const config of [fromBase64, fromJson, fromObject]) {
			expect(config).toMatchObject({
				hostname: sandbox.hostname,
				origin: sandbox.url,
				clientId: valid.clientId,
				serverPublicKeyId: 101,
			});
		}
	});

	it('accepts base64 that was wrapped over several lines when pasted', () => {
		const wrapped = sandbox.applications.readWrite.config.replace(/(.{76})/g, '$1\n');

		expect(parseKsmConfig(`  ${wrapped}\n`).clientId).toBe(valid.clientId);
	});

	it('reads region codes and Keeper hosts, and defaults to key 7', () => {
		const { serverPublicKey: _custom, serverPublicKeyId: _id, ...published } = valid;

		expect(parseKsmConfig({ ...published, hostname: 'EU' })).toMatchObject({
			origin: 'https://keepersecurity.eu',
			serverPublicKeyId: 7,
		});
		expect(parseKsmConfig({ ...published, hostname: 'keepersecurity.com', serverPublicKeyId: '10' })).toMatchObject({
			origin: 'https://keepersecurity.com',
			serverPublicKeyId: 10,
			serverPublicKey: null,
		});
	});

	it.each(['hostname', 'clientId', 'privateKey', 'appKey'])('names a missing "%s"', (key) => {
		const { [key]: _removed, ...rest } = valid;

		const error = configErrorFor(toBase64Config(rest));

		expect(error.message).toBe(`The Keeper Secrets Manager configuration cannot be used: "${key}" is missing`);
		expect(error.description).toBe(HOW_TO_GET_A_CONFIGURATION);
	});

	it.each([
		[
			'privateKey',
			{ privateKey: Buffer.from('not a key').toString('base64') },
			'"privateKey" is not a base64 PKCS#8 P-256 private key',
		],
		['appKey', { appKey: Buffer.alloc(20, 7).toString('base64') }, '"appKey" is not a base64 256-bit key'],
		['clientId', { clientId: 'not*base64' }, '"clientId" is not a base64 Secrets Manager client id'],
		[
			'appOwnerPublicKey',
			{ appOwnerPublicKey: Buffer.alloc(65, 4).toString('base64') },
			'"appOwnerPublicKey" is not a base64 P-256 public key',
		],
		['serverPublicKey', { serverPublicKey: 'abc' }, '"serverPublicKey" is not a base64 P-256 public key'],
		['serverPublicKeyId', { serverPublicKeyId: 'seven' }, '"serverPublicKeyId" must be a positive whole number'],
		['hostname', { hostname: 'http://keepersecurity.com' }, '"hostname" must be a Keeper host'],
		['hostname', { hostname: 'keepersecurity.com/api' }, '"hostname" must be a Keeper host'],
	])('names a malformed "%s"', (_key, change, expected) => {
		const error = configErrorFor({ ...valid, ...change });

		expect(error.message).toContain(expected);
	});

	it('refuses an unpublished key id without a custom key', () => {
		const { serverPublicKey: _custom, ...rest } = valid;

		expect(configErrorFor({ ...rest, serverPublicKeyId: 99 }).message).toContain(
			`"serverPublicKeyId" 99 is not one of Keeper's published keys (7–18) and no "serverPublicKey" is given`,
		);
	});

	it('reports every problem at once', () => {
		const error = configErrorFor({ hostname: 'keepersecurity.com', appKey: 'AAAA' });

		expect(error.message).toBe(
			'The Keeper Secrets Manager configuration cannot be used: "clientId" is missing; "privateKey" is missing; ' +
				'"appKey" is not a base64 256-bit key',
		);
	});

	it('explains a configuration that was initialised but never bound', () => {
		const { appKey: _appKey, ...unbound } = valid;

		const error = configErrorFor({ ...unbound, clientKey: 'x'.repeat(43) });

		expect(error.message).toContain('it was never bound (it holds the one-time token "clientKey" but no "appKey")');
	});

	it.each([
		['empty', '   ', 'The Keeper Secrets Manager configuration is empty'],
		['not base64 or JSON', 'hello world!', 'The Keeper Secrets Manager configuration is neither base64 nor JSON'],
		[
			'cut-off JSON',
			'{"hostname": "keepersecurity.com", "clientId',
			'The Keeper Secrets Manager configuration is not valid JSON (it may have been cut off when copied)',
		],
		['a JSON array', '[1, 2]', 'The Keeper Secrets Manager configuration is neither base64 nor JSON'],
		['a number', 42, 'The Keeper Secrets Manager configuration must be the base64 or JSON text the vault exports'],
	])('refuses %s input', (_case, input, expected) => {
		expect(configErrorFor(input).message).toBe(expected);
	});

	it('leaves "appOwnerPublicKey" optional until a record is created', async () => {
		const { appOwnerPublicKey: _owner, ...older } = valid;
		const client = createKsmClient(older, { http: noNetwork });

		const error = await thrownBy(() => client.createSecret('folder', sandbox.records.login('x')));

		expect(error).toBeInstanceOf(KsmConfigError);
		expect(error.message).toBe('The configuration has no "appOwnerPublicKey", which is needed to create records');
	});
});

describe('a one-time access token pasted instead of a configuration', () => {
	const clientKey = 'Ac2xLpQ9vTn3Rk8mWq5ZbYh7JsFdGe4Uo1iPa6XcVb0';
	const tokens: Array<[string, string, string]> = [
		['a US token', 'US:4d8THSdmLZOeqZubMNqKWKcrgh7SyQiAQ9afVI0IL0I', ' for keepersecurity.com'],
		['an EU token', `eu:${clientKey}`, ' for keepersecurity.eu'],
		['a token for a custom host', `vault.example.org:${clientKey}`, ' for vault.example.org'],
		['a token without region', clientKey, ''],
		['an IL5 token with its server key', `IL5:${clientKey}:19:${'B'.repeat(87)}`, ' for il5.keepersecurity.us'],
	];

	it.each(tokens)('%s is explained, with the way to a configuration', (_case, token, host) => {
		const error = configErrorFor(`  ${token} `);

		expect(error.message).toBe(
			`This is a one-time access token${host}, not a Secrets Manager configuration. ` +
				'A token works only once, so n8n needs the configuration it turns into',
		);
		expect(error.description).toContain('open Devices and choose "Add Device"');
		expect(error.description).toContain('"Configuration File" with the "Base64" format');
		expect(error.description).toContain('`ksm profile init --token <one-time token>`');
		expect(error.description).toContain('`ksm profile export`');
		expect(`${error.message} ${error.description}`).not.toContain(/[A-Za-z0-9_-]{43}/.exec(token)![0]);
	});

	it('the sandbox’s own tokens are recognised too', () => {
		const token = sandbox.createOneTimeToken(sandbox.applications.readOnly);

		expect(configErrorFor(token).message).toMatch(/^This is a one-time access token for localhost, not a/);
	});
});
