// The nodes as a person meets them in n8n's editor (run by test/e2e/run.sh, with plain node).
// Each check drives the real editor in Chromium and reads what is on screen; a screenshot of each
// goes to artifacts/screenshots/. Closes with "N passed, N failed"; exits non-zero on a failure.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { openEditor, SCREENSHOTS, startN8n, startSandboxes } from './support.mjs';

const PACKAGE = 'n8n-nodes-user-directory';
const DOCS = 'https://github.com/n8n-nodes-user-directory/n8n-nodes-user-directory/blob/main/docs/';
const workDir = process.env.N8N_USER_FOLDER;
// The package exactly as installed into n8n, to know what the node list must offer.
const installed = createRequire(join(workDir, '.n8n/nodes/node_modules', PACKAGE, 'package.json'));
const { UserDirectory } = installed('./dist/nodes/UserDirectory/UserDirectory.node.js');
const { UserDirectoryTrigger } = installed('./dist/nodes/UserDirectoryTrigger/UserDirectoryTrigger.node.js');

const results = [];
let page;
let context;

async function check(name, screenshot, run) {
	const started = Date.now();
	try {
		await run();
		results.push({ name, ok: true });
		process.stdout.write(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
	} catch (error) {
		results.push({ name, ok: false });
		process.stdout.write(`✗ ${name}\n    ${String(error?.message ?? error).split('\n').slice(0, 6).join('\n    ')}\n`);
	} finally {
		await page.screenshot({ path: join(SCREENSHOTS, `${screenshot}.png`) }).catch(() => undefined);
	}
}

function expect(condition, message) {
	if (!condition) throw new Error(message);
}

function expectEqual(actual, expected, what) {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e) throw new Error(`${what}:\n  expected ${e}\n  got      ${a}`);
}

/** Every action the User Directory node offers, per the installed description. */
function expectedActions() {
	const { properties } = new UserDirectory().description;
	return properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => property.options.map((option) => option.action));
}

