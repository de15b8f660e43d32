/**
 * Change detection shared by the User Directory Trigger and the User Directory node's Watch
 * operation. One run: read the state from the node's static data → fetch the directory (or the
 * provider's change feed) → compare → return the events. The next state is written to static
 * data only after everything succeeded, so a failed run leaves the saved state as it was and the
 * next good run reports everything that happened meanwhile. Nothing is kept in module memory:
 * in queue mode each run may happen in another process.
 */
import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INode, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	encodeSnapshot,
	fingerprintOf,
	openDiff,
	type Snapshot,
} from '../changes';
import { mapWithConcurrency } from '../helpers/concurrency';
import { toNodeError } from '../helpers/errors';
import type { ChangeEvent, DirectoryEvent, UnifiedUser } from '../domain';
import type { ChangeFeed, DirectoryProvider, SnapshotChanges } from '../providers/types';
import { createTransport } from '../transport';
import type { Transport } from '../transport/types';
import { hasFilters, inScope, passesFilters, scopeOf } from './filters';
import { holdsLease, releaseLease, takeLease } from './lease';
import { detectionSettings, POLL_BUDGET_MS, type DetectionSettings } from './settings';
import { directorySource, planFromState, savedState, STATE_KEY, type Plan, type SavedState } from './state';

export { detectionProperties } from './properties';
export type { DetectionSettings } from './settings';

/** A sample is a handful of real users, enough to map fields in the editor. */
const SAMPLE_SIZE = 5;

type DetectionContext = IPollFunctions | IExecuteFunctions;

/** An event as the nodes output it, with its stable `eventId`; samples carry `sample: true`. */
export type DetectionItem = ChangeEvent & { eventId: string; sample?: true };

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

async function openTransport(
	context: DetectionContext,
	provider: DirectoryProvider,
	settings: DetectionSettings,
): Promise<Transport> {
	return await createTransport(context, provider, { timeoutMs: settings.timeoutMs, budgetMs: POLL_BUDGET_MS });
}

/** Whether this node has saved a detection state (of any directory). */
export function hasSavedState(context: DetectionContext): boolean {
	return context.getWorkflowStaticData('node')[STATE_KEY] !== undefined;
}

/**
 * Stable id of an event: a hash of the directory, the user, the event and the state it moves to
 * (existence for userCreated and userDeleted, the status for userSuspended and userReactivated,
 * status, tracked fields and the directory's last-modified time for userUpdated). The same change
 * emitted again gets the same id.
 */
function eventIdOf(source: string, event: ChangeEvent): string {
	const { user } = event;
	let target: string;
	if (event.event === 'userCreated' || event.event === 'userDeleted') target = '';
	else if (event.event !== 'userUpdated') target = user.status;
	else {
		const { digest, fieldTags } = fingerprintOf({ ...user, groups: user.groups ?? [] });
		target = [user.status, digest, fieldTags, user.updatedAt ?? ''].join(' ');
	}
	return createHash('sha256')
		.update([source, user.id, event.event, target].join('\n'))
		.digest('base64url')
		.slice(0, 22);
}

