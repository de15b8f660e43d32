/**
 * Konnektive's dates: queries take calendar days as MM/DD/YYYY, records carry local date-times
 * of the account's time zone without an offset ("2024-03-15 13:45:12"). Days are handled here
 * as YYYY-MM-DD text, which sorts and compares in calendar order.
 */
export type Day = string;

const DAY_MS = 86_400_000;

/** Konnektive's customers start long after this; it stands for "all time" in queries. */
export const EARLIEST_DAY: Day = '2000-01-01';

function validDay(year: number, month: number, day: number): Day | undefined {
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
		return undefined;
	}
	return date.toISOString().slice(0, 10);
}

/** Tomorrow in UTC, which is today or later in every time zone: the end of "until now" ranges. */
export function latestDay(now: Date = new Date()): Day {
	return addDays(now.toISOString().slice(0, 10), 1);
}

export function addDays(day: Day, days: number): Day {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A day as Konnektive's `startDate` / `endDate` want it. */
export function toQueryDate(day: Day): string {
	return `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		try {
			formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
		} catch {
			// n8n hands over a valid zone; an unknown one falls back to UTC rather than stopping the trigger.
			formatter = dayFormatter('UTC');
		}
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** The calendar day an instant falls on in an IANA time zone. */
export function dayIn(instant: Date, timeZone: string): Day {
	const parts = Object.fromEntries(
		dayFormatter(timeZone)
			.formatToParts(instant)
			.map((part) => [part.type, part.value]),
	);
	return `${parts.year}-${parts.month}-${parts.day}`;
}

const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const US_LIKE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;

export interface KonnektiveDateTime {
	/** The calendar day as written (the account's local day). */
	day: Day;
	/** ISO 8601: `YYYY-MM-DDTHH:mm:ss` (local, with the offset only when Konnektive gave one), or the day alone. */
	iso: string;
}

function pad(value: number): string {
	return String(value).padStart(2, '0');
}

function withTime(day: Day, hours: number, minutes: number, seconds: number, suffix = ''): KonnektiveDateTime | undefined {
	if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
	return { day, iso: `${day}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}${suffix}` };
}

/**
 * Reads a date or date-time as Konnektive writes it. The format is not documented: besides the
 * usual `YYYY-MM-DD HH:mm:ss`, ISO 8601 and US `MM/DD/YYYY[ hh:mm[:ss][ AM|PM]]` are accepted.
 * Undefined for anything else (including empty values).
 */
export function parseKonnektiveDateTime(value: unknown): KonnektiveDateTime | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	const iso = ISO_LIKE.exec(text);
	if (iso) {
		const day = validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
		if (!day) return undefined;
		if (iso[4] === undefined) return { day, iso: day };
		const zone = iso[8] ? iso[8].toUpperCase() : '';
		return withTime(day, Number(iso[4]), Number(iso[5]), Number(iso[6] ?? 0), `${iso[7] ?? ''}${zone}`);
	}
	const us = US_LIKE.exec(text);
	if (us) {
		const day = validDay(Number(us[3]), Number(us[1]), Number(us[2]));
		if (!day) return undefined;
		if (us[4] === undefined) return { day, iso: day };
		let hours = Number(us[4]);
		const meridiem = us[7]?.toUpperCase();
		if (meridiem && (hours < 1 || hours > 12)) return undefined;
		if (meridiem === 'PM' && hours < 12) hours += 12;
		if (meridiem === 'AM' && hours === 12) hours = 0;
		return withTime(day, hours, Number(us[5]), Number(us[6] ?? 0));
	}
	return undefined;
}

/**
 * The calendar day a user meant by a date parameter: n8n's date picker gives
 * `YYYY-MM-DDTHH:mm:ss`, expressions may give ISO text with an offset, a Date or a Luxon
 * DateTime, and people type MM/DD/YYYY. The day is taken as written, not converted.
 */
export function dayOfParameter(value: unknown): Day | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
	const text = typeof value === 'string' ? value : String((value as { toISO?: () => string })?.toISO?.() ?? '');
	return parseKonnektiveDateTime(text)?.day;
}
