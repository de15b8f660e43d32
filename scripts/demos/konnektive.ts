import type { IDataObject, INode } from 'n8n-workflow';

import { pollTrigger, runWorkflow } from '../../dev/harness/engine';
import { KonnektiveCrm, startKonnektiveSandbox } from '../../dev/sandboxes/konnektive';
import { example, table } from './support';

/** Konnektive: customers as directory users, HTTP-200 errors explained, and the change feed. */
export async function runKonnektiveDemo(log: (line: string) => void): Promise<void> {
	const crm = KonnektiveCrm.seeded({ customers: 3_000, seed: 2024, now: new Date(), spreadDays: 730 });
	const sandbox = await startKonnektiveSandbox({ crm });
	const credentials = { konnektiveApi: sandbox.credentials };
	try {
		log(`Konnektive sandbox on ${sandbox.server.url}: ${crm.customers.size} customers, account time zone ${crm.timeZone}`);

		const run = await runWorkflow(example('konnektive-customers.json'), { credentials });
		const failure = run.error();
		if (failure) throw failure;
		log('Customers Changed This Week (Get Many, Date Type "Updated", limit 5):');
		for (const line of table(run.output('Customers Changed This Week'), [
			['id', (user) => user.id],
			['email', (user) => user.email],
			['name', (user) => user.displayName],
			['updatedAt (account time)', (user) => user.updatedAt],
		])) log(`  ${line}`);
		const [found] = run.output('Find Customer by Email');
		const [record] = run.output('Full Customer Record');
		log(`Find Customer by Email: ${String(found?.email)} → id ${String(found?.id)}`);
		log(`Full Customer Record (Simplify off): ${Object.keys(record ?? {}).length} fields, e.g. ${String(record?.city)}, ${String(record?.state)} · ${String(record?.campaignName)} · card …${String(record?.cardLast4)}`);
		log(`${sandbox.server.requests.length} requests; the login travels in each query string and never appears in output or errors`);

		sandbox.apiUser.ipWhitelisted = false;
		sandbox.echoRequestInErrors = true;
		const refused = await runWorkflow(example('konnektive-customers.json'), { credentials });
		const error = refused.error('Customers Changed This Week') as (Error & { description?: string }) | undefined;
		log('Konnektive answers errors with HTTP 200 and result "ERROR"; with the IP not whitelisted, the node says:');
		log(`  ${String(error?.message)}`);
		log(`  ${String(error?.description)}`);
		sandbox.apiUser.ipWhitelisted = true;
		sandbox.echoRequestInErrors = false;

		const trigger = example('konnektive-new-customers-trigger.json').nodes.find((node) => node.type.endsWith('userDirectoryTrigger')) as INode;
		const staticData: IDataObject = {};
		sandbox.server.requests.length = 0;
		const baseline = await pollTrigger(trigger, { credentials, staticData, activation: 'activate' });
		log(`Trigger activation: a baseline of the last days in ${sandbox.server.requests.length} requests, ${baseline?.[0]?.length ?? 0} events`);

		crm.clock = new Date();
		const hires = [crm.addCustomer({ firstName: 'Amara', lastName: 'Okafor' }), crm.addCustomer({ firstName: 'Lars', lastName: 'Eriksen' })];
		const regular = crm.list()[10];
		crm.updateCustomer(regular.customerId, { emailAddress: 'new.address@example.net' });
		crm.updateCustomer(hires[1].customerId, { phoneNumber: '3125550188' });
		const events = (await pollTrigger(trigger, { credentials, staticData }))?.[0] ?? [];
		log(`Added 2 customers, edited 1 existing and 1 new one; the next poll reports ${events.length} events:`);
		for (const { json } of events) {
			const user = json.user as IDataObject;
			log(`  ${String(json.event)}  ${String(user.id)}  ${String(user.displayName)} <${String(user.email)}>`);
		}
		const again = await pollTrigger(trigger, { credentials, staticData });
		log(`Polling again: ${again?.[0]?.length ?? 0} events (each change is reported once); saved state ${JSON.stringify(staticData).length} bytes`);
	} finally {
		await sandbox.close();
	}
}
