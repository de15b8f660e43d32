import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { testCredential } from '../../../dev/harness/engine';
import type { KsmSandbox } from '../../../dev/sandboxes/ksm';
import { configJson, toBase64Config } from './transport/helpers';
import { credentialFor, errorOf, KSM_CREDENTIAL, outputOf, runKsm, useKsmSandbox } from './support';

let sandbox: KsmSandbox;

useKsmSandbox({ seed: 606 }, (started) => (sandbox = started));

const listAll = { operation: 'getAll', returnAll: true };
const readOnlyJson = () => configJson(sandbox.applications.readOnly.config);
const withConfig = (config: unknown): ICredentialDataDecryptedObject => ({ secretConfig: config as string, useCustomHost: false });
const statuses = () => sandbox.requests.map((request) => `${request.status} ${request.error ?? 'ok'}`);

/** `keeper.ini` as `ksm profile init` writes it and `ksm profile export` encodes it by default. */
function keeperIni(json: Record<string, string>): string {
	return [
		'[_config]',
		'active_profile = _default',
		'color = True',
		'',
		'[_default]',
		`clientid = ${json.clientId}`,
		`privatekey = ${json.privateKey}`,
		`appkey = ${json.appKey}`,
		`hostname = ${json.hostname}`,
		`appownerpublickey = ${json.appOwnerPublicKey}`,
		`serverpublickeyid = ${json.serverPublicKeyId}`,
	].join('\n');
}

describe('Keeper Secrets Manager credential · the Test button', () => {
	it('makes an authenticated get_secret call and names the application', async () => {
		for (const application of [sandbox.applications.readOnly, sandbox.applications.readWrite]) {
			const result = await testCredential(KSM_CREDENTIAL, credentialFor(application));
			expect(result).toEqual({
				status: 'OK',
				message: `Connected to the application "${application.title}": ${application.recordUids.length} records are shared with it`,
			});
		}
		expect(statuses()).toEqual(['200 ok', '200 ok']);
		expect(sandbox.requests.map((request) => request.endpoint)).toEqual(['get_secret', 'get_secret']);
	});

	it('says how to turn a pasted one-time token into a configuration', async () => {
		for (const [token, host] of [
			['US:4d8THSdmLZOeqZubMNqKWKcrgh7SyQiAQ9afVI0IL0I', 'keepersecurity.com'],
			['EU:Jx8fHq0RZk2nQ9vT4bWc7mLp1sAaDdEeFfGgHhIiJjK', 'keepersecurity.eu'],
			[sandbox.createOneTimeToken(sandbox.applications.readOnly), 'localhost'],
		]) {
			const result = await testCredential(KSM_CREDENTIAL, withConfig(token));
			expect(result.status).toBe('Error');
			expect(result.message).toContain(`This is a one-time access token for ${host}, not a Secrets Manager configuration`);
			expect(result.message).toContain('Devices and choose "Add Device"');
			expect(result.message).toContain('`ksm profile init --token <one-time token>`');
		}
		expect(sandbox.requests).toHaveLength(0);
	});

	it('names the missing or malformed key of a configuration', async () => {
		const json = readOnlyJson();
		const cases: Array<[unknown, string]> = [
			[toBase64Config({ ...json, appKey: undefined }), '"appKey" is missing'],
			[JSON.stringify({ ...json, privateKey: json.privateKey.slice(0, 40) }), '"privateKey" is not a base64 PKCS#8 P-256 private key'],
			[toBase64Config({ ...json, clientId: 'not-a-client-id' }), '"clientId" is not a base64 Secrets Manager client id'],
			[toBase64Config({ ...json, hostname: 'ftp://keepersecurity.com' }), '"hostname" must be a Keeper host'],
			[JSON.stringify(json).slice(0, 120), 'is not valid JSON (it may have been cut off when copied)'],
			['', 'The Keeper Secrets Manager configuration is empty'],
		];
		for (const [config, expected] of cases) {
			const result = await testCredential(KSM_CREDENTIAL, withConfig(config));
			expect({ status: result.status, message: result.message }).toEqual({
				status: 'Error',
				message: expect.stringContaining(expected),
			});
		}
	});

	it('reports a device that was removed from the application in the vault', async () => {
		const config = sandbox.addDevice(sandbox.applications.readOnly);
		sandbox.vault.removeDevice(configJson(config).clientId);

		const result = await testCredential(KSM_CREDENTIAL, withConfig(config));

		expect(result.status).toBe('Error');
		expect(result.message).toContain('Keeper Secrets Manager refused get_secret (HTTP 401, access_denied)');
		expect(result.message).toContain('may have been removed');
	});
});

