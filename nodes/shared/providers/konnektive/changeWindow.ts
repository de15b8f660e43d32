import { addDays, dayIn, parseKonnektiveDateTime, type Day } from './dates';

/*
 * Change detection over day-granular date filters (pure: no I/O).
 *
 * Konnektive filters customers by calendar day of the account's time zone, which the node does
 * not know. Each poll therefore asks for every customer created (and updated) from the day before
 * the last check to the day after now in the workflow's time zone — right for any account time
 * zone within a day of the workflow's — and remembers whom it already reported:
 *   created  customer ids, each kept under the day of its dateCreated;
 *   updated  the dateUpdated last seen per customer, kept under that day.
 * A day is dropped once it is older than the next poll's window, and new customers dated after the
 * window (future-dated, or this clock is behind) once reported: the state holds about two days of
 * activity, however long the trigger runs. What is dropped is still known, independently of the window, the clock
 * and the time zone:
 *   createdFloor  the highest integer customer id dropped: Konnektive numbers customers in order,
 *                 so an id at or below it was seen before and is never new again;
 *   updatedFloor  the latest dateUpdated dropped for its age: an edit dated at or before it was
 *                 reported (or belongs to the baseline) and is never reported again.
 * Customers a query returns outside the window asked for (a server that ignores the date range)
 * are left out: they are not what was asked, and were reported when they were.
 *
 * userCreated  a customer id not seen before.
 * userUpdated  a dateUpdated not seen before for a known customer, unless it equals dateCreated
 *              (never edited) or the customer is new in this poll (creation is not an edit).
 * The first poll, and the first one that tracks updates, only record what they see.
 */

/** Konnektive's customer ids: consecutive integers, so an order and a floor make sense. */
export const CANONICAL_ID = /^(0|[1-9]\d{0,14})$/;

export interface QueryWindow {
	start: Day;
	end: Day;
}

/** A customer as the feed needs it: id and the two dates as Konnektive wrote them. */
export interface CustomerStamp {
	id: string;
	dateCreated: unknown;
	dateUpdated: unknown;
}

export interface FeedState {
	/** When the last successful poll ran (ISO 8601). */
	checkedAt: string;
	/** The first day the last successful poll asked for. */
	windowStart?: Day;
	/** Customer id → the day that keeps it. */
	created: Map<string, Day>;
	/** Customer id → its dateUpdated last seen and that date's day; undefined while updates are not tracked. */
	updated: Map<string, { day: Day; stamp: string }> | undefined;
	/** Integer ids at or below this were seen before (0: none dropped yet). */
	createdFloor: number;
	/** dateUpdated stamps at or before this were seen before ('': none dropped yet). */
	updatedFloor: string;
}

export interface Observed {
	/** Customers whose dateCreated is in the window. */
	created: CustomerStamp[];
	/** Customers whose dateUpdated is in the window; undefined when updates are not tracked. */
	updated: CustomerStamp[] | undefined;
}

export interface Detected {
	/** Ids of new customers, oldest first. */
	created: string[];
	/** Ids of edited customers, least recently edited first. */
	updated: string[];
	next: FeedState;
}

/**
 * The days to query: a day of margin on each side, for the account's unknown time zone. A last
 * check in the future means this clock went back, or was ahead then: the last check really ran
 * at an unknown time after the start of its own window, so that window's start is kept.
 */
export function queryWindow(
	lastCheckedAt: string | undefined,
	now: Date,
	timeZone: string,
	lastStart?: Day,
): QueryWindow {
	const last = lastCheckedAt === undefined ? Number.NaN : Date.parse(lastCheckedAt);
	const today = dayIn(now, timeZone);
	const end = addDays(today, 1);
	if (Number.isNaN(last)) return { start: addDays(today, -1), end };
	if (last > now.getTime()) {
		const start = lastStart !== undefined && lastStart < today ? lastStart : addDays(today, -1);
		return { start, end };
	}
	return { start: addDays(dayIn(new Date(last), timeZone), -1), end };
}

/** A date as the feed compares it: its canonical ISO form, or the raw text when unreadable. */
function stampOf(value: unknown): { day: Day | undefined; stamp: string } | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = parseKonnektiveDateTime(value);
	return { day: parsed?.day, stamp: parsed?.iso ?? String(value) };
}

