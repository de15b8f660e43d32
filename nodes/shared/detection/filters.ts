import type { IDataObject } from 'n8n-workflow';

import {
	DIRECTORY_EVENTS,
	isUserEvent,
	type ChangedField,
	type ChangeEvent,
	type DirectoryEvent,
	type RememberedUser,
	type UserChangeEvent,
	type UserStatus,
} from '../domain';
import { UserFacingError } from '../helpers/errors';

/**
 * Which events the trigger hands to the workflow. Filters act on the events a poll found, never
 * on what it remembers: a user outside the filters is still tracked, so widening a filter later
 * does not replay old changes, and a user leaving the filters is not reported as deleted.
 */
export interface EventFilters {
	/**
	 * Group ids; a user event passes when its user is, or was just before the change, in one of
	 * them; a membership or group event, when its group is one of them.
	 */
	groupIds: readonly string[];
	/** Wildcard patterns over whole addresses (lower case); an event passes when the user's email, now or before, matches one. */
	emailPatterns: readonly string[];
	/** The user's status now (for a deletion: as last seen). Email and status say nothing about a group event. */
	statuses: readonly UserStatus[];
}

export const USER_STATUSES: readonly UserStatus[] = ['active', 'suspended', 'archived'];

/** Longest pattern list accepted: the check runs for every event of every poll. */
const MAX_PATTERNS = 100;
/** Most groups one filter names; kept in the saved state with the filters (see EventScope). */
const MAX_GROUPS = 1000;

/**
 * `example.com` or `@example.com`: addresses of that domain; `*.example.com`: its subdomains;
 * `*` and `?` anywhere else are wildcards over the whole address; a full address matches itself.
 */
function emailPattern(entry: string): string {
	const pattern = entry.toLowerCase();
	if (/\s/.test(pattern) || (pattern.match(/@/g) ?? []).length > 1) {
		throw new UserFacingError(
			`Email Matches has an invalid entry ${JSON.stringify(entry)}`,
			'Write domains (example.com), addresses (ana@example.com) or patterns with * and ? (*@sales.example.com), separated by commas.',
		);
	}
	return pattern.includes('@') && !pattern.startsWith('@') ? pattern : `*@${pattern.replace(/^@/, '')}`;
}

/**
 * Wildcard match of a whole text (`*` any run, `?` one character), without regular expressions:
 * the usual greedy walk with one backtrack point, linear in practice and never worse than
 * text × pattern, whatever the pattern.
 */
export function wildcardMatch(text: string, pattern: string): boolean {
	let t = 0;
	let p = 0;
	let starAt = -1;
	let resumeAt = 0;
	while (t < text.length) {
		if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
			t++;
			p++;
		} else if (p < pattern.length && pattern[p] === '*') {
			starAt = p++;
			resumeAt = t;
		} else if (starAt >= 0) {
			p = starAt + 1;
			t = ++resumeAt;
		} else return false;
	}
	while (pattern[p] === '*') p++;
	return p === pattern.length;
}

function listOf(value: unknown, name: string): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') return value.split(',');
	throw new UserFacingError(`${name} must be a list`, `Pick values for ${name} in the node's filters, or remove the filter.`);
}

function textsOf(value: unknown, name: string): string[] {
	const texts = listOf(value, name).map((entry) => {
		if (typeof entry !== 'string' && typeof entry !== 'number') {
			throw new UserFacingError(`${name} has an entry that is not text`, `Give ${name} as text values separated by commas.`);
		}
		return String(entry).trim();
	});
	return [...new Set(texts.filter((text) => text !== ''))];
}

/** Reads the node's `filters` collection; throws a UserFacingError naming what to fix. */
export function readEventFilters(filters: IDataObject, offersGroups: boolean): EventFilters {
	const groupIds = offersGroups ? textsOf(filters.groups, 'Groups') : [];
	if (groupIds.length > MAX_GROUPS) {
		throw new UserFacingError(`Groups has more than ${MAX_GROUPS} entries`, 'Filter by fewer groups, or by email domain.');
	}
	const patterns = textsOf(filters.emailPatterns, 'Email Matches');
	if (patterns.length > MAX_PATTERNS) {
		throw new UserFacingError(`Email Matches has more than ${MAX_PATTERNS} entries`, 'Use wildcards (*@example.com) to cover many addresses.');
	}
	const statuses = textsOf(filters.statuses, 'Statuses');
	const unknown = statuses.filter((status) => !USER_STATUSES.includes(status as UserStatus));
	if (unknown.length > 0) {
		throw new UserFacingError(
			`Statuses has an unknown status ${unknown.map((status) => JSON.stringify(status)).join(', ')}`,
			`Statuses are ${USER_STATUSES.join(', ')}.`,
		);
	}
	return { groupIds, emailPatterns: patterns.map(emailPattern), statuses: statuses as UserStatus[] };
}

