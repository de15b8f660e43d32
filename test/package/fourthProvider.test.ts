import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

import { packageUnderTest, runWorkflow, testCredential, usePackageAt } from '../../dev/harness/engine';
import { PACKAGE_ROOT } from '../../dev/harness/package';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY, USER_DIRECTORY_TRIGGER } from '../../dev/harness/workflows';
import { startAcmeSandbox, type AcmeSandbox } from '../fixtures/providers/acme/sandbox';
import { ActiveTrigger, summary } from '../nodes/UserDirectoryTrigger/support';

/**
 * Adding a provider touches only its folder and one registry line. The proof: a copy of the
 * built package (dist/ as it would be published) in a temporary folder, changed in exactly two
 * ways before n8n-core loads it —
 *   1. test/fixtures/providers/acme/*.ts, compiled on their own (their imports of the package are
 *      type-only), become dist/nodes/shared/providers/acme/, and package.json's `n8n.credentials`
 *      lists the provider's credential file there, as any new credential is listed;
 *   2. the compiled registry (dist/nodes/shared/providers/registry.js) gets one line: the
 *      provider as one more element of PROVIDERS.
 * Every other file is byte for byte the built one (checked below), so the User Directory node and
 * its trigger offer Acme's operations and events from its capabilities alone.
 */
const FIXTURE = join(PACKAGE_ROOT, 'test', 'fixtures', 'providers', 'acme');
const PROVIDER_FOLDER = join('dist', 'nodes', 'shared', 'providers', 'acme');
const REGISTRY = join('dist', 'nodes', 'shared', 'providers', 'registry.js');
const REGISTRY_LINE = '    require("./acme").acmeProvider,';
const CREDENTIAL_FILE = `${PROVIDER_FOLDER}/AcmeDirectoryApi.credentials.js`.split('\\').join('/');

function packageWithAcme(): string {
	const root = mkdtempSync(join(tmpdir(), 'user-directory-acme-'));
	cpSync(join(PACKAGE_ROOT, 'dist'), join(root, 'dist'), { recursive: true });
	// The copy resolves n8n-workflow where the package under test does (one instance, as in n8n).
	symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');

	mkdirSync(join(root, PROVIDER_FOLDER));
	for (const file of readdirSync(FIXTURE).filter((name) => name.endsWith('.ts') && name !== 'sandbox.ts')) {
		const { outputText } = transpileModule(readFileSync(join(FIXTURE, file), 'utf8'), {
			compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022, esModuleInterop: true },
			fileName: file,
		});
		writeFileSync(join(root, PROVIDER_FOLDER, file.replace(/\.ts$/, '.js')), outputText);
	}

	const registry = readFileSync(join(root, REGISTRY), 'utf8');
	const end = registry.indexOf('\n];', registry.indexOf('exports.PROVIDERS = ['));
	if (end < 0) throw new Error('test: the compiled registry has no PROVIDERS array');
	writeFileSync(join(root, REGISTRY), `${registry.slice(0, end)}\n${REGISTRY_LINE}${registry.slice(end)}`);

	const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { n8n: { credentials: string[] } };
	manifest.n8n.credentials.push(CREDENTIAL_FILE);
	writeFileSync(join(root, 'package.json'), JSON.stringify(manifest, null, 2));
	return root;
}

function filesUnder(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? filesUnder(join(folder, entry.name)).map((file) => join(entry.name, file)) : [entry.name],
	);
}

/** The Operation selector the editor shows for this provider and resource value. */
function operationsShown(properties: INodeProperties[], provider: string, resource: string): string[] {
	const selector = properties.find(
		(property) =>
			property.name === 'operation' &&
			property.displayOptions?.show?.provider?.includes(provider) &&
			property.displayOptions.show.resource?.includes(resource),
	);
	return ((selector?.options ?? []) as Array<{ value: string }>).map((option) => option.value);
}

