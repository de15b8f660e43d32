import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	isGroupEventName,
	type ChangeEvent,
	type DirectoryEvent,
	type GroupEventName,
	type GroupRef,
	type UnifiedUser,
} from '../domain';
import { toNodeError } from '../helpers/errors';
import type { DirectoryProvider } from '../providers/types';
import type { Transport } from '../transport/types';
import { withEventIds, type DetectionItem } from './eventIds';
import { hasFilters, passesFilters } from './filters';
import { openTransport, type DetectionContext } from './context';
import type { DetectionSettings } from './settings';
import { directorySource } from './state';

/** A sample is a handful of real users (or groups), enough to map fields in the editor. */
const SAMPLE_SIZE = 5;
/** Records read at most to find ones that fit the selected events (a page of most directories). */
const SAMPLE_SCAN = 200;

type UserSampleEvent = Exclude<DirectoryEvent, GroupEventName>;

/** Which users can stand for an event, and what such a user is, for the message when none is. */
const SAMPLE_FITS: Record<UserSampleEvent, { fits: (user: UnifiedUser) => boolean; need?: string }> = {
	userCreated: { fits: () => true },
	userSuspended: { fits: (user) => user.status !== 'active', need: 'suspended' },
	userReactivated: { fits: (user) => user.status === 'active', need: 'active' },
	userDeleted: { fits: () => true },
	userUpdated: { fits: () => true },
	userAddedToGroup: { fits: (user) => user.groups.length > 0, need: 'in a group' },
	userRemovedFromGroup: { fits: (user) => user.groups.length > 0, need: 'in a group' },
};

function byNewestFirst(first: UnifiedUser, second: UnifiedUser): number {
	if (first.createdAt === second.createdAt) return 0;
	if (first.createdAt === null) return 1;
	if (second.createdAt === null) return -1;
	return first.createdAt < second.createdAt ? 1 : -1;
}

/** Reads records page by page until `enough` of them fit or `limit` were read; how many were read. */
async function scan<Value>(
	pages: AsyncIterable<IDataObject[]>,
	toSample: (record: IDataObject) => Value | undefined,
	samples: Value[],
	limit: number,
): Promise<number> {
	let read = 0;
	for await (const page of pages) {
		read += page.length;
		for (const record of page) {
			const sample = toSample(record);
			if (sample !== undefined) samples.push(sample);
		}
		if (samples.length >= SAMPLE_SIZE || read >= limit) break;
	}
	return read;
}

function noSample(context: DetectionContext, message: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { description });
}

/** Users as samples of the first selected event each fits. */
async function userSamples(
	context: DetectionContext,
	transport: Transport,
	provider: DirectoryProvider,
	settings: DetectionSettings,
	events: readonly UserSampleEvent[],
	detectedAt: string,
): Promise<ChangeEvent[]> {
	const filtered = hasFilters(settings.filters);
	const eventFor = (event: UserSampleEvent, user: UnifiedUser): ChangeEvent =>
		event === 'userAddedToGroup' || event === 'userRemovedFromGroup'
			? { event, provider: provider.id, user, group: user.groups[0], detectedAt }
			: { event, provider: provider.id, user, previous: null, changes: [], detectedAt };
	const sampleOf = (user: UnifiedUser): ChangeEvent | undefined =>
		events
			.filter((event) => SAMPLE_FITS[event].fits(user))
			.map((event) => eventFor(event, user))
			.find((sample) => passesFilters(sample, settings.filters));
	const anyUserFits = !filtered && events.some((event) => SAMPLE_FITS[event].need === undefined);
	const limit = anyUserFits ? SAMPLE_SIZE : SAMPLE_SCAN;
	const fitting: Array<{ user: UnifiedUser; sample: ChangeEvent }> = [];
	const read = await scan(
		provider.users.list(transport, { filters: {}, limit }),
		(record) => {
			const user = provider.users.normalise(record);
			const sample = sampleOf(user);
			return sample && { user, sample };
		},
		fitting,
		limit,
	);
	if (read === 0) {
		throw noSample(
			context,
			'The directory has no users to show as a sample',
			`${provider.displayName} returned no users, so there is no test event to show. Add a user to the directory, or check that the credential points at the right directory; once active, the trigger also works on an empty directory.`,
		);
	}
	if (fitting.length === 0) {
		const needs = [...new Set(events.map((event) => SAMPLE_FITS[event].need))].join(' or ');
		throw noSample(
			context,
			`No user fits the selected events${filtered ? ' and filters' : ''} for a sample`,
			`None of the first ${read} users of ${provider.displayName} ${filtered ? 'fits the selected events and filters' : `is ${needs}`}, so there is no real user to show as ${events.join(', ')}. ${
				filtered ? 'Widen the filters to see a sample' : 'Select another event too to see a sample, or change a test user to fit'
			}; once active, the trigger reports these events as they happen.`,
		);
	}
	return fitting
		.sort((first, second) => byNewestFirst(first.user, second.user))
		.slice(0, SAMPLE_SIZE)
		.map(({ sample }) => sample);
}

/** Groups as samples of the first selected group event. */
async function groupSamples(
	context: DetectionContext,
	transport: Transport,
	provider: DirectoryProvider,
	settings: DetectionSettings,
	event: GroupEventName,
	detectedAt: string,
): Promise<ChangeEvent[]> {
	const { groups } = provider;
	if (groups === undefined) return [];
	const limit = hasFilters(settings.filters) ? SAMPLE_SCAN : SAMPLE_SIZE;
	const samples: ChangeEvent[] = [];
	const read = await scan(
		groups.list(transport, { filters: {}, limit, includeMembers: false }),
		(record) => {
			const { id, name } = groups.normalise(record);
			const group: GroupRef = { id, name };
			const sample: ChangeEvent = { event, provider: provider.id, group, previous: event === 'groupCreated' ? null : group, detectedAt };
			return passesFilters(sample, settings.filters) ? sample : undefined;
		},
		samples,
		limit,
	);
	if (samples.length === 0) {
		throw noSample(
			context,
			read === 0 ? 'The directory has no groups to show as a sample' : 'No group fits the filters for a sample',
			`${read === 0 ? `${provider.displayName} returned no groups` : `None of the first ${read} groups of ${provider.displayName} fits the filters`}, so there is no test event to show. ${
				read === 0 ? 'Create a group, or select a user event too' : 'Widen the filters'
			}; once active, the trigger reports group events as they happen.`,
		);
	}
	return samples.slice(0, SAMPLE_SIZE);
}

/**
 * "Fetch test event": a few real users as items of the selected events, marked `sample: true`,
 * newest first where the directory tells creation dates. Each user stands for the first selected
 * event it fits, so with only User Suspended selected the sample shows suspended users; with only
 * group events selected, groups stand for them. One small request when any record fits; the
 * saved state is not touched.
 */
export async function sampleEvents(
	context: DetectionContext,
	provider: DirectoryProvider,
	settings: DetectionSettings,
): Promise<DetectionItem[]> {
	const detectedAt = new Date().toISOString();
	const userEvents = settings.events.filter((event): event is UserSampleEvent => !isGroupEventName(event));
	const transport = await openTransport(context, provider, settings);
	let samples: ChangeEvent[];
	try {
		samples =
			userEvents.length > 0
				? await userSamples(context, transport, provider, settings, userEvents, detectedAt)
				: await groupSamples(context, transport, provider, settings, settings.events[0] as GroupEventName, detectedAt);
	} catch (error) {
		throw toNodeError(context.getNode(), error, { clean: transport.redact });
	}
	return withEventIds(directorySource(provider.id, transport.baseUrl), samples, '', { sample: true });
}