function compareIds(a: string, b: string): number {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function byStamp(records: Array<{ id: string; stamp: string }>): string[] {
	return records
		.sort((a, b) => (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : compareIds(a.id, b.id)))
		.map((record) => record.id);
}

/**
 * Compares what the window's queries returned with what was seen before. `previous` is not
 * modified; `next` is the state to save once the events are handed over.
 */
export function detectChanges(
	previous: FeedState | undefined,
	observed: Observed,
	options: {
		window: QueryWindow;
		now: Date;
		timeZone: string;
		/**
		 * Baselines (the first poll; the first that tracks updates): the newest customers of all
		 * time by creation and by edit, whatever the window, so that nothing older counts as new later.
		 */
		known?: { created?: CustomerStamp[]; updated?: CustomerStamp[] };
	},
): Detected {
	const { window, now, timeZone, known } = options;
	let createdFloor = previous?.createdFloor ?? 0;
	let updatedFloor = previous?.updatedFloor ?? '';
	const created = new Map(previous?.created);
	const updated = observed.updated && new Map(previous?.updated);
	const recordsUpdates = previous?.updated !== undefined;
	const newThisPoll = new Set<string>();
	const createdEvents: Array<{ id: string; stamp: string }> = [];
	const updatedEvents: Array<{ id: string; stamp: string }> = [];

	const inWindow = (day: Day | undefined) => day !== undefined && day >= window.start && day <= window.end;
	// A date that cannot be read is kept as long as the window reaches it, never filtered.
	const asked = (value: unknown) => {
		const date = stampOf(value);
		return date?.day === undefined || inWindow(date.day);
	};
	const knownId = (id: string) => created.has(id) || (CANONICAL_ID.test(id) && Number(id) <= createdFloor);
	// The updated query may see a customer that paging of the created one missed.
	const createdInWindow = (customer: CustomerStamp) => inWindow(stampOf(customer.dateCreated)?.day);
	const createdAsked = observed.created.filter((customer) => asked(customer.dateCreated));
	for (const customer of [...createdAsked, ...(observed.updated ?? []).filter(createdInWindow)]) {
		if (knownId(customer.id)) continue;
		const createdAt = stampOf(customer.dateCreated);
		// A customer without a readable date is kept as long as the window reaches it.
		created.set(customer.id, createdAt?.day ?? window.end);
		newThisPoll.add(customer.id);
		if (previous) createdEvents.push({ id: customer.id, stamp: createdAt?.stamp ?? '' });
		const updatedAt = stampOf(customer.dateUpdated);
		if (updated && updatedAt && updatedAt.stamp !== createdAt?.stamp) {
			updated.set(customer.id, { day: updatedAt.day ?? window.end, stamp: updatedAt.stamp });
		}
	}

	for (const customer of observed.updated ?? []) {
		const updatedAt = stampOf(customer.dateUpdated);
		if (!updated || !updatedAt || updatedAt.stamp === stampOf(customer.dateCreated)?.stamp) continue;
		if (!asked(customer.dateUpdated) || updated.get(customer.id)?.stamp === updatedAt.stamp) continue;
		if (updatedAt.day !== undefined && updatedAt.stamp <= updatedFloor) continue;
		updated.set(customer.id, { day: updatedAt.day ?? window.end, stamp: updatedAt.stamp });
		if (recordsUpdates && !newThisPoll.has(customer.id)) {
			updatedEvents.push({ id: customer.id, stamp: updatedAt.stamp });
		}
	}

	// A baseline's window is recorded above; everything older is covered by the floors.
	for (const customer of known?.created ?? []) {
		if (CANONICAL_ID.test(customer.id)) createdFloor = Math.max(createdFloor, Number(customer.id));
	}
	for (const customer of known?.updated ?? []) {
		const stamp = stampOf(customer.dateUpdated);
		// An edit dated after the window (in the future) must not hide the real edits before it.
		if (stamp?.day !== undefined && stamp.day <= window.end && stamp.stamp > updatedFloor) updatedFloor = stamp.stamp;
	}
	const keepFrom = queryWindow(now.toISOString(), now, timeZone).start;
	for (const [id, day] of created) {
		if (day >= keepFrom && day <= window.end) continue;
		created.delete(id);
		if (CANONICAL_ID.test(id)) createdFloor = Math.max(createdFloor, Number(id));
	}
	// Edits dated after the window stay: this clock may be behind Konnektive's, and dropping them
	// would report them again once it catches up. Only edits within a window are ever stored.
	for (const [id, entry] of updated ?? []) {
		if (entry.day >= keepFrom) continue;
		updated?.delete(id);
		if (entry.stamp > updatedFloor) updatedFloor = entry.stamp;
	}

	return {
		created: byStamp(createdEvents),
		updated: byStamp(updatedEvents),
		next: { checkedAt: now.toISOString(), windowStart: window.start, created, updated, createdFloor, updatedFloor },
	};
}
