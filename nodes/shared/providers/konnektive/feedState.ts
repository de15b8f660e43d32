import type { IDataObject } from 'n8n-workflow';

import type { StateCodec } from '../../changes';
import { CANONICAL_ID, type FeedState } from './changeWindow';
import type { Day } from './dates';

/*
 * Stored form (plain JSON for n8n's static data), per day:
 *   compact   "2ij1k,1,3,1"         ids ascending, the first in base 36, then base-36 gaps;
 *             "2ij1k:ik3,1:ikf"     the same with each dateUpdated as base-36 seconds of that day
 *   plain     ["A-17", …] / [["A-17", "2024-03-15T13:45:12"], …]   for anything else
 * Konnektive's ids are consecutive integers, so a busy day costs 2–3 bytes per new customer.
 */
type StoredBucket = string | Array<string | [string, string]>;

export type StoredFeedState = {
	checkedAt: string;
	windowStart?: Day;
	created: Record<Day, StoredBucket>;
	updated?: Record<Day, StoredBucket>;
	createdFloor?: number;
	updatedFloor?: string;
};

type Entry = [id: string, stamp: string | null];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const COMPACT_TOKEN = /^[0-9a-z]+(:[0-9a-z]+)?$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2}):(\d{2})$/;

function secondsOfDay(day: Day, stamp: string | null): number | null | undefined {
	if (stamp === null) return null;
	const time = stamp.startsWith(`${day}T`) ? TIME_OF_DAY.exec(stamp.slice(day.length + 1)) : null;
	return time ? Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]) : undefined;
}

function timeOfDay(day: Day, seconds: number): string {
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${day}T${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

function encodeBucket(day: Day, entries: Entry[]): StoredBucket {
	const compact = entries.every(([id, stamp]) => CANONICAL_ID.test(id) && secondsOfDay(day, stamp) !== undefined);
	if (!compact) return entries.map(([id, stamp]) => (stamp === null ? id : [id, stamp]));
	let previous = 0;
	return [...entries]
		.sort(([a], [b]) => Number(a) - Number(b))
		.map(([id, stamp]) => {
			const gap = (Number(id) - previous).toString(36);
			previous = Number(id);
			const seconds = secondsOfDay(day, stamp);
			return seconds === null || seconds === undefined ? gap : `${gap}:${seconds.toString(36)}`;
		})
		.join(',');
}

function decodeBucket(day: Day, bucket: unknown): Entry[] | undefined {
	if (typeof bucket === 'string') {
		const tokens = bucket ? bucket.split(',') : [];
		if (!tokens.every((token) => COMPACT_TOKEN.test(token))) return undefined;
		let previous = 0;
		return tokens.map((token): Entry => {
			const [gap, seconds] = token.split(':');
			previous += parseInt(gap, 36);
			return [String(previous), seconds === undefined ? null : timeOfDay(day, parseInt(seconds, 36))];
		});
	}
	if (!Array.isArray(bucket)) return undefined;
	const entries = bucket.map((item): Entry | undefined =>
		typeof item === 'string'
			? [item, null]
			: Array.isArray(item) && typeof item[0] === 'string' && typeof item[1] === 'string'
				? [item[0], item[1]]
				: undefined,
	);
	return entries.every((entry) => entry !== undefined) ? (entries as Entry[]) : undefined;
}

function groupByDay<T>(entries: Iterable<[string, T]>, dayOf: (value: T) => Day, stampFor: (value: T) => string | null) {
	const days = new Map<Day, Entry[]>();
	for (const [id, value] of entries) {
		const day = dayOf(value);
		const list = days.get(day) ?? [];
		list.push([id, stampFor(value)]);
		days.set(day, list);
	}
	return Object.fromEntries([...days].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, list]) => [day, encodeBucket(day, list)]));
}

function encodeFeedState(state: FeedState): StoredFeedState {
	const stored: StoredFeedState = {
		checkedAt: state.checkedAt,
		...(state.windowStart === undefined ? {} : { windowStart: state.windowStart }),
		created: groupByDay(state.created, (day) => day, () => null),
	};
	if (state.updated) {
		stored.updated = groupByDay(state.updated, (entry) => entry.day, (entry) => entry.stamp);
	}
	if (state.createdFloor > 0) stored.createdFloor = state.createdFloor;
	if (state.updatedFloor !== '') stored.updatedFloor = state.updatedFloor;
	return stored;
}

function decodeDays(stored: unknown): Array<[Day, Entry[]]> | undefined {
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
	const days: Array<[Day, Entry[]]> = [];
	for (const [day, bucket] of Object.entries(stored)) {
		const entries = DAY.test(day) ? decodeBucket(day, bucket) : undefined;
		if (!entries) return undefined;
		days.push([day, entries]);
	}
	return days;
}

/** The state saved by the last poll; throws an Error naming what is wrong when it is unreadable. */
function decodeFeedState(stored: IDataObject): FeedState {
	const createdDays = decodeDays(stored.created);
	const updatedDays = stored.updated === undefined ? [] : decodeDays(stored.updated);
	if (
		typeof stored.checkedAt !== 'string' ||
		Number.isNaN(Date.parse(stored.checkedAt)) ||
		!createdDays ||
		!updatedDays ||
		!(stored.createdFloor === undefined || (Number.isSafeInteger(stored.createdFloor) && (stored.createdFloor as number) >= 0)) ||
		!(stored.updatedFloor === undefined || typeof stored.updatedFloor === 'string') ||
		!(stored.windowStart === undefined || (typeof stored.windowStart === 'string' && DAY.test(stored.windowStart)))
	) {
		throw new Error('the Konnektive change state is not one this node wrote');
	}
	const state: FeedState = {
		checkedAt: stored.checkedAt,
		windowStart: stored.windowStart as Day | undefined,
		created: new Map(createdDays.flatMap(([day, entries]) => entries.map(([id]): [string, Day] => [id, day]))),
		updated: undefined,
		createdFloor: (stored.createdFloor as number | undefined) ?? 0,
		updatedFloor: (stored.updatedFloor as string | undefined) ?? '',
	};
	if (stored.updated !== undefined) {
		state.updated = new Map(
			updatedDays.flatMap(([day, entries]) =>
				entries.map(([id, stamp]): [string, { day: Day; stamp: string }] => [id, { day, stamp: stamp ?? '' }]),
			),
		);
	}
	return state;
}

/** How the change feed's state is kept in static data (inside the detection state's envelope). */
export const feedStateCodec: StateCodec<FeedState, IDataObject> = {
	encode: encodeFeedState,
	decode: decodeFeedState,
};
