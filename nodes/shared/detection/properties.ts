import type { INodeProperties } from 'n8n-workflow';

import type { DirectoryEvent } from '../changes';
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

/** Providers whose users have groups to filter by. */
const GROUP_PROVIDER_IDS = PROVIDERS.filter((provider) => provider.supportsGroups).map((provider) => provider.id);
/** Providers whose users can be suspended, so that a status says something. */
const STATUS_PROVIDER_IDS = PROVIDERS.filter((provider) => supportedEvents(provider).includes('userSuspended')).map(
	(provider) => provider.id,
);

const filtersProperty: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	description:
		'Report only the events of some users. Filters never change what the node remembers: widening one later does not report old changes again, and a user leaving a filter is not reported as deleted.',
	options: [
		{
			displayName: 'Email Matches',
			name: 'emailPatterns',
			type: 'string',
			default: '',
			placeholder: 'example.com, *@sales.example.com',
			description:
				'Only users whose email, now or just before the change, matches one of these, separated by commas: a domain (example.com), an address, or a pattern with * and ?',
		},
		{
			displayName: 'Group Names or IDs',
			name: 'groups',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getFilterGroups', loadOptionsDependsOn: ['provider'] },
			default: [],
			description:
				'Only users who are, or were just before the change, in one of these groups. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: { show: { '/provider': GROUP_PROVIDER_IDS } },
		},
		{
			displayName: 'Statuses',
			name: 'statuses',
			type: 'multiOptions',
			options: [
				{ name: 'Active', value: 'active' },
				{ name: 'Archived', value: 'archived' },
				{ name: 'Suspended', value: 'suspended' },
			],
			default: [],
			description: "Only users with one of these statuses after the change (a deleted user's status as last seen)",
			displayOptions: { show: { '/provider': STATUS_PROVIDER_IDS } },
		},
	],
};

const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
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
	],
};

/** Parameters shared by the User Directory Trigger and the Watch operation (after `provider`). */
export const detectionProperties: INodeProperties[] = [...eventsProperties, filtersProperty, optionsProperty];
