import type { INodeProperties } from 'n8n-workflow';

import type { DirectoryEvent } from '../domain';
import { collectionProperty, optionsProperty } from '../helpers/descriptions';
import type { DirectoryProvider } from '../providers/types';
import {
	DEFAULT_EVENTS,
	DEFAULT_PAGE_CONCURRENCY,
	DEFAULT_TIMEOUT_MS,
	MAX_PAGE_CONCURRENCY,
	supportedEvents,
} from './settings';

const EVENT_OPTIONS: Record<DirectoryEvent, { name: string; description: string }> = {
	userCreated: { name: 'User Created', description: 'A user appeared in the directory (a new hire)' },
	userSuspended: { name: 'User Suspended', description: 'An active user was suspended or archived' },
	userReactivated: { name: 'User Reactivated', description: 'A suspended or archived user became active again' },
	userDeleted: { name: 'User Deleted', description: 'A user is no longer in the directory' },
	userUpdated: {
		name: 'User Updated',
		description: 'Email, user name, first, last or display name, external ID or group membership changed',
	},
	userAddedToGroup: {
		name: 'User Added to Group',
		description: 'A user joined a group: one item per user and group, also for a new user\'s groups',
	},
	userRemovedFromGroup: {
		name: 'User Removed From Group',
		description: 'A user left a group: one item per user and group, also when the user or the group was deleted',
	},
	groupCreated: { name: 'Group Created', description: 'A new group appeared in the directory' },
	groupUpdated: { name: 'Group Renamed', description: 'A group\'s name changed' },
	groupDeleted: { name: 'Group Deleted', description: 'A group is no longer in the directory' },
};

/** An event's option, with what it means in this provider's directory ("in <product>: locked"). */
function eventOption(provider: DirectoryProvider, event: DirectoryEvent) {
	const { name, description } = EVENT_OPTIONS[event];
	const meaning = provider.wording.events?.[event];
	return { value: event, name, description: meaning ? `${description} (${meaning})` : description };
}

/** One Events selector per provider, offering only the events that provider can report. */
function eventsProperty(provider: DirectoryProvider): INodeProperties {
	const supported = supportedEvents(provider);
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: supported.map((event) => eventOption(provider, event)),
		// An array literal: n8n's scanner requires one as a multiOptions default.
		default: [...DEFAULT_EVENTS.filter((event) => supported.includes(event))],
		description: 'The changes to report. Each change is reported once: one item per user and event, per user and group for membership events, per group for group events.',
		displayOptions: { show: { provider: [provider.id] } },
	};
}

function filtersProperty(providers: readonly DirectoryProvider[]): INodeProperties {
	const withGroups = providers.filter((provider) => provider.groups !== undefined).map((provider) => provider.id);
	// A status says something only where users can be suspended.
	const withStatus = providers.filter((provider) => supportedEvents(provider).includes('userSuspended')).map((provider) => provider.id);
	return collectionProperty(
		{ displayName: 'Filters', name: 'filters', placeholder: 'Add Filter' },
		[
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
					'Only users who are, or were just before the change, in one of these groups; for membership and group events, only these groups. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { '/provider': withGroups } },
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
				displayOptions: { show: { '/provider': withStatus } },
			},
		],
		{
			description:
				'Report only the events of some users. Filters never change what the node remembers: widening one later does not report old changes again, and a user leaving a filter is not reported as deleted.',
		},
	);
}

/** The Page Concurrency option of each provider whose snapshot pages can be fetched in parallel, in its words. */
function pageConcurrencyOptions(providers: readonly DirectoryProvider[]): INodeProperties[] {
	return providers.flatMap((provider) =>
		provider.changes.kind === 'snapshot' && provider.changes.pageConcurrency
			? [
					{
						displayName: 'Page Concurrency',
						name: 'pageConcurrency',
						type: 'number' as const,
						typeOptions: { minValue: 1, maxValue: MAX_PAGE_CONCURRENCY },
						default: DEFAULT_PAGE_CONCURRENCY,
						description: provider.changes.pageConcurrency,
						displayOptions: { show: { '/provider': [provider.id] } },
					},
				]
			: [],
	);
}

function triggerOptions(providers: readonly DirectoryProvider[]): INodeProperties {
	// Providers whose changes are found by comparing snapshots (no change feed).
	const snapshotProviderIds = providers.filter((provider) => provider.changes.kind === 'snapshot').map((provider) => provider.id);
	return optionsProperty([
		{
			displayName: 'Emit Existing Users on First Run',
			name: 'emitExistingUsers',
			type: 'boolean',
			default: false,
			description:
				'Whether the first run reports every user already in the directory as User Created (and each of their groups as User Added to Group). Off: the first run only records the directory as it is, and later runs report what changed since.',
			displayOptions: { show: { '/provider': snapshotProviderIds } },
		},
		...pageConcurrencyOptions(providers),
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
						'About 15 bytes per user in the workflow\'s static data, and about 1 more per group membership. In "previous", fields that changed are null, and a deleted user is known by ID, status and groups only.',
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
			displayOptions: { show: { '/provider': snapshotProviderIds } },
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
}

/** Parameters shared by the User Directory Trigger and the Watch operation (after `provider`), for these providers. */
export function detectionProperties(providers: readonly DirectoryProvider[]): INodeProperties[] {
	return [...providers.map(eventsProperty), filtersProperty(providers), triggerOptions(providers)];
}
