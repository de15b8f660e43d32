import type { IDataObject } from 'n8n-workflow';

import {
	detectChanges,
	queryWindow,
	type CustomerStamp,
	type FeedState,
	type QueryWindow,
} from '../../../../../nodes/shared/providers/konnektive/changeWindow';
import { feedStateCodec } from '../../../../../nodes/shared/providers/konnektive/feedState';
import { addDays, dayIn, dayOfParameter, parseKonnektiveDateTime, toQueryDate } from '../../../../../nodes/shared/providers/konnektive/dates';
import { KonnektiveCrm, type KonnektiveCustomer } from '../../../../../dev/sandboxes/konnektive/crm';
import { integerBetween, pick, seededRandom } from '../../../../../dev/sandboxes/random';

const UTC = 'UTC';

/** The state as the detection reads it back from static data: none before the first poll. */
function decodeFeedState(stored: IDataObject | undefined): FeedState | undefined {
	return stored === undefined ? undefined : feedStateCodec.decode(stored);
}

const encodeFeedState = feedStateCodec.encode;

/** What Konnektive's two queries return for a window: customers whose account-local day is in it. */
function observe(crm: KonnektiveCrm, window: QueryWindow, trackUpdates = true, ignoresRange = false) {
	const inWindow = (instant: Date) => {
		const day = crm.localDay(instant);
		return ignoresRange || (day >= window.start && day <= window.end);
	};
	const stamp = (customer: KonnektiveCustomer): CustomerStamp => ({
		id: String(customer.customerId),
		dateCreated: crm.localDateTime(customer.created),
		dateUpdated: crm.localDateTime(customer.updated),
	});
	return {
		created: crm.list().filter((customer) => inWindow(customer.created)).map(stamp),
		updated: trackUpdates ? crm.list().filter((customer) => inWindow(customer.updated)).map(stamp) : undefined,
	};
}

/** One poll as the change feed runs it, with the state round-tripped through JSON like n8n's database. */
function poll(
	crm: KonnektiveCrm,
	stored: IDataObject | undefined,
	options: { timeZone?: string; trackUpdates?: boolean; ignoresRange?: boolean; clockOffsetMs?: number } = {},
) {
	const timeZone = options.timeZone ?? UTC;
	const now = new Date(crm.clock.getTime() + (options.clockOffsetMs ?? 0));
	const previous = decodeFeedState(stored);
	const window = queryWindow(previous?.checkedAt, now, timeZone, previous?.windowStart);
	const trackUpdates = options.trackUpdates ?? true;
	const everything = observe(crm, window, trackUpdates, true);
	const detected = detectChanges(previous, observe(crm, window, trackUpdates, options.ignoresRange), {
		window,
		now,
		timeZone,
		// What the feed's baseline asks for: the newest customers of all time.
		known: { created: previous ? undefined : everything.created, updated: previous?.updated ? undefined : everything.updated },
	});
	const state = JSON.parse(JSON.stringify(encodeFeedState(detected.next))) as IDataObject;
	return { ...detected, window, state };
}

function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null) {
		for (const inner of Object.values(value)) deepFreeze(inner);
		Object.freeze(value);
	}
	return value;
}