export function hasFilters(filters: EventFilters): boolean {
	return filters.groupIds.length + filters.emailPatterns.length + filters.statuses.length > 0;
}

/**
 * Whether a fact of the user before the change is unknown: Compact mode does not remember the
 * fields that changed, nor the text fields of a deleted user (older states not even its groups).
 */
function unknownBefore(event: UserChangeEvent, field: 'email' | 'groups'): boolean {
	const { previous, changes } = event;
	if (previous === null || previous[field] !== null) return false;
	if (event.event === 'userDeleted') return true;
	const lost: ChangedField[] = [field, 'unknown'];
	return changes.some((change) => lost.includes(change));
}

function anyVersionMatches(event: ChangeEvent, field: 'email' | 'groups', matches: (user: RememberedUser) => boolean): boolean {
	if (!('user' in event)) return true;
	// When the node cannot tell, the event is reported: no leaver is missed for lack of memory.
	if (!isUserEvent(event)) return matches(event.user) || (event.event === 'userRemovedFromGroup' && event.user[field] === null);
	return matches(event.user) || (event.previous !== null && (unknownBefore(event, field) || matches(event.previous)));
}

function passesGroups(event: ChangeEvent, groupIds: readonly string[]): boolean {
	if (groupIds.length === 0) return true;
	// A membership or group event is about its group, whatever else the user is in.
	if ('group' in event) return groupIds.includes(event.group.id);
	return anyVersionMatches(event, 'groups', (user) => (user.groups ?? []).some((group) => groupIds.includes(group.id)));
}

/** Whether the event passes every filter given (filters left empty let everything through). */
export function passesFilters(event: ChangeEvent, filters: EventFilters): boolean {
	if (filters.statuses.length > 0 && 'user' in event && !filters.statuses.includes(event.user.status)) return false;
	if (!passesGroups(event, filters.groupIds)) return false;
	if (filters.emailPatterns.length > 0) {
		const matches = (user: RememberedUser) => {
			const email = user.email?.toLowerCase();
			return email !== undefined && filters.emailPatterns.some((pattern) => wildcardMatch(email, pattern));
		};
		if (!anyVersionMatches(event, 'email', matches)) return false;
	}
	return true;
}

/**
 * The events and filters a state was saved under. n8n saves a polling trigger's static data only
 * when a poll emits items, so after the trigger is edited (and reactivated), the first poll
 * compares with a state that may predate changes the old settings left out; reporting them now
 * would replay history. So that poll reports only what the old settings also covered.
 */
export interface EventScope extends EventFilters {
	events: readonly DirectoryEvent[];
}

export function scopeOf(events: readonly DirectoryEvent[], filters: EventFilters): EventScope {
	return { events: [...events], groupIds: [...filters.groupIds], emailPatterns: [...filters.emailPatterns], statuses: [...filters.statuses] };
}

export function inScope(event: ChangeEvent, scope: EventScope): boolean {
	return scope.events.includes(event.event) && passesFilters(event, scope);
}

function isTextList(value: unknown, most: number): value is string[] {
	return Array.isArray(value) && value.length <= most && value.every((entry) => typeof entry === 'string');
}

/** A scope read back from static data; undefined when absent (older states) or not one. */
export function readScope(value: unknown): EventScope | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const { events, groupIds, emailPatterns, statuses } = value as Record<string, unknown>;
	if (!isTextList(events, DIRECTORY_EVENTS.length) || !isTextList(groupIds, MAX_GROUPS)) return undefined;
	if (!isTextList(emailPatterns, MAX_PATTERNS) || !isTextList(statuses, USER_STATUSES.length)) return undefined;
	return { events: events as DirectoryEvent[], groupIds, emailPatterns, statuses: statuses as UserStatus[] };
}
