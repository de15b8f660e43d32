/**
 * Change detection shared by the User Directory Trigger and the User Directory node's Watch
 * operation. One run: read the state from the node's static data → fetch the directory (or the
 * provider's change feed) → compare → return the events. The next state is written to static
 * data only after everything succeeded, so a failed run leaves the saved state as it was and the
 * next good run reports everything that happened meanwhile. Nothing is kept in module memory:
 * in queue mode each run may happen in another process.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	encodeSnapshot,
	openDiff,
	type Snapshot,
} from '../changes';
import { mapWithConcurrency } from '../helpers/concurrency';
import { toNodeError } from '../helpers/errors';
import { isGroupEventName, type ChangeEvent, type DirectoryEvent, type GroupRef, type UnifiedUser } from '../domain';
import type { ChangeFeed, DirectoryProvider, SnapshotChanges } from '../providers/types';
import type { Transport } from '../transport/types';
import { inScope, passesFilters, scopeOf } from './filters';
import { holdsLease, releaseLease, takeLease } from './lease';
import { detectionSettings, type DetectionSettings } from './settings';
import { directorySource, planFromState, savedChecksum, savedState, STATE_KEY, type Plan, type SavedState } from './state';

import { openTransport, type DetectionContext } from './context';
import { withEventIds, type DetectionItem } from './eventIds';

export { getFilterGroups } from './groupOptions';
export { detectionProperties } from './properties';
export { sampleEvents } from './samples';
export type { DetectionItem } from './eventIds';
export type { DetectionSettings } from './settings';


const STATE_KEPT =
	'The saved state was not changed, so the next successful run reports everything that changed in the meantime.';

/** The node's `events` and `options` values, checked; a NodeOperationError says what to fix. */
export function readDetectionSettings(
	node: INode,
	provider: DirectoryProvider,
	events: unknown,
	options: IDataObject,
	filters: IDataObject,
): DetectionSettings {
	try {
		return detectionSettings(provider, events, options, filters);
	} catch (error) {
		throw toNodeError(node, error);
	}
}

/** Users a poll may look up one by one to confirm they are gone; more wait for the next polls. */
const MAX_CONFIRMATIONS_PER_POLL = 200;

/** An answer that retrying cannot change (a permission, a bad request): worth stopping the poll. */
function isRefusal(error: unknown): boolean {
	const status = Number((error as { httpCode?: unknown }).httpCode);
	return status >= 400 && status < 500 && status !== 404 && status !== 408 && status !== 429;
}

/**
 * Asks the directory about each user the previous snapshot has and this listing lacks. Users it
 * still has are returned (the listing missed them); users it could not answer for are `kept`.
 */
async function confirmAbsences(
	transport: Transport,
	provider: DirectoryProvider,
	changes: SnapshotChanges,
	missing: string[],
	concurrency: number,
): Promise<{ found: UnifiedUser[]; kept: Set<string> }> {
	const confirm = changes.confirmAbsence?.bind(changes);
	const found: UnifiedUser[] = [];
	const kept = new Set<string>();
	if (!confirm) return { found, kept };
	// A random share when there are too many, so that none waits forever behind the others.
	const order = missing.map((id) => ({ id, rank: Math.random() })).sort((a, b) => a.rank - b.rank);
	order.slice(MAX_CONFIRMATIONS_PER_POLL).forEach(({ id }) => kept.add(id));
	const asked = order.slice(0, MAX_CONFIRMATIONS_PER_POLL).map(({ id }) => id);
	let refusal: unknown;
	await mapWithConcurrency(asked.length, concurrency, async (index) => {
		const id = asked[index];
		let record: IDataObject | null;
		try {
			record = await confirm(transport, id);
		} catch (error) {
			kept.add(id);
			if (isRefusal(error)) refusal ??= error;
			return;
		}
		if (record === null) return;
		const user = typeof record === 'object' ? provider.users.normalise(record) : undefined;
		if (user?.id === id) found.push(user);
		else kept.add(id);
	});
	// Retrying cannot help: say so instead of never reporting deletions.
	if (refusal !== undefined) throw refusal;
	return { found, kept };
}

async function snapshotRun(
	transport: Transport,
	provider: DirectoryProvider,
	changes: SnapshotChanges,
	previous: Snapshot | undefined,
	settings: DetectionSettings,
	detectedAt: string,
): Promise<{ events: ChangeEvent[]; snapshot: Snapshot }> {
	const baselineOnly = !previous && !settings.emitExistingUsers;
	const diff = openDiff(previous, {
		events: baselineOnly ? [] : settings.events,
		provider: provider.id,
		detectedAt,
		reportNewSuspendedAsSuspended: settings.reportNewSuspendedAsSuspended,
		mode: settings.snapshotMode,
	});
	// Groups are few: listed first and whole, so that group events compare two complete lists.
	const { groups } = provider;
	if (changes.groups && groups && settings.events.some(isGroupEventName)) {
		const listed: GroupRef[] = [];
		for await (const page of changes.groups(transport, { concurrency: settings.pageConcurrency })) {
			for (const record of page) {
				const { id, name } = groups.normalise(record);
				listed.push({ id, name });
			}
		}
		diff.listGroups(listed);
	}
	// Each page is compared as it arrives and then dropped: no list of the whole directory is held.
	for await (const page of changes.snapshot(transport, { concurrency: settings.pageConcurrency })) {
		diff.add(page.map((record) => provider.users.normalise(record)));
	}
	let kept: Set<string> | undefined;
	if (previous) {
		const confirmed = await confirmAbsences(transport, provider, changes, diff.missing(), settings.pageConcurrency);
		diff.add(confirmed.found);
		kept = confirmed.kept;
	}
	const { events, next } = diff.finish(kept);
	return { events, snapshot: next };
}