function withEventIds(source: string, events: ChangeEvent[], extra: { sample?: true } = {}): DetectionItem[] {
	return events.map((event) => ({ eventId: eventIdOf(source, event), ...event, ...extra }));
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
	const scope = scopeOf(settings.events, settings.filters);
	const { changes } = provider;
	if (changes.kind === 'feed') {
		const state = plan.kind === 'feed' ? plan.state : undefined;
		const result = await feedRun(context, transport, changes.feed, state, settings, now);
		return { events: result.events, next: savedState(source, { feed: result.feed }, scope) };
	}
	const previous = plan.kind === 'snapshot' ? plan.previous : undefined;
	// Never a storm of events from a damaged state: a plain baseline, whatever the options say.
	const runSettings = plan.kind === 'damaged' ? { ...settings, emitExistingUsers: false } : settings;
	const result = await snapshotRun(transport, provider, changes, previous, runSettings, now.toISOString());
	return { events: result.events, next: savedState(source, { snapshot: encodeSnapshot(result.snapshot) }, scope) };
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
		items = withEventIds(source, result.events.filter(wanted));
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

function byNewestFirst(first: UnifiedUser, second: UnifiedUser): number {
	if (first.createdAt === second.createdAt) return 0;
	if (first.createdAt === null) return 1;
	if (second.createdAt === null) return -1;
	return first.createdAt < second.createdAt ? 1 : -1;
}

/** Which users can stand for an event in a sample: a suspension needs a suspended user, a return an active one. */
const SAMPLE_FITS: Record<DirectoryEvent, (user: UnifiedUser) => boolean> = {
	userCreated: () => true,
	userSuspended: (user) => user.status !== 'active',
	userReactivated: (user) => user.status === 'active',
	userDeleted: () => true,
	userUpdated: () => true,
};

/** Users read at most to find ones that fit the selected events (a page of most directories). */
const SAMPLE_SCAN = 200;

/**
 * "Fetch test event": a few real users as items of the selected events, marked `sample: true`,
 * newest first where the directory tells creation dates. Each user stands for the first selected
 * event it fits, so with only User Suspended selected the sample shows suspended users. One small
 * request when any user fits; the saved state is not touched.
 */
export async function sampleEvents(
	context: DetectionContext,
	provider: DirectoryProvider,
	settings: DetectionSettings,
): Promise<DetectionItem[]> {
	const detectedAt = new Date().toISOString();
	const sampleOf = (user: UnifiedUser): ChangeEvent | undefined =>
		settings.events
			.filter((event) => SAMPLE_FITS[event](user))
			.map((event): ChangeEvent => ({ event, provider: provider.id, user, previous: null, changes: [], detectedAt }))
			.find((sample) => passesFilters(sample, settings.filters));
	const filtered = hasFilters(settings.filters);
	const anyUserFits = !filtered && settings.events.some((event) => SAMPLE_FITS[event] === SAMPLE_FITS.userCreated);
	const limit = anyUserFits ? SAMPLE_SIZE : SAMPLE_SCAN;
	const transport = await openTransport(context, provider, settings);
	const users: UnifiedUser[] = [];
	let read = 0;
	try {
		for await (const page of provider.users.list(transport, { filters: {}, limit })) {
			read += page.length;
			users.push(...page.map((record) => provider.users.normalise(record)).filter((user) => sampleOf(user)));
			if (users.length >= SAMPLE_SIZE || read >= limit) break;
		}
	} catch (error) {
		throw toNodeError(context.getNode(), error, { clean: transport.redact });
	}
	if (read === 0) {
		throw new NodeOperationError(context.getNode(), 'The directory has no users to show as a sample', {
			description: `${provider.displayName} returned no users, so there is no test event to show. Add a user to the directory, or check that the credential points at the right directory; once active, the trigger also works on an empty directory.`,
		});
	}
	if (users.length === 0) {
		const fitting = filtered
			? 'fits the selected events and filters'
			: `is ${settings.events.includes('userSuspended') ? 'suspended' : 'active'}`;
		throw new NodeOperationError(context.getNode(), `No user fits the selected events${filtered ? ' and filters' : ''} for a sample`, {
			description: `None of the first ${read} users of ${provider.displayName} ${fitting}, so there is no real user to show as ${settings.events.join(', ')}. ${
				filtered ? 'Widen the filters to see a sample' : 'Select another event too to see a sample, or suspend a test user'
			}; once active, the trigger reports these events as they happen.`,
		});
	}
	const samples = users
		.sort(byNewestFirst)
		.slice(0, SAMPLE_SIZE)
		.map((user) => sampleOf(user) as ChangeEvent);
	return withEventIds(directorySource(provider.id, transport.baseUrl), samples, { sample: true });
}
