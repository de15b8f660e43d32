/**
 * Change detection shared by the User Directory Trigger and the User Directory node's Watch
 * operation. One run: read the state from the node's static data → fetch the directory (or the
 * provider's change feed) → compare → return the events. The next state is written to static
 * data only after everything succeeded, so a failed run leaves the saved state as it was and the
 * next good run reports everything that happened meanwhile. Nothing is kept in module memory:
 * in queue mode each run may happen in another process.
 */
import type { IDataObject, IExecuteFunctions, INode, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	diffSnapshot,
	encodeSnapshot,
	takeSnapshot,
	type ChangeEvent,
	type DirectoryEvent,
	type Snapshot,
} from '../changes';
import { UserFacingError } from '../helpers/errors';
import type { ChangeFeed, DirectoryProvider, UnifiedUser } from '../providers/types';
import { createTransport } from '../transport';
import type { Transport } from '../transport/types';
import { detectionSettings, POLL_BUDGET_MS, type DetectionSettings } from './settings';
import { directorySource, planFromState, STATE_KEY, type SavedState } from './state';

export { detectionProperties } from './properties';
export type { DetectionSettings } from './settings';

/** A sample is a handful of real users, enough to map fields in the editor. */
const SAMPLE_SIZE = 5;

type DetectionContext = IPollFunctions | IExecuteFunctions;

/** An event as the nodes output it; samples carry `sample: true`. */
export type DetectionItem = ChangeEvent & { sample?: true };

const STATE_KEPT =
	'The saved state was not changed, so the next successful run reports everything that changed in the meantime.';

/**
 * Any failure as the n8n error the editor shows, with `note` added to its description. A
 * provider's own message may quote the server's answer, so it is redacted like the transport's.
 */
function asNodeError(
	node: INode,
	error: unknown,
	note?: string,
	transport?: Transport,
): NodeApiError | NodeOperationError {
	const clean = (text: string) => transport?.redact(text) ?? text;
	const withNote = (description: string | null | undefined) =>
		[description, note].filter(Boolean).join(' ') || undefined;
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = withNote(error.description);
		return error;
	}
	const hint = error instanceof UserFacingError ? clean(error.hint) : undefined;
	const message = clean(error instanceof Error ? error.message : String(error));
	return new NodeOperationError(node, message, { description: withNote(hint) });
}

/** The node's `events` and `options` values, checked; a NodeOperationError says what to fix. */
export function readDetectionSettings(
	node: INode,
	provider: DirectoryProvider,
	events: unknown,
	options: IDataObject,
): DetectionSettings {
	try {
		return detectionSettings(provider, events, options);
	} catch (error) {
		throw asNodeError(node, error);
	}
}

async function snapshotRun(
	transport: Transport,
	provider: DirectoryProvider,
	previous: Snapshot | undefined,
	settings: DetectionSettings,
	detectedAt: string,
): Promise<{ events: ChangeEvent[]; snapshot: Snapshot }> {
	// No variable holds the raw records: they can be collected while the snapshots are built.
	const users = (await provider.snapshotUsers(transport, { concurrency: settings.pageConcurrency })).map(
		(record) => provider.normaliseUser(record),
	);
	if (!previous && !settings.emitExistingUsers) {
		return { events: [], snapshot: takeSnapshot(users, settings.snapshotMode) };
	}
	const { events, next } = diffSnapshot(previous ?? takeSnapshot([], settings.snapshotMode), users, {
		events: settings.events,
		provider: provider.id,
		detectedAt,
		reportNewSuspendedAsSuspended: settings.reportNewSuspendedAsSuspended,
		mode: settings.snapshotMode,
	});
	return { events, snapshot: next };
}

async function feedRun(
	context: DetectionContext,
	transport: Transport,
	feed: ChangeFeed,
	state: IDataObject | undefined,
	settings: DetectionSettings,
	now: Date,
): Promise<{ events: ChangeEvent[]; feed: IDataObject }> {
	const wanted = new Set<DirectoryEvent>(settings.events);
	const result = await feed.poll(transport, state, {
		events: settings.events,
		now,
		timezone: context.getTimezone(),
	});
	return { events: result.events.filter((event) => wanted.has(event.event)), feed: result.state };
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
 * The changes since the last saved state. The first run for a directory records the baseline
 * and returns nothing (or every user, with `emitExistingUsers`). With `save: false` (manual
 * runs) the saved state is read but never changed.
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
	let next: SavedState;
	let events: ChangeEvent[];
	try {
		const plan = planFromState(staticData[STATE_KEY], source, provider.changeFeed !== undefined);
		if (provider.changeFeed) {
			const state = plan.kind === 'feed' ? plan.state : undefined;
			const result = await feedRun(context, transport, provider.changeFeed, state, settings, now);
			events = result.events;
			next = { version: 1, source, feed: result.feed };
		} else {
			const previous = plan.kind === 'snapshot' ? plan.previous : undefined;
			const result = await snapshotRun(transport, provider, previous, settings, now.toISOString());
			events = result.events;
			next = { version: 1, source, snapshot: encodeSnapshot(result.snapshot) };
		}
	} catch (error) {
		throw asNodeError(context.getNode(), error, STATE_KEPT, transport);
	}
	if (options.save) staticData[STATE_KEY] = next;
	return events;
}

function byNewestFirst(first: UnifiedUser, second: UnifiedUser): number {
	if (first.createdAt === second.createdAt) return 0;
	if (first.createdAt === null) return 1;
	if (second.createdAt === null) return -1;
	return first.createdAt < second.createdAt ? 1 : -1;
}

/**
 * "Fetch test event": a few real users as `userCreated` items marked `sample: true`, newest first
 * where the directory tells creation dates. One small request; the saved state is not touched.
 */
export async function sampleEvents(
	context: DetectionContext,
	provider: DirectoryProvider,
	settings: DetectionSettings,
): Promise<DetectionItem[]> {
	const transport = await openTransport(context, provider, settings);
	const users: UnifiedUser[] = [];
	try {
		for await (const page of provider.listUsers(transport, { filters: {}, limit: SAMPLE_SIZE })) {
			users.push(...page.map((record) => provider.normaliseUser(record)));
			if (users.length >= SAMPLE_SIZE) break;
		}
	} catch (error) {
		throw asNodeError(context.getNode(), error, undefined, transport);
	}
	if (users.length === 0) {
		throw new NodeOperationError(context.getNode(), 'The directory has no users to show as a sample', {
			description: `${provider.displayName} returned no users, so there is no test event to show. Add a user to the directory, or check that the credential points at the right directory; once active, the trigger also works on an empty directory.`,
		});
	}
	const detectedAt = new Date().toISOString();
	return users
		.sort(byNewestFirst)
		.slice(0, SAMPLE_SIZE)
		.map((user) => ({
			event: 'userCreated',
			provider: provider.id,
			user,
			previous: null,
			changes: [],
			detectedAt,
			sample: true,
		}));
}