describe('Konnektive dates', () => {
	it('reads the date-time formats Konnektive may use, keeping the day as written', () => {
		expect(parseKonnektiveDateTime('2024-03-15 13:45:12')).toEqual({ day: '2024-03-15', iso: '2024-03-15T13:45:12' });
		expect(parseKonnektiveDateTime('2024-03-15T13:45:12.250-05:00')).toEqual({
			day: '2024-03-15',
			iso: '2024-03-15T13:45:12.250-05:00',
		});
		expect(parseKonnektiveDateTime('2024-03-15')).toEqual({ day: '2024-03-15', iso: '2024-03-15' });
		expect(parseKonnektiveDateTime('03/15/2024 1:05 PM')).toEqual({ day: '2024-03-15', iso: '2024-03-15T13:05:00' });
		expect(parseKonnektiveDateTime('03/15/2024 12:00:09 AM')).toEqual({ day: '2024-03-15', iso: '2024-03-15T00:00:09' });
		expect(parseKonnektiveDateTime('3/5/2024')).toEqual({ day: '2024-03-05', iso: '2024-03-05' });
	});

	it('refuses what is not a real date or time', () => {
		for (const value of ['2024-02-30 10:00:00', '2024-03-15 24:00:00', '13/01/2024', '03/15/2024 13:00 PM', 'yesterday', '', null, 20240315]) {
			expect(parseKonnektiveDateTime(value)).toBeUndefined();
		}
	});

	it('takes the day a user meant from the date picker, expressions and typed text', () => {
		expect(dayOfParameter('2024-03-01T00:00:00')).toBe('2024-03-01');
		expect(dayOfParameter('2024-03-01T23:30:00.000+09:00')).toBe('2024-03-01');
		expect(dayOfParameter('03/01/2024')).toBe('2024-03-01');
		expect(dayOfParameter(new Date(Date.UTC(2024, 2, 1, 12)))).toBe('2024-03-01');
		expect(dayOfParameter({ toISO: () => '2024-03-01T08:00:00.000-05:00' })).toBe('2024-03-01');
		expect(dayOfParameter('soon')).toBeUndefined();
	});

	it('formats query dates as MM/DD/YYYY and counts days across month and year ends', () => {
		expect(toQueryDate('2024-03-05')).toBe('03/05/2024');
		expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
		expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
	});

	it('finds the calendar day of an instant in a time zone, falling back to UTC for an unknown zone', () => {
		const instant = new Date(Date.UTC(2024, 2, 15, 2, 0, 0));
		expect(dayIn(instant, 'UTC')).toBe('2024-03-15');
		expect(dayIn(instant, 'America/Los_Angeles')).toBe('2024-03-14');
		expect(dayIn(instant, 'Pacific/Kiritimati')).toBe('2024-03-15');
		expect(dayIn(instant, 'Not/A_Zone')).toBe('2024-03-15');
	});
});

describe('Konnektive change window', () => {
	const now = new Date(Date.UTC(2024, 2, 15, 12, 0, 0));

	it('covers the last check and now with a day of margin on each side', () => {
		expect(queryWindow('2024-03-13T23:59:00.000Z', now, UTC)).toEqual({ start: '2024-03-12', end: '2024-03-16' });
		expect(queryWindow(undefined, now, UTC)).toEqual({ start: '2024-03-14', end: '2024-03-16' });
		// In the workflow's time zone: 12:00 UTC is already the 16th in Tokyo.
		expect(queryWindow(undefined, now, 'Asia/Tokyo')).toEqual({ start: '2024-03-14', end: '2024-03-16' });
		expect(queryWindow('2024-03-15T16:00:00.000Z', new Date('2024-03-15T16:30:00.000Z'), 'Asia/Tokyo')).toEqual({
			start: '2024-03-15',
			end: '2024-03-17',
		});
	});

	it('treats a last check in the future (a clock set back) as now, unless the last window started earlier', () => {
		expect(queryWindow('2024-04-30T00:00:00.000Z', now, UTC)).toEqual(queryWindow(undefined, now, UTC));
		expect(queryWindow('2024-04-30T00:00:00.000Z', now, UTC, '2024-03-10')).toEqual({ start: '2024-03-10', end: '2024-03-16' });
	});
});