async function feedRun(
	context: DetectionContext,
	transport: Transport,
	feed: ChangeFeed,
	state: unknown,
	settings: DetectionSettings,
	now: Date,
): Promise<{ events: ChangeEvent[]; feed: IDataObject }> {
	const wanted = new Set<DirectoryEvent>(settings.events);
	const result = await feed.poll(transport, state, {
		events: settings.events,
		now,
		timezone: context.getTimezone(),
	});
	return { events: result.events.filter((event) => wanted.has(event.event)), feed: feed.codec.encode(result.state) };
}

/** Whether this node has saved a detection state (of any directory). */
export function hasSavedState(context: DetectionContext): boolean {
	return context.getWorkflowStaticData('node')[STATE_KEY] !== undefined;
}

const DAMAGED_STATE =
	'The change detection state saved in this workflow failed its integrity check, so a new baseline was recorded';

/** The state a poll saves, and its events. */
async function nextState(
	context: DetectionContext,
	transport: Transport,
	provider: DirectoryProvider,
	settings: DetectionSettings,
	plan: Plan,
	source: string,
	now: Date,
): Promise<{ events: ChangeEvent[]; next: SavedState }> {
	const run = { scope: scopeOf(settings.events, settings.filters), savedAt: now.toISOString() };
	const { changes } = provider;
	if (changes.kind === 'feed') {
		const state = plan.kind === 'feed' ? plan.state : undefined;
		const result = await feedRun(context, transport, changes.feed, state, settings, now);
		return { events: result.events, next: savedState(source, { feed: result.feed }, run) };
	}
	const previous = plan.kind === 'snapshot' ? plan.previous : undefined;
	// Never a storm of events from a damaged state: a plain baseline, whatever the options say.
	const runSettings = plan.kind === 'damaged' ? { ...settings, emitExistingUsers: false } : settings;
	const result = await snapshotRun(transport, provider, changes, previous, runSettings, now.toISOString());
	return { events: result.events, next: savedState(source, { snapshot: encodeSnapshot(result.snapshot) }, run) };
}

/**
 * The changes since the last saved state. The first run for a directory records the baseline
 * and returns nothing (or every user, with `emitExistingUsers`). With `save: false` (manual
 * runs) the saved state is read but never changed. With `save: true` the run holds a lease in
 * static data (see lease.ts): while another run holds it, this one returns nothing and changes
 * nothing. A saved state that fails its checksum is replaced by a new baseline, and the run then
 * fails with a message saying so.
 */
export async function detectChanges(
	context: DetectionContext,
	provider: DirectoryProvider,
	settings: DetectionSettings,
	options: { save: boolean },
): Promise<DetectionItem[]> {
	const transport = await openTransport(context, provider, settings);
	const staticData = context.getWorkflowStaticData('node');
	const source = directorySource(provider.id, transport.baseUrl);
	const now = new Date();
	const lease = options.save ? takeLease(staticData, now.getTime()) : undefined;
	if (options.save && lease === undefined) return [];
	let items: DetectionItem[];
	let plan: Plan;
	let next: SavedState;
	try {
		plan = planFromState(staticData[STATE_KEY], source, provider.changes.kind === 'feed' ? provider.changes.feed.codec : undefined);
		const result = await nextState(context, transport, provider, settings, plan, source, now);
		// Filtered only now: the state remembers every user, whatever the filters.
		const savedScope = plan.kind === 'snapshot' || plan.kind === 'feed' ? plan.scope : undefined;
		const wanted = (event: ChangeEvent) =>
			passesFilters(event, settings.filters) && (savedScope === undefined || inScope(event, savedScope));
		items = withEventIds(source, result.events.filter(wanted), savedChecksum(staticData[STATE_KEY]));
		next = result.next;
	} catch (error) {
		if (lease !== undefined) releaseLease(staticData, lease);
		throw toNodeError(context.getNode(), error, { note: STATE_KEPT, clean: transport.redact });
	}
	if (lease !== undefined) {
		// Taken over after this run outlived its lease: the run that holds it now reports instead.
		if (!holdsLease(staticData, lease)) return [];
		staticData[STATE_KEY] = next;
		releaseLease(staticData, lease);
	}
	if (plan.kind === 'damaged') {
		throw new NodeOperationError(context.getNode(), DAMAGED_STATE, {
			description: `The saved state was changed outside this node (edited, cut short or damaged), so it could not be trusted. ${
				options.save ? 'From now on, changes are reported against the directory as it was at' : 'A production run will record a new baseline; this run looked at the directory at'
			} ${now.toISOString()}; changes made between the last successful run and then are not reported. Nothing else needs to be done.`,
		});
	}
	return items;
}