describe('Keeper Secrets Manager credential · configurations in the node', () => {
	it('accepts the vault’s base64 export, JSON and the `ksm profile export` keeper.ini alike', async () => {
		const json = readOnlyJson();
		// keeper.ini keeps no server key: a custom host's key comes from the credential.
		const iniCredential = (config: string) => ({ secretConfig: config, useCustomHost: true, serverPublicKey: sandbox.serverPublicKey });
		const expected = sandbox.applications.readOnly.recordUids;
		for (const credential of [
			withConfig(sandbox.applications.readOnly.config),
			withConfig(JSON.stringify(json, null, 2)),
			iniCredential(Buffer.from(keeperIni(json)).toString('base64url')),
			iniCredential(keeperIni(json)),
		]) {
			const records = outputOf(await runKsm(listAll, credential));
			expect(records.map((record) => record.uid).sort()).toEqual(expected);
		}
	});

	it('fails on a pasted token or a malformed configuration with the same guidance', async () => {
		const token = errorOf(await runKsm(listAll, withConfig('US:4d8THSdmLZOeqZubMNqKWKcrgh7SyQiAQ9afVI0IL0I')));
		expect(token.message).toBe(
			'This is a one-time access token for keepersecurity.com, not a Secrets Manager configuration. ' +
				'A token works only once, so n8n needs the configuration it turns into',
		);
		expect(token.description).toContain('"Add Device"');

		const malformed = errorOf(await runKsm(listAll, withConfig(toBase64Config({ ...readOnlyJson(), appKey: 'c2hvcnQ=' }))));
		expect(malformed.message).toBe(
			'The Keeper Secrets Manager configuration cannot be used: "appKey" is not a base64 256-bit key',
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('turns a configuration of another application into a clear error', async () => {
		const json = readOnlyJson();
		const otherAppKey = configJson(sandbox.applications.readWrite.config).appKey;
		const error = errorOf(await runKsm(listAll, withConfig(toBase64Config({ ...json, appKey: otherAppKey }))));
		expect(error.message).toBe('The "appKey" in this configuration does not belong to its application');
	});

	it('sends requests to the custom hostname and server key given in the credential', async () => {
		const json = readOnlyJson();
		const exportedForKeeper = toBase64Config({ ...json, hostname: 'keepersecurity.com', serverPublicKey: undefined, serverPublicKeyId: '7' });
		const credential = {
			secretConfig: exportedForKeeper,
			useCustomHost: true,
			hostname: sandbox.url,
			serverPublicKeyId: String(sandbox.serverPublicKeyId),
			serverPublicKey: sandbox.serverPublicKey,
		};

		const records = outputOf(await runKsm(listAll, credential));

		expect(records).toHaveLength(sandbox.applications.readOnly.recordUids.length);
		expect(sandbox.requests.map((request) => request.keyId)).toEqual([sandbox.serverPublicKeyId]);
		expect((await testCredential(KSM_CREDENTIAL, credential)).status).toBe('OK');
	});

	it('names a malformed line of the custom server key field', async () => {
		const credential = {
			...credentialFor(sandbox.applications.readOnly),
			useCustomHost: true,
			serverPublicKey: `101:${sandbox.serverPublicKey}\n102 = not a key`,
		};
		const error = errorOf(await runKsm(listAll, credential));
		expect(error.message).toBe(
			'Line 2 of the credential\'s "Server Public Key" is neither a key nor "<key ID>:<key>"',
		);
	});
});

describe('Keeper Secrets Manager · throttling, key rotation and network failures', () => {
	it('waits as long as Keeper asks when throttled, then succeeds', async () => {
		sandbox.setFaults({ throttleNext: 2, retryAfterSeconds: 0.05 });

		const records = outputOf(await runKsm(listAll, credentialFor(sandbox.applications.readWrite)));

		expect(records).toHaveLength(sandbox.applications.readWrite.recordUids.length);
		expect(statuses()).toEqual(['403 throttled', '403 throttled', '200 ok']);
	});

	it('gives up at once when Keeper asks for a longer wait than a node should take', async () => {
		sandbox.setFaults({ throttleNext: 5, retryAfterSeconds: 90 });

		const error = errorOf(await runKsm(listAll, credentialFor(sandbox.applications.readWrite)));

		expect(error.message).toBe('Keeper Secrets Manager is throttling this application (get_secret)');
		expect(error.description).toContain('Run fewer executions at once');
		expect(statuses()).toEqual(['403 throttled']);
	});

	it('follows the host to another of its server keys when the credential lists them', async () => {
		const credential = {
			...credentialFor(sandbox.applications.readOnly),
			useCustomHost: true,
			serverPublicKey: Object.entries(sandbox.serverPublicKeys)
				.map(([id, key]) => `${id}:${key}`)
				.join('\n'),
		};
		sandbox.setFaults({ rotateKeyTo: 102 });

		const records = outputOf(await runKsm(listAll, credential));

		expect(records).toHaveLength(sandbox.applications.readOnly.recordUids.length);
		expect(sandbox.requests.map((request) => [request.keyId, request.status, request.error])).toEqual([
			[101, 400, 'key'],
			[102, 200, null],
		]);
	});

	it('explains a key rotation the configuration cannot follow', async () => {
		sandbox.setFaults({ rotateKeyTo: 103 });

		const error = errorOf(await runKsm(listAll, credentialFor(sandbox.applications.readOnly)));

		expect(error.message).toBe(
			'Keeper asked for server public key id 103, which this client cannot use (it sent key id 101)',
		);
		expect(error.description).toContain('export a fresh configuration');
	});

	it('reports a dropped connection as unreachable, naming the host only', async () => {
		sandbox.injectNetworkFault({ times: 1, dropConnection: true });

		const error = errorOf(await runKsm(listAll, credentialFor(sandbox.applications.readOnly)));

		expect(error.message).toMatch(new RegExp(`^Could not reach Keeper Secrets Manager at ${sandbox.url} \\(get_secret\\): \\S+`));
		expect(error.description).toContain('network connection');
	});
});
