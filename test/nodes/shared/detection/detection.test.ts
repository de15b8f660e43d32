import type { IDataObject } from 'n8n-workflow';

import { encodeSnapshot, takeSnapshot, type StateCodec } from '../../../../nodes/shared/changes';
import { DIRECTORY_EVENTS } from '../../../../nodes/shared/domain';
import {
	DEFAULT_PAGE_CONCURRENCY,
	DEFAULT_TIMEOUT_MS,
	detectionSettings,
	supportedEvents,
} from '../../../../nodes/shared/detection/settings';
import { directorySource, planFromState } from '../../../../nodes/shared/detection/state';
import { UserFacingError } from '../../../../nodes/shared/helpers/errors';
import { keeperProvider } from '../../../../nodes/shared/providers/keeper';
import type { UnifiedUser } from '../../../../nodes/shared/domain';
import type { DirectoryProvider } from '../../../../nodes/shared/providers/types';

/** A provider that, like Konnektive, has no status and so cannot report suspensions. */
const statuslessProvider: DirectoryProvider = {
	...keeperProvider,
	id: 'statusless',
	displayName: 'Statusless CRM',
	changes: { ...keeperProvider.changes, events: ['userCreated', 'userUpdated'] },
};

function thrown(action: () => unknown): UserFacingError {
	try {
		action();
	} catch (error) {
		if (error instanceof UserFacingError) return error;
		throw error;
	}
	throw new Error('expected a UserFacingError');
}

describe('detectionSettings', () => {
	it('applies the documented defaults', () => {
		expect(detectionSettings(keeperProvider, ['userCreated'], {})).toEqual({
			events: ['userCreated'],
			emitExistingUsers: false,
			reportNewSuspendedAsSuspended: false,
			snapshotMode: 'compact',
			pageConcurrency: DEFAULT_PAGE_CONCURRENCY,
			timeoutMs: DEFAULT_TIMEOUT_MS,
			filters: { groupIds: [], emailPatterns: [], statuses: [] },
		});
	});

	it('reads every option', () => {
		const settings = detectionSettings(keeperProvider, ['userDeleted', 'userDeleted', 'userUpdated'], {
			emitExistingUsers: true,
			reportNewSuspendedAsSuspended: true,
			snapshotMode: 'full',
			pageConcurrency: 9,
			timeout: 1500,
		}, { groups: ['team-1'], emailPatterns: 'Example.com, *@sales.example.com', statuses: ['suspended'] });
		expect(settings).toEqual({
			events: ['userDeleted', 'userUpdated'],
			emitExistingUsers: true,
			reportNewSuspendedAsSuspended: true,
			snapshotMode: 'full',
			pageConcurrency: 9,
			timeoutMs: 1500,
			filters: { groupIds: ['team-1'], emailPatterns: ['*@example.com', '*@sales.example.com'], statuses: ['suspended'] },
		});
	});

	it('offers every event for a provider that does not restrict them', () => {
		expect(supportedEvents(keeperProvider)).toEqual(DIRECTORY_EVENTS);
		expect(detectionSettings(keeperProvider, [...DIRECTORY_EVENTS], {}).events).toEqual(DIRECTORY_EVENTS);
	});

	it('refuses an event the provider cannot report, naming what it can', () => {
		const error = thrown(() => detectionSettings(statuslessProvider, ['userCreated', 'userSuspended'], {}));
		expect(error.message).toBe('Statusless CRM cannot report userSuspended');
		expect(error.hint).toBe('Remove userSuspended from Events. Statusless CRM supports: userCreated, userUpdated.');
	});

	it.each<[string, unknown]>([
		['an empty list', []],
		['no value', undefined],
		['an empty string', ''],
	])('refuses %s as events', (_, events) => {
		expect(thrown(() => detectionSettings(keeperProvider, events, {})).message).toBe('No event is selected');
	});

	it('accepts a single event given as text (an expression result)', () => {
		expect(detectionSettings(keeperProvider, 'userSuspended', {}).events).toEqual(['userSuspended']);
	});

	it('refuses unknown events', () => {
		const error = thrown(() => detectionSettings(keeperProvider, ['userCreated', 'userLocked', 42], {}));
		expect(error.message).toBe('Unknown event "userLocked", 42');
	});

	it.each([0, 17, 2.5, 'many'])('refuses a page concurrency of %p', (pageConcurrency) => {
		const error = thrown(() => detectionSettings(keeperProvider, ['userCreated'], { pageConcurrency }));
		expect(error.message).toBe('Page Concurrency must be a whole number from 1 to 16');
	});

	it('refuses an unknown snapshot mode and a zero timeout', () => {
		expect(thrown(() => detectionSettings(keeperProvider, ['userCreated'], { snapshotMode: 'tiny' })).message).toBe(
			'Unknown snapshot mode "tiny"',
		);
		expect(thrown(() => detectionSettings(keeperProvider, ['userCreated'], { timeout: 0 })).message).toMatch(/^Timeout must be/);
	});
});

