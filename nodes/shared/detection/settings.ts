import type { IDataObject } from 'n8n-workflow';

import type { SnapshotMode } from '../changes';
import { DIRECTORY_EVENTS, USER_EVENTS, type DirectoryEvent } from '../domain';
import { UserFacingError } from '../helpers/errors';
import type { DirectoryProvider } from '../providers/types';
import { readEventFilters, type EventFilters } from './filters';

/** Without a published rate limit, a few pages at once is polite and already fast. */
export const DEFAULT_PAGE_CONCURRENCY = 4;
export const MAX_PAGE_CONCURRENCY = 16;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Longest a poll may talk to the directory in all; a longer one fails and saves nothing. */
export const POLL_BUDGET_MS = 5 * 60_000;
/** What the mission needs: joiners and leavers. */
export const DEFAULT_EVENTS: readonly DirectoryEvent[] = ['userCreated', 'userSuspended'];

/** What the trigger and the watch operation were asked to do, checked. */
export interface DetectionSettings {
	events: DirectoryEvent[];
	/** First run: report every user as created instead of only recording the baseline. */
	emitExistingUsers: boolean;
	reportNewSuspendedAsSuspended: boolean;
	snapshotMode: SnapshotMode;
	pageConcurrency: number;
	timeoutMs: number;
	/** Which of the events found are handed to the workflow; never changes what is remembered. */
	filters: EventFilters;
}

export function supportedEvents(provider: DirectoryProvider): readonly DirectoryEvent[] {
	const { changes } = provider;
	if (changes.events) return changes.events;
	return changes.kind === 'snapshot' && changes.groups && provider.groups ? DIRECTORY_EVENTS : USER_EVENTS;
}

function isDirectoryEvent(value: unknown): value is DirectoryEvent {
	return DIRECTORY_EVENTS.includes(value as DirectoryEvent);
}

function readEvents(provider: DirectoryProvider, value: unknown): DirectoryEvent[] {
	const supported = supportedEvents(provider);
	const selected = Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : [];
	if (selected.length === 0) {
		throw new UserFacingError(
			'No event is selected',
			`Choose at least one event to watch for. ${provider.displayName} supports: ${supported.join(', ')}.`,
		);
	}
	const unknown = selected.filter((event) => !isDirectoryEvent(event));
	if (unknown.length > 0) {
		throw new UserFacingError(
			`Unknown event ${unknown.map((event) => JSON.stringify(event)).join(', ')}`,
			`Events are ${DIRECTORY_EVENTS.join(', ')}.`,
		);
	}
	const unsupported = selected.filter((event) => !supported.includes(event));
	if (unsupported.length > 0) {
		throw new UserFacingError(
			`${provider.displayName} cannot report ${unsupported.join(', ')}`,
			`Remove ${unsupported.join(', ')} from Events. ${provider.displayName} supports: ${supported.join(', ')}.`,
		);
	}
	return [...new Set(selected as DirectoryEvent[])];
}

function readNumber(
	value: unknown,
	fallback: number,
	name: string,
	range: { min: number; max: number },
): number {
	const number = value === undefined || value === '' ? fallback : Number(value);
	if (!Number.isInteger(number) || number < range.min || number > range.max) {
		throw new UserFacingError(
			`${name} must be a whole number from ${range.min} to ${range.max}`,
			`Change ${name} in the node's options.`,
		);
	}
	return number;
}

/** Reads the node's `events`, `options` and `filters` values; throws a UserFacingError naming what to fix. */
export function detectionSettings(
	provider: DirectoryProvider,
	events: unknown,
	options: IDataObject,
	filters: IDataObject = {},
): DetectionSettings {
	const snapshotMode = options.snapshotMode ?? 'compact';
	if (snapshotMode !== 'compact' && snapshotMode !== 'full') {
		throw new UserFacingError(
			`Unknown snapshot mode ${JSON.stringify(snapshotMode)}`,
			'Choose Compact or Full in the node\'s options.',
		);
	}
	return {
		events: readEvents(provider, events),
		emitExistingUsers: options.emitExistingUsers === true,
		reportNewSuspendedAsSuspended: options.reportNewSuspendedAsSuspended === true,
		snapshotMode,
		pageConcurrency: readNumber(options.pageConcurrency, DEFAULT_PAGE_CONCURRENCY, 'Page Concurrency', {
			min: 1,
			max: MAX_PAGE_CONCURRENCY,
		}),
		timeoutMs: readNumber(options.timeout, DEFAULT_TIMEOUT_MS, 'Timeout', { min: 1, max: 600_000 }),
		filters: readEventFilters(filters, provider.groups !== undefined),
	};
}
