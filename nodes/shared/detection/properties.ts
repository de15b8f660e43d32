import type { INodeProperties } from 'n8n-workflow';

import type { DirectoryEvent } from '../changes';
import { optionsProperty } from '../helpers/descriptions';
import { PROVIDERS } from '../providers/registry';
import {
	DEFAULT_EVENTS,
	DEFAULT_PAGE_CONCURRENCY,
	DEFAULT_TIMEOUT_MS,
	MAX_PAGE_CONCURRENCY,
	supportedEvents,
} from './settings';

const EVENT_OPTIONS: Record<DirectoryEvent, { name: string; description: string }> = {
	userCreated: { name: 'User Created', description: 'A user appeared in the directory (a new hire)' },
	userSuspended: {
		name: 'User Suspended',
		description: 'An active user was suspended or archived (in Keeper: locked)',
	},
	userReactivated: {
		name: 'User Reactivated',
		description: 'A suspended or archived user became active again (in Keeper: unlocked)',
	},
	userDeleted: { name: 'User Deleted', description: 'A user is no longer in the directory' },
	userUpdated: {
		name: 'User Updated',
		description: 'Email, user name, first, last or display name, external ID or group membership changed',
	},
};

/** Providers whose changes are found by comparing snapshots (no change feed). */
const SNAPSHOT_PROVIDER_IDS = PROVIDERS.filter((provider) => !provider.changeFeed).map(
	(provider) => provider.id,
);

/** One Events selector per provider, offering only the events that provider can report. */
const eventsProperties: INodeProperties[] = PROVIDERS.map((provider) => {
	const supported = supportedEvents(provider);
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: supported.map((event) => ({ value: event, ...EVENT_OPTIONS[event] })),
		// An array literal: n8n's scanner requires one as a multiOptions default.
		default: [...DEFAULT_EVENTS.filter((event) => supported.includes(event))],
		description: 'The changes to report. Each change is reported once, one item per user and event.',
		displayOptions: { show: { provider: [provider.id] } },
	};
});

const triggerOptions = optionsProperty([
		{
			displayName: 'Emit Existing Users on First Run',
			name: 'emitExistingUsers',
			type: 'boolean',
			default: false,
			description:
				'Whether the first run reports every user already in the directory as User Created. Off: the first run only records the directory as it is, and later runs report what changed since.',
			displayOptions: { show: { '/provider': SNAPSHOT_PROVIDER_IDS } },
		},
		{
			displayName: 'Page Concurrency',
			name: 'pageConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PAGE_CONCURRENCY },
			default: DEFAULT_PAGE_CONCURRENCY,
			description:
				'How many pages of users (up to 1,000 each) to fetch at the same time. Keeper publishes no rate limit; lower this if the directory answers 429 Too Many Requests.',
			displayOptions: { show: { '/provider': SNAPSHOT_PROVIDER_IDS } },
		},
		{
			displayName: 'Report Suspended Newcomers as Suspended',
			name: 'reportNewSuspendedAsSuspended',
			type: 'boolean',
			default: false,
			description:
				'Whether a user who is already suspended when first seen also gets a User Suspended event. Off: such a newcomer is only User Created (with status "suspended").',
		},
		{
			displayName: 'Snapshot Mode',
			name: 'snapshotMode',
			type: 'options',
			options: [
				{
					name: 'Compact',
					value: 'compact',
					description:
						'Under 16 bytes per user in the workflow\'s static data. In "previous", fields that changed are null, and a deleted user is known by ID and status only.',
				},
				{
					name: 'Full',
					value: 'full',
					description:
						'Every field of every user is kept, so "previous" and deleted users are complete. Static data grows to a few hundred bytes per user.',
				},
			],
			default: 'compact',
			description: 'How much of the directory to remember between runs',
			displayOptions: { show: { '/provider': SNAPSHOT_PROVIDER_IDS } },
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_MS,
			description:
				'Time in ms each request may take, the whole answer included, before it is given up. Failed requests are retried a few times with backoff; a whole run may take at most 5 minutes.',
		},
	]);

/** Parameters shared by the User Directory Trigger and the Watch operation (after `provider`). */
export const detectionProperties: INodeProperties[] = [...eventsProperties, triggerOptions];