/** A workflow with a Manual Trigger, opened in the editor (the node list then offers actions). */
async function openWorkflow(nodes = []) {
	const manual = { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const response = await context.request.post('/rest/workflows', {
		data: { name: `e2e ${Date.now()}`, nodes: [manual, ...nodes], connections: {}, settings: {} },
	});
	expect(response.ok(), `Creating a workflow failed: HTTP ${response.status()}`);
	const { id } = (await response.json()).data;
	await page.goto(`/workflow/${id}`);
	await page.getByTestId('node-creator-plus-button').waitFor({ timeout: 90_000 });
	return id;
}

async function openNodeList() {
	for (let attempt = 0; attempt < 5; attempt++) {
		await page.getByTestId('node-creator-plus-button').click();
		if (await page.getByTestId('node-creator-search-bar').waitFor({ timeout: 5_000 }).then(() => true, () => false)) return;
	}
	throw new Error('The node list did not open');
}

async function search(text) {
	await page.getByTestId('node-creator-search-bar').fill(text);
	await page.waitForTimeout(600);
}

async function openEntry(name) {
	await search(name);
	await page.getByTestId('item-iterator-item').filter({ hasText: name }).first().click();
	await page.getByTestId('nodes-list-header').filter({ hasText: 'Node details' }).waitFor();
}

/** A trigger event in the open entry (n8n folds the Triggers list when the workflow has a trigger). */
function triggerAction(name) {
	const item = page.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${name}$`, 'i') }).first();
	return {
		click: async () => {
			if (!(await item.isVisible())) await page.getByTestId('node-creator-category-item').filter({ hasText: 'Triggers' }).first().click();
			await item.click();
		},
	};
}

async function listedNames() {
	return (await page.getByTestId('node-creator').getByTestId('node-creator-item-name').allInnerTexts()).map((text) => text.trim());
}

/** The text shown in a parameter's field in the open node panel. */
async function fieldValue(parameter) {
	const input = page.getByTestId(`parameter-input-${parameter}`);
	await input.waitFor();
	return (await input.locator('input').first().inputValue().catch(() => '')) || (await input.innerText()).trim();
}

/** A new User Directory Trigger for `event`, picked in the node list; its open panel. */
async function newTrigger(event) {
	await openWorkflow();
	await openNodeList();
	await openEntry('User Directory');
	await triggerAction(event).click();
	const panel = page.getByTestId('ndv');
	await panel.waitFor();
	return panel;
}

/** Adds `displayName` to a collection through its "Add …" select (whose label is its placeholder). */
async function addToCollection(panel, placeholder, displayName) {
	await panel.getByPlaceholder(placeholder).or(panel.getByText(placeholder, { exact: true })).first().click();
	await page.getByText(displayName, { exact: true }).last().click();
}

/** The open node's credential select, or the "Connect to …" button n8n 2.41 and later show while no credential of the type exists. */
async function credentialField() {
	const select = page.getByTestId('node-credentials-select');
	const connect = page.getByTestId('ndv').getByRole('button', { name: /^Connect to / });
	await select.or(connect).first().waitFor();
	return { select, connect };
}

/**
 * Opens the dialog for a new credential of the node in the panel, from its credential select or its
 * "Connect to …" button.
 */
async function newCredentialDialog() {
	const { select, connect } = await credentialField();
	if (await select.isVisible()) {
		await select.click();
		await page.getByText('Create new credential').first().click();
	} else await connect.first().click();
	const dialog = page.getByTestId('editCredential-modal');
	await dialog.waitFor();
	return dialog;
}

/** The credential the node in the panel was given ('' when none: n8n 2.41 then shows "Connect to …"). */
async function assignedCredential() {
	const { select } = await credentialField();
	return (await select.isVisible()) ? await select.locator('input').first().inputValue() : '';
}

async function closePanel() {
	await page.getByTestId('ndv-close-button').click().catch(() => page.keyboard.press('Escape'));
	await page.getByTestId('ndv').waitFor({ state: 'hidden' }).catch(() => undefined);
}

/** Picks an option of an options parameter in the open panel or dialog. */
async function choose(parameter, option, scope = page) {
	await scope.getByTestId(`parameter-input-${parameter}`).click();
	await page.getByRole('option', { name: option, exact: true }).last().click();
}

async function fillText(parameter, value, scope) {
	const field = scope.getByTestId(`parameter-input-${parameter}`).locator('input, textarea').first();
	await field.fill(value);
}

/** Hovers a parameter's info icon and returns the tooltip n8n shows, found by how it starts. */
async function tooltipOf(scope, label, startsWith) {
	const labelElement = scope.locator('.n8n-input-label').filter({ hasText: label }).first();
	await labelElement.hover();
	await labelElement.locator('[class*="infoIcon"] [data-grace-area-trigger]').first().hover({ force: true });
	const tooltip = page.getByText(startsWith).first();
	await tooltip.waitFor({ timeout: 5_000 });
	return (await tooltip.innerText()).trim();
}

/** E2E_ATTACH=<file with {url, credentials}>: use an n8n and sandboxes already running (to iterate on this test). */
async function servers() {
	if (!process.env.E2E_ATTACH) return { sandboxes: await startSandboxes(workDir), start: async () => await startN8n(workDir) };
	const { url, credentials } = JSON.parse(readFileSync(process.env.E2E_ATTACH, 'utf8'));
	return { sandboxes: { credentials, stop: async () => undefined }, start: async () => ({ url, stop: async () => undefined }) };
}

async function main() {
	const { sandboxes, start } = await servers();
	let n8n;
	let browser;
	try {
		n8n = await start();
		({ browser, context, page } = await openEditor(n8n.url));

		await check('node list: one User Directory entry with every action of every provider, once, named with the provider', 'node-list-user-directory', async () => {
			await openWorkflow();
			await openNodeList();
			await openEntry('User Directory');
			const header = await page.getByTestId('node-creator').innerText();
			const names = await listedNames();
			const expected = expectedActions();
			const missing = expected.filter((action) => !names.includes(action));
			const twice = names.filter((name, index) => names.indexOf(name) !== index);
			expectEqual(missing, [], 'actions missing from the node list');
			expectEqual(twice, [], 'actions listed twice');
			expect(!names.some((name) => /custom api call/i.test(name)), 'the node list offers a Custom API Call');
			for (const action of ["Lock a user's Kandji devices", "Get a user's Kandji devices", 'Get many Konnektive users', 'Suspend a Keeper user'])
				expect(names.includes(action), `"${action}" is not in the node list`);
			expect(/Actions \(24\)/.test(header), `the entry does not say "Actions (24)": ${header.slice(0, 400)}`);
			expect(/Keeper, Kandji and Konnektive/.test(header), 'the entry’s details do not name the three directories');
		});

		for (const term of ['lock', 'device', 'Kandji']) {
			await check(`node list: searching "${term}" finds the User Directory`, `node-list-search-${term.toLowerCase()}`, async () => {
				await page.keyboard.press('Escape');
				await openNodeList();
				await search(term);
				const names = await listedNames();
				expect(names.includes('User Directory'), `searching "${term}" lists: ${names.slice(0, 8).join(', ')}`);
			});
		}

		const actionChecks = [
			{ action: "Lock a user's Kandji devices", provider: 'Kandji', resource: 'Kandji User', operation: 'Lock Devices', credential: 'kandjiApi', shot: 'panel-kandji-lock-devices' },
			{ action: 'Suspend a Keeper user', provider: 'Keeper (SCIM)', resource: 'Keeper User', operation: 'Suspend', credential: 'keeperScimApi', shot: 'panel-keeper-suspend' },
			{ action: 'Get many Konnektive users', provider: 'Konnektive (Customers)', resource: 'Konnektive User', operation: 'Get Many', credential: 'konnektiveApi', shot: 'panel-konnektive-get-many' },
		];
		for (const { action, provider, resource, operation, shot } of actionChecks) {
			await check(`action "${action}": the panel shows Provider ${provider}, ${resource}, ${operation}; the node is named after the action`, shot, async () => {
				await openWorkflow();
				await openNodeList();
				await openEntry('User Directory');
				await page.getByTestId('item-iterator-item').filter({ hasText: action }).first().click();
				await page.getByTestId('ndv').waitFor();
				expectEqual(await fieldValue('provider'), provider, 'Provider field');
				expectEqual(await fieldValue('resource'), resource, 'Resource field');
				expectEqual(await fieldValue('operation'), operation, 'Operation field');
				// n8n names the node after the action when it can tell it at creation; never "LockDevices user".
				const title = (await page.getByTestId('node-title-container').innerText()).trim();
				expect([action, 'User Directory'].includes(title), `node name: ${title}`);
				const docs = await page.getByTestId('ndv').getByRole('link', { name: /docs/i }).first().getAttribute('href');
				expect(docs?.startsWith(`${DOCS}user-directory.md`) && !docs.includes('#'), `Docs link: ${docs}`);
			});
		}

		await check('Operation lists offer no Custom API Call', 'panel-operation-options', async () => {
			await page.getByTestId('parameter-input-operation').click();
			const options = await page.getByRole('option').allInnerTexts();
			expect(options.length > 1, 'the Operation list did not open');
			expect(!options.some((option) => /custom api call/i.test(option)), `Operation offers: ${options.join(' | ')}`);
			await page.keyboard.press('Escape');
		});

		const credentialChecks = [
			{ type: 'keeperScimApi', action: 'Get many Keeper users', name: 'Keeper SCIM account', page: 'keeper.md', fill: async (dialog, c) => { await choose('region', 'Custom (Proxy or Local Sandbox)', dialog); await fillText('baseUrl', c.baseUrl, dialog); await fillText('nodeId', c.nodeId, dialog); await fillText('apiToken', c.apiToken, dialog); } },
			{ type: 'kandjiApi', action: 'Get many Kandji users', name: 'Kandji account', page: 'kandji.md', fill: async (dialog, c) => { await choose('region', 'Custom (Proxy or Local Sandbox)', dialog); await fillText('baseUrl', c.baseUrl, dialog); await fillText('apiToken', c.apiToken, dialog); } },
			{ type: 'konnektiveApi', action: 'Get many Konnektive users', name: 'Konnektive account', page: 'konnektive.md', fill: async (dialog, c) => { await fillText('loginId', c.loginId, dialog); await fillText('password', c.password, dialog); await fillText('baseUrl', c.baseUrl, dialog); } },
		];
		for (const credential of credentialChecks) {
			await check(`credential ${credential.type}: the dialog is named "${credential.name}", links this package's page, and its Test passes against the sandbox`, `credential-${credential.type}`, async () => {
				await openWorkflow();
				await openNodeList();
				await openEntry('User Directory');
				await page.getByTestId('item-iterator-item').filter({ hasText: credential.action }).first().click();
				await page.getByTestId('ndv').waitFor();
				const dialog = await newCredentialDialog();
				const name = (await dialog.getByTestId('credential-name').innerText()).trim();
				expect(new RegExp(`^${credential.name}( \\d+)?$`).test(name), `new credential name: ${name}`);
				const docs = await dialog.getByRole('link', { name: /docs/i }).first().getAttribute('href');
				expect(docs?.startsWith(`${DOCS}${credential.page}`), `Open docs link: ${docs}`);
				await credential.fill(dialog, sandboxes.credentials[credential.type]);
				await dialog.getByTestId('credential-save-button').click();
				// n8n 2.41 and later close a dialog opened from "Connect to …" once the test passed: the message is then rendered but hidden.
				await dialog.getByText('Connection tested successfully').waitFor({ state: 'attached', timeout: 30_000 });
			});
		}

		await check('picker: Keeper Get user lists the sandbox users From List, narrows them by a search, and runs with the pick', 'picker-keeper-users', async () => {
			// The Keeper credential made above is the one the new node gets.
			await openWorkflow();
			await openNodeList();
			await openEntry('User Directory');
			await page.getByTestId('item-iterator-item').filter({ hasText: 'Get a Keeper user' }).first().click();
			const panel = page.getByTestId('ndv');
			await panel.waitFor();
			const picker = panel.getByTestId('parameter-input-userId');
			const modes = picker.getByTestId('rlc-mode-selector');
			const mode = await modes.locator('input').first().inputValue().catch(async () => (await modes.innerText()).trim());
			expectEqual(mode.toLowerCase(), 'from list', 'the User picker\'s mode');
			await picker.getByTestId('rlc-input').click();
			// The list opens in a popover outside the panel; it scrolls, so count what it holds.
			const items = page.getByTestId('rlc-item').filter({ visible: true });
			await items.first().waitFor({ timeout: 20_000 });
			const all = (await page.getByTestId('rlc-item').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
			expect(all.length >= 5 && all.length <= 12, `users listed: ${all.length} (the sandbox has 12)`);
			expect(all.every((entry) => /^.+ \(.+@.+\)$/.test(entry)), `entries are not "Name (email)": ${all.slice(0, 3).join(' | ')}`);
			const wanted = all[2];
			const lastName = wanted.split(' (')[0].split(' ').pop();
			const searchBox = page.locator('[data-test-id="rlc-search"] input, input[data-test-id="rlc-search"], input[placeholder="Search..."]');
			await searchBox.filter({ visible: true }).first().fill(lastName);
			await page.waitForTimeout(1_500);
			const narrowed = (await items.allInnerTexts()).map((text) => text.trim()).filter(Boolean);
			expect(narrowed.includes(wanted) && narrowed.every((entry) => entry.toLowerCase().includes(lastName.toLowerCase())),
				`searching "${lastName}" lists: ${narrowed.join(' | ')}`);
			await page.screenshot({ path: join(SCREENSHOTS, 'picker-keeper-users-search.png') });
			await items.filter({ hasText: wanted }).first().click();
			await page.getByTestId('node-execute-button').first().click();
			const email = wanted.slice(wanted.indexOf(' (') + 2, -1);
			await panel.getByText(email).first().waitFor({ timeout: 30_000 });
		});

		await check('a new node is not given another provider’s credential', 'credential-not-auto-selected', async () => {
			// Credentials of all three providers exist now (the Konnektive one newest).
			await openWorkflow();
			await openNodeList();
			await openEntry('User Directory');
			await page.getByTestId('item-iterator-item').filter({ hasText: 'Get a Kandji user' }).first().click();
			await page.getByTestId('ndv').waitFor();
			const selected = await assignedCredential();
			expect(!/Konnektive|Keeper/.test(selected), `the Kandji node was given "${selected}"`);
			expectEqual(await fieldValue('provider'), 'Kandji', 'Provider field');
		});

		/** The Keeper sandbox's team names, as its SCIM API lists them. */
		const keeperTeamNames = async () => {
			const keeper = sandboxes.credentials.keeperScimApi;
			const groups = await fetch(`${keeper.baseUrl}/api/rest/scim/v2/${keeper.nodeId}/Groups`, {
				headers: { authorization: `Bearer ${keeper.apiToken}` },
			});
			return (await groups.json()).Resources.map((team) => team.displayName);
		};

		const triggerEvents = new UserDirectoryTrigger().description.properties.find((property) => property.name === 'events').options;
		await check(`trigger: each event picked in the node list (${triggerEvents.length}) arrives in the new trigger, with Provider shown`, 'trigger-from-node-list', async () => {
			await openWorkflow();
			const wrong = [];
			for (const event of triggerEvents) {
				await openNodeList();
				await openEntry('User Directory');
				await triggerAction(`On ${event.name}`).click();
				await page.getByTestId('ndv').waitFor();
				const events = (await page.getByTestId('parameter-input-events').innerText()).trim();
				const provider = await fieldValue('provider');
				if (events !== event.name || provider !== 'Keeper (SCIM)') wrong.push(`${event.name}: Events "${events}", Provider "${provider}"`);
				await closePanel();
			}
			expectEqual(wrong, [], 'triggers added from the node list');
		});

		await check('trigger: Docs opens the trigger’s page, not an anchor', 'trigger-docs-link', async () => {
			await openWorkflow();
			await openNodeList();
			await openEntry('User Directory');
			await triggerAction('On User Created').click();
			await page.getByTestId('ndv').waitFor();
			const docs = await page.getByTestId('ndv').getByRole('link', { name: /docs/i }).first().getAttribute('href');
			expect(docs?.startsWith(`${DOCS}user-directory-trigger.md`) && !docs.includes('#'), `Docs link: ${docs}`);
		});

		await check('trigger filters: Add Filter → Group Names or IDs lists the Keeper sandbox\'s teams by name', 'trigger-filter-groups', async () => {
			const teams = (await keeperTeamNames()).sort((a, b) => a.localeCompare(b));
			const panel = await newTrigger('On User Suspended');
			await addToCollection(panel, 'Add Filter', 'Group Names or IDs');
			const field = panel.getByTestId('parameter-input-groups');
			await field.waitFor();
			// The select stays disabled while n8n loads its options from the directory.
			const select = field.locator('input.el-input__inner, input[role="combobox"]').last();
			for (let waited = 0; !(await select.isEnabled()) && waited < 30_000; waited += 500) await page.waitForTimeout(500);
			await field.click();
			const listed = page.getByRole('option').filter({ visible: true });
			await listed.first().waitFor({ timeout: 20_000 });
			const names = (await listed.allInnerTexts()).map((text) => text.split('\n')[0].trim()).filter(Boolean);
			expectEqual(names, teams, 'teams offered by the group filter');
			await listed.first().click();
			await page.keyboard.press('Escape');
			expect((await field.innerText()).includes(teams[0]), `the picked team is shown: ${await field.innerText()}`);
		});

		await check('trigger options: Emit Existing Users, Snapshot Mode (and each mode) and the group filter show their descriptions in full', 'trigger-option-descriptions', async () => {
			const properties = new UserDirectoryTrigger().description.properties;
			const option = (collection, name) =>
				properties.filter((property) => property.name === collection).flatMap((property) => property.options ?? []).find((entry) => entry.name === name);
			const emitExisting = option('options', 'emitExistingUsers');
			const snapshotMode = option('options', 'snapshotMode');
			const groupFilter = option('filters', 'groups');
			/** The rendered text, without what the editor adds or the markup of a link. */
			const plain = (text) => text.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
			const panel = await newTrigger('On User Suspended');
			const add = async (placeholder, entry) => {
				await addToCollection(panel, placeholder, entry.displayName);
				await panel.getByTestId(`parameter-input-${entry.name}`).waitFor();
			};
			await add('Add Filter', groupFilter);
			const groupTooltip = await tooltipOf(panel, groupFilter.displayName, plain(groupFilter.description).slice(0, 40));
			expectEqual(plain(groupTooltip), plain(groupFilter.description), 'the group filter\'s tooltip');
			await page.screenshot({ path: join(SCREENSHOTS, 'trigger-tooltip-group-filter.png') });
			await page.mouse.move(0, 0);
			await add('Add Option', emitExisting);
			const emitTooltip = await tooltipOf(panel, emitExisting.displayName, emitExisting.description.slice(0, 40));
			expectEqual(plain(emitTooltip), plain(emitExisting.description), 'Emit Existing Users\' tooltip');
			await page.screenshot({ path: join(SCREENSHOTS, 'trigger-tooltip-emit-existing.png') });
			await page.mouse.move(0, 0);
			await add('Add Option', snapshotMode);
			const modeTooltip = await tooltipOf(panel, snapshotMode.displayName, snapshotMode.description.slice(0, 30));
			expectEqual(plain(modeTooltip), plain(snapshotMode.description), 'Snapshot Mode\'s tooltip');
			await page.mouse.move(0, 0);
			// Each mode's description is shown under its name in the open list (the check's screenshot).
			await panel.getByTestId('parameter-input-snapshotMode').click();
			const listed = page.getByRole('option').filter({ visible: true });
			await listed.first().waitFor();
			const shown = plain((await listed.allInnerTexts()).join(' '));
			for (const mode of snapshotMode.options) expect(shown.includes(plain(mode.description)), `"${mode.name}" is listed without its description: ${shown}`);
		});

		await check('trigger: On User Added to Group → Fetch Test Event shows real users, each with one of their teams', 'trigger-membership-sample', async () => {
			const teams = await keeperTeamNames();
			const panel = await newTrigger('On User Added to Group');
			await panel.getByRole('button', { name: /fetch test event/i }).first().click();
			await panel.getByText('userAddedToGroup').first().waitFor({ timeout: 30_000 });
			const shown = await panel.innerText();
			expect(teams.some((team) => shown.includes(team)), `no team name among the sample's items: ${shown.slice(0, 400)}`);
		});

		await check('tooltips keep text in angle brackets (Keeper Secrets Manager credential)', 'tooltip-angle-brackets', async () => {
			await openWorkflow();
			await openNodeList();
			await openEntry('Keeper Secrets Manager');
			await page.getByTestId('item-iterator-item').filter({ hasText: /notation/i }).first().click();
			await page.getByTestId('ndv').waitFor();
			const notation = await tooltipOf(page.getByTestId('ndv'), 'Notation', 'Keeper notation:');
			expect(notation.includes('keeper://<record UID or title>/field/<type>'), `Notation tooltip: ${notation}`);
			const dialog = await newCredentialDialog();
			const configuration = await tooltipOf(dialog, 'Configuration', 'The Secrets Manager device configuration');
			expect(configuration.includes('ksm profile init --token <one-time token>'), `Configuration tooltip: ${configuration}`);
		});

		await check('AI Agent tools: the User Directory tool is found by "Kandji"', 'ai-tool-search-kandji', async () => {
			const types = await (await context.request.get('/types/nodes.json')).json();
			const tool = types.find((type) => type.name === `${PACKAGE}.userDirectoryTool`);
			expect(tool && /Kandji/.test(tool.displayName), `tool display name: ${tool?.displayName}`);
			await openWorkflow();
			await openNodeList();
			await search('Kandji');
			const names = await listedNames();
			expect(names.some((name) => /User Directory/.test(name)), `searching "Kandji" lists: ${names.join(', ')}`);
		});
	} finally {
		await browser?.close().catch(() => undefined);
		await n8n?.stop();
		await sandboxes.stop();
	}
}

await main().catch((error) => {
	results.push({ name: 'set-up', ok: false });
	process.stdout.write(`✗ set-up\n    ${error?.stack ?? error}\n`);
});
const failed = results.filter((result) => !result.ok).length;
process.stdout.write(`Screenshots: ${SCREENSHOTS}\n${results.length - failed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
