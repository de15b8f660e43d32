// Processes and browser for the editor test: the package's sandboxes, a private n8n, Chromium.
// Every server listens on 127.0.0.1, every wait has a deadline, every process started is stopped.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { chromium, selectors } from 'playwright-core';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');

const OWNER = { email: 'owner@example.com', firstName: 'Ada', lastName: 'Owner', password: 'E2e-password-1' };

async function freePort() {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

async function until(what, deadlineMs, probe) {
	const deadline = Date.now() + deadlineMs;
	for (;;) {
		const value = await probe().catch(() => undefined);
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${deadlineMs / 1000} s waiting for ${what}`);
		await sleep(500);
	}
}

function started(command, args, env, logFile) {
	const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
	const log = [];
	const keep = (chunk) => {
		log.push(chunk.toString());
		if (log.length > 400) log.shift();
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	child.on('exit', () => writeFileSync(logFile, log.join('')));
	return {
		child,
		log: () => log.join(''),
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const exited = new Promise((resolve) => child.once('exit', resolve));
			if ((await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) === false) child.kill('SIGKILL');
		},
	};
}

/** The package's sandboxes (scripts/sandbox.ts) with a small directory; resolves to their credentials. */
export async function startSandboxes(workDir) {
	const file = join(workDir, 'sandbox-credentials.json');
	const sandbox = started('node', [join(ROOT, 'build/scripts/sandbox.js')], { SANDBOX_USERS: '12', SANDBOX_JSON: file }, join(workDir, 'sandbox.log'));
	const credentials = await until('the sandboxes', 30_000, async () => existsSync(file) && JSON.parse(readFileSync(file, 'utf8')));
	return { credentials, stop: sandbox.stop };
}

/** n8n on a free loopback port, with an owner account set up through its REST API. */
export async function startN8n(workDir) {
	const port = await freePort();
	// n8n's task broker listens even with runners off; its default port may be taken by another n8n.
	const brokerPort = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const n8n = started(
		process.env.N8N_BIN,
		['start'],
		{
			N8N_USER_FOLDER: workDir,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_EDITOR_BASE_URL: url,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_SECURE_COOKIE: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			DB_SQLITE_POOL_SIZE: '2',
		},
		join(workDir, 'n8n.log'),
	);
	try {
		await until('n8n to start', 120_000, async () => {
			if (n8n.child.exitCode !== null) throw new Error(`n8n exited:\n${n8n.log().slice(-3000)}`);
			// /healthz answers before start-up ends; an owner set up before then is reset.
			return /Editor is now accessible/.test(n8n.log()) && (await fetch(`${url}/healthz`)).ok;
		});
	} catch (error) {
		await n8n.stop();
		throw new Error(`${error.message}\n${n8n.log().slice(-3000)}`);
	}
	// Just after start-up n8n may accept the owner setup without keeping it: repeat until sign-in works.
	const post = async (path, body) =>
		await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	await until('the owner account', 60_000, async () => {
		await post('/rest/owner/setup', OWNER);
		return (await post('/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password })).ok;
	});
	return { url, log: n8n.log, stop: n8n.stop };
}

/** Debian's Chromium (never a downloaded browser), signed in to n8n as the owner. */
export async function openEditor(url) {
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: url });
	const login = await context.request.post('/rest/login', {
		data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
	});
	if (!login.ok()) throw new Error(`Sign-in failed: HTTP ${login.status()} ${await login.text()}`);
	const page = await context.newPage();
	page.setDefaultTimeout(20_000);
	mkdirSync(SCREENSHOTS, { recursive: true });
	return { browser, context, page };
}