describe('directorySource', () => {
	it('is stable and tells directories and providers apart', () => {
		const source = directorySource('keeper', 'https://keepersecurity.com/api/rest/scim/v2/123456789012345');
		expect(source).toBe(directorySource('keeper', 'https://keepersecurity.com/api/rest/scim/v2/123456789012345'));
		expect(source).toMatch(/^[A-Za-z0-9_-]{16}$/);
		expect(directorySource('keeper', 'https://keepersecurity.eu/api/rest/scim/v2/123456789012345')).not.toBe(source);
		expect(directorySource('kandji', 'https://keepersecurity.com/api/rest/scim/v2/123456789012345')).not.toBe(source);
	});
});

describe('planFromState', () => {
	const SOURCE = 'source-a';
	const user: UnifiedUser = {
		id: '42',
		provider: 'keeper',
		email: 'ada@example.com',
		username: 'ada@example.com',
		firstName: 'Ada',
		lastName: 'Lovelace',
		displayName: 'Ada Lovelace',
		status: 'active',
		groups: [],
		externalId: null,
		createdAt: null,
		updatedAt: null,
	};
	const snapshot = () => JSON.parse(JSON.stringify(encodeSnapshot(takeSnapshot([user])))) as IDataObject;
	const saved = (overrides: object = {}) => ({ version: 2, source: SOURCE, snapshot: snapshot(), ...overrides });
	/** A feed whose state is a cursor, checked like a real feed's. */
	const cursorFeed: StateCodec<{ cursor: string }, IDataObject> = {
		encode: (state) => state,
		decode: (stored) => {
			if (typeof stored.cursor !== 'string') throw new Error('the cursor is missing');
			return { cursor: stored.cursor };
		},
	};

	it('starts with a baseline when nothing is saved', () => {
		expect(planFromState(undefined, SOURCE)).toEqual({ kind: 'baseline' });
	});

	it('resumes from a saved snapshot of the same directory', () => {
		const plan = planFromState(saved(), SOURCE);
		expect(plan.kind).toBe('snapshot');
		expect(plan.kind === 'snapshot' && [plan.previous.size, plan.previous.idAt(0)]).toEqual([1, '42']);
	});

	it('reads a state saved by version 1, which kept versions inside the snapshot and the feed state', () => {
		const legacy = { version: 1, source: SOURCE, snapshot: { version: 1, ...snapshot() } };
		const plan = planFromState(legacy, SOURCE);
		expect(plan.kind === 'snapshot' && plan.previous.idAt(0)).toBe('42');
		expect(planFromState({ version: 1, source: SOURCE, feed: { version: 1, cursor: 'x' } }, SOURCE, cursorFeed)).toEqual({
			kind: 'feed',
			state: { cursor: 'x' },
		});
	});

	it('starts over for another directory rather than reporting everyone', () => {
		expect(planFromState(saved({ source: 'source-b' }), SOURCE)).toEqual({ kind: 'baseline' });
	});

	it('hands a change feed its own state, decoded, and starts over when there is none', () => {
		expect(planFromState(saved({ snapshot: undefined, feed: { cursor: 'x' } }), SOURCE, cursorFeed)).toEqual({
			kind: 'feed',
			state: { cursor: 'x' },
		});
		expect(planFromState(saved(), SOURCE, cursorFeed)).toEqual({ kind: 'baseline' });
	});

	it.each<[string, unknown, string, StateCodec<unknown, IDataObject>?]>([
		['a list', [], 'it is not an object', undefined],
		['another version', { version: 3, source: SOURCE }, 'it has version 3, this node reads 2 and 1', undefined],
		['a corrupt snapshot', { version: 2, source: SOURCE, snapshot: { mode: 'compact', userCount: 3, textIds: [], data: 'AAAA' } }, 'The stored user snapshot is corrupt', undefined],
		['a snapshot that is not an object', { version: 2, source: SOURCE, snapshot: 'users' }, 'its snapshot is not an object', undefined],
		['a version 1 snapshot of another version', { version: 1, source: SOURCE, snapshot: { version: 2, ...snapshot() } }, 'its snapshot has version 2', undefined],
		['a feed state its feed cannot read', { version: 2, source: SOURCE, feed: {} }, 'the cursor is missing', cursorFeed],
	])('refuses %s with a way out', (_, state, detail, feed) => {
		const error = thrown(() => planFromState(state, SOURCE, feed));
		expect(error.message).toContain('The change detection state saved in this workflow cannot be read');
		expect(error.message).toContain(detail);
		expect(error.hint).toContain('rename this node');
	});
});