describe('a fourth provider, added as its folder and one registry line', () => {
	let root: string;
	let sandbox: AcmeSandbox;
	const credentials = () => ({ acmeDirectoryApi: sandbox.credentials });
	const directoryNode = (parameters: IDataObject) =>
		node('Acme', USER_DIRECTORY, { provider: 'acme', ...parameters }, { credentials: credentialRefs('acmeDirectoryApi') });
	const run = async (parameters: IDataObject) => await runWorkflow(singleNodeWorkflow(directoryNode(parameters)), { credentials: credentials() });

	beforeAll(() => {
		root = packageWithAcme();
		usePackageAt(root);
	});
	afterAll(() => rmSync(root, { recursive: true, force: true }));
	beforeEach(async () => {
		sandbox = await startAcmeSandbox({ people: 5, pageSize: 2 });
	});
	afterEach(async () => await sandbox.close());

	it('changes nothing of the built package but the registry line, the provider folder and its credential entry', () => {
		const built = new Set(filesUnder(join(PACKAGE_ROOT, 'dist')));
		const copied = filesUnder(join(root, 'dist'));
		const added = copied.filter((file) => !built.has(file)).map((file) => join('dist', file));
		expect(added.sort()).toEqual(
			['AcmeDirectoryApi.credentials.js', 'index.js'].map((file) => join(PROVIDER_FOLDER, file)),
		);
		const changed = copied
			.filter((file) => built.has(file))
			.filter((file) => !readFileSync(join(root, 'dist', file)).equals(readFileSync(join(PACKAGE_ROOT, 'dist', file))));
		expect(changed.map((file) => join('dist', file))).toEqual([REGISTRY]);
		const before = readFileSync(join(PACKAGE_ROOT, REGISTRY), 'utf8').split('\n');
		const after = readFileSync(join(root, REGISTRY), 'utf8').split('\n');
		expect(after.filter((line) => line === REGISTRY_LINE)).toHaveLength(1);
		expect(after.filter((line) => line !== REGISTRY_LINE)).toEqual(before);
	});

	it('is offered in both nodes with the operations its capabilities give, and its own credential', () => {
		const { nodeTypes, credentialTypes } = packageUnderTest();
		const directory = nodeTypes[USER_DIRECTORY].description;
		const trigger = nodeTypes[USER_DIRECTORY_TRIGGER].description;
		for (const description of [directory, trigger]) {
			const provider = description.properties.find((property) => property.name === 'provider');
			expect(provider?.options).toContainEqual({ name: 'Acme Directory', value: 'acme' });
			expect(description.credentials).toContainEqual(
				expect.objectContaining({ name: 'acmeDirectoryApi', required: true, testedBy: 'acmeDirectoryApiTest' }),
			);
			expect(typeof nodeTypes[`n8n-nodes-user-directory.${description.name}`].methods?.credentialTest?.acmeDirectoryApiTest).toBe('function');
		}
		expect(credentialTypes.acmeDirectoryApi).toBeDefined();
		// Reads and setActive: Get, Get Many, Suspend, Unsuspend; no create, update, delete, groups or devices.
		expect(operationsShown(directory.properties, 'acme', 'acmeUser')).toEqual(['get', 'getAll', 'suspend', 'unsuspend']);
		expect(operationsShown(directory.properties, 'acme', 'acmeDirectory')).toEqual(['watch']);
		expect(operationsShown(directory.properties, 'acme', 'acmeGroup')).toEqual([]);
		const resources = directory.properties.find(
			(property) => property.name === 'resource' && property.displayOptions?.show?.provider?.includes('acme'),
		);
		expect((resources?.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['acmeUser', 'acmeDirectory']);
		// Its wording, and only snapshot options that fit it: its pages are read one after the other.
		const events = trigger.properties.find((property) => property.name === 'events' && property.displayOptions?.show?.provider?.includes('acme'));
		expect(events?.options).toContainEqual(
			expect.objectContaining({ value: 'userSuspended', description: 'An active user was suspended or archived (in Acme: disabled)' }),
		);
		const options = trigger.properties.find((property) => property.name === 'options')?.options as INodeProperties[];
		const shownFor = (name: string) => options.find((option) => option.name === name)?.displayOptions?.show?.['/provider'] ?? [];
		expect(shownFor('snapshotMode')).toContain('acme');
		expect(options.filter((option) => option.name === 'pageConcurrency').flatMap((option) => option.displayOptions?.show?.['/provider'])).not.toContain('acme');
	});

	it("tests its credential through the provider's probe", async () => {
		expect(await testCredential('acmeDirectoryApi', sandbox.credentials)).toMatchObject({ status: 'OK' });
		const wrongKey = await testCredential('acmeDirectoryApi', { ...sandbox.credentials, apiKey: 'bad-key-93x1' });
		expect(wrongKey).toMatchObject({ status: 'Error' });
		expect(wrongKey.message).not.toContain('bad-key-93x1');
	});

	it('lists, gets and suspends people through the User Directory node, with the API as proof', async () => {
		const many = await run({ resource: 'acmeUser', operation: 'getAll', returnAll: true, simplify: true });
		expect(many.error()).toBeUndefined();
		expect(many.output('Acme').map((user) => user.id)).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
		expect(many.output('Acme')[0]).toMatchObject({ provider: 'acme', email: 'person.number1@acme.example', status: 'active' });

		const one = await run({ resource: 'acmeUser', operation: 'get', userId: { __rl: true, mode: 'id', value: 'p-3' }, simplify: true });
		expect(one.output('Acme')).toEqual([expect.objectContaining({ id: 'p-3', lastName: 'Number3' })]);

		const suspend = { resource: 'acmeUser', operation: 'suspend', userId: { __rl: true, mode: 'id', value: 'p-2' } };
		const first = await run(suspend);
		expect(first.output('Acme')).toEqual([expect.objectContaining({ id: 'p-2', status: 'suspended', changed: true, alreadySuspended: false })]);
		expect(sandbox.people.get('p-2')?.disabled).toBe(true);
		const again = await run(suspend);
		expect(again.output('Acme')).toEqual([expect.objectContaining({ id: 'p-2', changed: false, alreadySuspended: true })]);
		expect(sandbox.server.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);

		// Mapped, so past the editor's check: the provider's id rule still stops it before any request.
		const refused = await run({ ...suspend, userId: { __rl: true, mode: 'id', value: '={{ "../admin" }}' } });
		expect(refused.error('Acme')?.message).toBe('"../admin" is not a person ID (Acme)');
		expect(sandbox.server.requests.some((request) => request.path.includes('admin'))).toBe(false);
	});

	it('reports a new person and a suspension through the User Directory Trigger, after a silent baseline', async () => {
		const triggerNode = node(
			'Acme Trigger',
			USER_DIRECTORY_TRIGGER,
			{ provider: 'acme', events: ['userCreated', 'userSuspended'] },
			{ credentials: credentialRefs('acmeDirectoryApi') },
		);
		const active = new ActiveTrigger(triggerNode, credentials());
		expect(await active.activate()).toEqual([]);
		expect(await active.poll()).toEqual([]);

		const hire = sandbox.hire('New', 'Hire');
		sandbox.people.get('p-4')!.disabled = true;
		const events = await active.poll();
		expect(summary(events)).toEqual([`userCreated ${hire.id}`, 'userSuspended p-4']);
		expect(events.find((event) => event.event === 'userSuspended')).toMatchObject({
			provider: 'acme',
			user: { id: 'p-4', status: 'suspended' },
			previous: { status: 'active' },
		});
		expect(await active.poll()).toEqual([]);
	});
});