describe('Konnektive change detection', () => {
	let crm: KonnektiveCrm;
	beforeEach(() => {
		crm = KonnektiveCrm.seeded({ customers: 80, seed: 3, spreadDays: 5, now: new Date(Date.UTC(2024, 2, 15, 18, 0, 0)) });
	});

	it('records a baseline on the first poll and reports nothing', () => {
		const first = poll(crm, undefined);
		expect(first.created).toEqual([]);
		expect(first.updated).toEqual([]);
		const inWindow = observe(crm, first.window).created.map((customer) => customer.id);
		expect(inWindow.length).toBeGreaterThan(0);
		expect([...(decodeFeedState(first.state)?.created.keys() ?? [])].sort()).toEqual(inWindow.sort());
	});

	it('reports a new customer once, and not also as updated, even when edited right after creation', () => {
		const { state } = poll(crm, undefined);
		crm.advance({ minutes: 5 });
		const plain = crm.addCustomer();
		crm.advance({ seconds: 30 });
		const edited = crm.addCustomer();
		crm.advance({ seconds: 1 });
		crm.updateCustomer(edited.customerId, { phoneNumber: '5125550100' });
		crm.advance({ minutes: 1 });

		const second = poll(crm, state);
		expect(second.created).toEqual([String(plain.customerId), String(edited.customerId)]);
		expect(second.updated).toEqual([]);
		crm.advance({ minutes: 1 });
		const third = poll(crm, second.state);
		expect(third.created).toEqual([]);
		expect(third.updated).toEqual([]);
	});

	it('does not report a new customer as updated when it was edited between the two queries of a poll', () => {
		const { state } = poll(crm, undefined);
		crm.advance({ minutes: 5 });
		const previous = decodeFeedState(state);
		const window = queryWindow(previous?.checkedAt, crm.clock, UTC);
		const asCreated = { id: '990001', dateCreated: '2024-03-15 13:00:00', dateUpdated: '2024-03-15 13:00:00' };
		const asUpdated = { ...asCreated, dateUpdated: '2024-03-15 13:00:07' };
		const result = detectChanges(previous, { created: [asCreated], updated: [asUpdated] }, { window, now: crm.clock, timeZone: UTC });
		expect(result.created).toEqual(['990001']);
		expect(result.updated).toEqual([]);
		// Remembered (in the map, or by the edit floor): the next poll does not report it either.
		const next = detectChanges(result.next, { created: [asCreated], updated: [asUpdated] }, { window, now: crm.clock, timeZone: UTC });
		expect([next.created, next.updated]).toEqual([[], []]);
	});

	it('reports each edit of a known customer once, however often the window returns it', () => {
		const known = crm.list().at(-1) as KonnektiveCustomer;
		const { state } = poll(crm, undefined);
		crm.advance({ minutes: 3 });
		crm.updateCustomer(known.customerId, { lastName: 'Renamed' });
		crm.advance({ minutes: 3 });
		const edited = poll(crm, state);
		expect(edited.updated).toEqual([String(known.customerId)]);
		crm.advance({ hours: 2 });
		const again = poll(crm, edited.state);
		expect(again.updated).toEqual([]);
		crm.advance({ seconds: 5 });
		crm.updateCustomer(known.customerId, { lastName: 'Renamed Twice' });
		crm.advance({ seconds: 5 });
		expect(poll(crm, again.state).updated).toEqual([String(known.customerId)]);
	});

	it('does not mutate the state it is given', () => {
		const { state } = poll(crm, undefined);
		crm.advance({ minutes: 1 });
		crm.addCustomer();
		crm.updateCustomer(crm.list()[3].customerId, { notes: 'called' });
		crm.advance({ minutes: 1 });
		const before = JSON.stringify(state);
		const previous = decodeFeedState(deepFreeze(state)) as FeedState;
		const copy = { created: new Map(previous.created), updated: new Map(previous.updated) };
		const window = queryWindow(previous.checkedAt, crm.clock, UTC);
		detectChanges(previous, observe(crm, window), { window, now: crm.clock, timeZone: UTC });
		expect(JSON.stringify(state)).toBe(before);
		expect(previous.created).toEqual(copy.created);
		expect(previous.updated).toEqual(copy.updated);
	});

	it('starts tracking updates as a baseline when userUpdated is added later', () => {
		let { state } = poll(crm, undefined, { trackUpdates: false });
		expect(state.updated).toBeUndefined();
		crm.advance({ minutes: 1 });
		crm.updateCustomer(crm.list()[0].customerId, { notes: 'before tracking' });
		crm.advance({ minutes: 1 });
		({ state } = poll(crm, state));
		expect(decodeFeedState(state)?.updated).toBeDefined();
		crm.advance({ minutes: 1 });
		const target = crm.list()[1];
		crm.updateCustomer(target.customerId, { notes: 'after tracking' });
		crm.advance({ minutes: 1 });
		expect(poll(crm, state).updated).toEqual([String(target.customerId)]);
	});

	it('forgets days the next window cannot reach, so the state stays bounded', () => {
		let { state } = poll(crm, undefined);
		for (let day = 0; day < 10; day++) {
			for (let index = 0; index < 20; index++) crm.addCustomer({}, new Date(crm.advance({ minutes: 30 })));
			crm.advance({ hours: 14 });
			({ state } = poll(crm, state));
		}
		const days = Object.keys(state.created as IDataObject);
		const keepFrom = addDays(dayIn(crm.clock, UTC), -1);
		expect(days.every((day) => day >= keepFrom)).toBe(true);
		expect(days.length).toBeLessThanOrEqual(3);
	});

	it('reports nothing twice when the server ignores the date range, the clock steps or the time zone changes', () => {
		let { state } = poll(crm, undefined);
		const reported: string[] = [];
		const steps = [
			{ ignoresRange: true },
			{ clockOffsetMs: 3 * 86_400_000 },
			{ clockOffsetMs: -2 * 86_400_000 },
			{ timeZone: 'Pacific/Auckland' },
			{ timeZone: 'America/Los_Angeles', ignoresRange: true },
			{},
		];
		const expected: string[] = [];
		for (const step of steps) {
			const hire = crm.addCustomer({}, new Date(crm.advance({ hours: 5 })));
			const edited = crm.updateCustomer(pick(seededRandom(hire.customerId), crm.list().slice(0, 40)).customerId, { notes: 'x' });
			expected.push(`created ${hire.customerId}`, `updated ${edited.customerId} ${crm.localDateTime(edited.updated)}`);
			crm.advance({ hours: 1 });
			const result = poll(crm, state, step);
			reported.push(...result.created.map((id) => `created ${id}`));
			reported.push(...result.updated.map((id) => `updated ${id} ${crm.localDateTime(crm.list().find((customer) => String(customer.customerId) === id)?.updated as Date)}`));
			state = result.state;
		}
		// The clock behind by two days delays what it cannot see; the last, right poll catches up.
		expect(reported.sort()).toEqual(expected.sort());
	});

	it('drops customers dated after the window from the state once reported, remembering them by the id floor', () => {
		let { state } = poll(crm, undefined);
		const ahead = crm.addCustomer({});
		// This clock is four days ahead: the window reaches the new customer, and later windows will not.
		let result = poll(crm, state, { clockOffsetMs: 4 * 86_400_000 });
		expect(result.created).toEqual([String(ahead.customerId)]);
		result = poll(crm, result.state, { ignoresRange: true });
		expect(result.created).toEqual([]);
		state = result.state;
		expect(JSON.stringify(state.created)).not.toContain(String(ahead.customerId));
		expect(state.createdFloor).toBeGreaterThanOrEqual(ahead.customerId);
	});

	it('keeps ids that are not integers, and dates it cannot read, in a plain form', () => {
		const previous = decodeFeedState(undefined);
		const window = queryWindow(undefined, crm.clock, UTC);
		const odd = [
			{ id: 'A-17', dateCreated: '2024-03-15 10:00:00', dateUpdated: '2024-03-15 11:00:00' },
			{ id: '0099', dateCreated: 'last Tuesday', dateUpdated: 'a while ago' },
		];
		const { next } = detectChanges(previous, { created: odd, updated: odd }, { window, now: crm.clock, timeZone: UTC });
		const stored = JSON.parse(JSON.stringify(encodeFeedState(next))) as IDataObject;
		expect(decodeFeedState(stored)).toEqual(next);
		const later = new Date(crm.clock.getTime() + 60_000);
		const again = detectChanges(decodeFeedState(stored), { created: odd, updated: odd }, { window, now: later, timeZone: UTC });
		expect(again.created).toEqual([]);
		expect(again.updated).toEqual([]);
	});

	it('refuses a state it cannot read instead of guessing', () => {
		for (const stored of [{}, { checkedAt: 'never', created: {} }, { checkedAt: '2024-03-15T00:00:00.000Z', created: { '2024-03-15': 'not base 36!' } }]) {
			expect(() => decodeFeedState(stored as IDataObject)).toThrow('the Konnektive change state is not one this node wrote');
		}
	});

	it('stays small on a busy day: 5,000 new customers and 2,000 edits', () => {
		const busy = KonnektiveCrm.seeded({ customers: 5_000, seed: 8, spreadDays: 300, now: new Date(Date.UTC(2024, 2, 15, 4, 0, 0)) });
		let { state } = poll(busy, undefined);
		const random = seededRandom(99);
		const existing = busy.list();
		for (let hour = 0; hour < 24; hour++) {
			for (let index = 0; index < 5_000 / 24; index++) busy.addCustomer({}, new Date(busy.advance({ seconds: integerBetween(random, 1, 16) })));
			for (let index = 0; index < 2_000 / 24; index++) {
				busy.advance({ seconds: 1 });
				busy.updateCustomer(pick(random, existing).customerId, { notes: `hour ${hour}` });
			}
			busy.clock = new Date(Date.UTC(2024, 2, 15, 4 + hour + 1, 0, 0));
			({ state } = poll(busy, state));
		}
		const bytes = JSON.stringify(state).length;
		const remembered = decodeFeedState(state) as FeedState;
		// Measured: about 2.2 bytes per remembered new customer and 9 per remembered edit.
		expect(remembered.created.size).toBeGreaterThanOrEqual(5_000);
		expect(bytes).toBeLessThan(3 * remembered.created.size + 12 * (remembered.updated?.size ?? 0));
		console.info(`Konnektive feed state after a busy day: ${bytes} bytes (${remembered.created.size} created, ${remembered.updated?.size} edited remembered)`);
	});
});

