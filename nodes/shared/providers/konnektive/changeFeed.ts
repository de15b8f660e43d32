import type { IDataObject } from 'n8n-workflow';

import type { ChangeEvent, UserEventName } from '../../domain';
import type { Transport } from '../../transport/types';
import type { ChangeFeed } from '../types';
import { customerPages, MAX_RESULTS_PER_PAGE, queryCustomers } from './api';
import { detectChanges, queryWindow, type CustomerStamp, type FeedState, type QueryWindow } from './changeWindow';
import { addDays, EARLIEST_DAY, latestDay, toQueryDate } from './dates';
import { feedStateCodec } from './feedState';
import { customerIdOf, KONNEKTIVE_PROVIDER, normaliseKonnektiveCustomer } from './normalise';

/** Every customer whose date of the given kind falls in the window. */
async function customersIn(
	transport: Transport,
	window: QueryWindow,
	dateRangeType: 'dateCreated' | 'dateUpdated',
): Promise<IDataObject[]> {
	const customers: IDataObject[] = [];
	const qs = {
		dateRangeType,
		startDate: toQueryDate(window.start),
		endDate: toQueryDate(window.end),
		// Ascending, so that customers added while the pages are read land after them.
		sortDir: 1,
	};
	for await (const page of customerPages(transport, qs)) customers.push(...page);
	return customers.filter((customer) => customerIdOf(customer) !== '');
}

/** The newest customers of all time by the given date: what a baseline takes as already known. */
async function newestCustomers(
	transport: Transport,
	now: Date,
	dateRangeType: 'dateCreated' | 'dateUpdated',
): Promise<CustomerStamp[]> {
	const found = await queryCustomers(transport, {
		dateRangeType,
		startDate: toQueryDate(EARLIEST_DAY),
		// Far enough ahead for a clock that is behind Konnektive's.
		endDate: toQueryDate(addDays(latestDay(now), 366)),
		sortDir: 0,
		resultsPerPage: MAX_RESULTS_PER_PAGE,
		page: 1,
	});
	return stamps(found?.data ?? []);
}

function stamps(customers: IDataObject[]): CustomerStamp[] {
	return customers.map((customer) => ({
		id: customerIdOf(customer),
		dateCreated: customer.dateCreated,
		dateUpdated: customer.dateUpdated,
	}));
}

/**
 * New and edited customers since the last poll, from date-range queries over a window around it
 * (see changeWindow.ts). Updates are only queried when userUpdated is asked for.
 */
export const konnektiveChangeFeed: ChangeFeed<FeedState> = {
	codec: feedStateCodec,
	async poll(transport, previous, { events, now, timezone }) {
		const window = queryWindow(previous?.checkedAt, now, timezone, previous?.windowStart);
		const created = await customersIn(transport, window, 'dateCreated');
		const updated = events.includes('userUpdated') ? await customersIn(transport, window, 'dateUpdated') : undefined;

		const known = {
			created: previous ? undefined : await newestCustomers(transport, now, 'dateCreated'),
			updated: updated && !previous?.updated ? await newestCustomers(transport, now, 'dateUpdated') : undefined,
		};
		const detected = detectChanges(
			previous,
			{ created: stamps(created), updated: updated && stamps(updated) },
			{ window, now, timeZone: timezone, known },
		);
		const latest = new Map([...created, ...(updated ?? [])].map((customer) => [customerIdOf(customer), customer]));
		const detectedAt = now.toISOString();
		const toEvent = (event: UserEventName, id: string): ChangeEvent => ({
			event,
			provider: KONNEKTIVE_PROVIDER,
			user: normaliseKonnektiveCustomer(latest.get(id) as IDataObject),
			previous: null,
			// Konnektive does not say what changed, and the feed keeps no copy to compare with.
			changes: event === 'userUpdated' ? ['unknown'] : [],
			detectedAt,
		});
		return {
			events: [
				...(events.includes('userCreated') ? detected.created.map((id) => toEvent('userCreated', id)) : []),
				...detected.updated.map((id) => toEvent('userUpdated', id)),
			],
			state: detected.next,
		};
	},
};