describe('Konnektive change detection · randomized', () => {
	it.each([
		[1, 'UTC', 'America/New_York'],
		[2, 'UTC', 'Asia/Tokyo'],
		[3, 'Europe/Berlin', 'America/Los_Angeles'],
		[4, 'Pacific/Auckland', 'America/Chicago'],
	])('seed %i (workflow %s, account %s): every creation and edit is reported exactly once', (seed, timeZone, accountZone) => {
		const random = seededRandom(seed);
		const crm = KonnektiveCrm.seeded({ customers: 40, seed, timeZone: accountZone, spreadDays: 3 });
		let { state } = poll(crm, undefined, { timeZone });
		const reported = { created: [] as string[], updated: [] as string[] };
		const expected = { created: [] as string[], updated: [] as string[] };
		for (let round = 0; round < 60; round++) {
			const lastPoll = crm.clock.getTime();
			const editedSince = new Set<string>();
			for (let step = integerBetween(random, 0, 6); step > 0; step--) {
				crm.advance({ seconds: integerBetween(random, 1, 3 * 3600) });
				if (random() < 0.5) {
					expected.created.push(String(crm.addCustomer().customerId));
				} else {
					const customer = pick(random, crm.list());
					crm.updateCustomer(customer.customerId, { notes: `round ${round}` });
					if (customer.created.getTime() <= lastPoll) editedSince.add(String(customer.customerId));
				}
			}
			expected.updated.push(...editedSince);
			crm.advance({ seconds: integerBetween(random, 1, 8 * 3600) });
			const result = poll(crm, state, { timeZone });
			reported.created.push(...result.created);
			reported.updated.push(...result.updated);
			state = result.state;
		}
		expect(reported.created).toEqual(expected.created);
		expect([...reported.updated].sort()).toEqual([...expected.updated].sort());
	});
});
