import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { encodeSnapshot, takeSnapshot, type StoredSnapshot } from '../../../../nodes/shared/changes';
import type { UnifiedUser } from '../../../../nodes/shared/domain';
import { planFromState, savedState } from '../../../../nodes/shared/detection/state';

/** The checksum as every version seals it: SHA-256 of the JSON with object keys sorted, in one text. */
function referenceChecksum(state: IDataObject): string {
	const canonical = (value: unknown): string => {
		if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
		if (typeof value === 'object' && value !== null) {
			const entries = Object.entries(value)
				.filter(([, entry]) => entry !== undefined)
				.sort(([first], [second]) => (first < second ? -1 : 1));
			return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(',')}}`;
		}
		return JSON.stringify(value);
	};
	const { checksum: _checksum, ...content } = state;
	return createHash('sha256').update(canonical(content)).digest('base64url').slice(0, 22);
}

const run = { scope: { events: ['userCreated' as const], groupIds: [], emailPatterns: [], statuses: [] }, savedAt: '2026-12-01T12:00:00.000Z' };

describe('detection state checksum', () => {
	it.each([
		['megabytes of base64 (handed to the hash as it is)', 'QUJD'.repeat(400_000)],
		['a long text with quotes and backslashes', '"\\'.repeat(40_000)],
		['a long text with emoji (surrogate pairs)', '😀a'.repeat(30_000)],
		['a long text with a lone surrogate', `${'x'.repeat(70_000)}\ud800y`],
		['a long text with control characters', '\n\t\u0001'.repeat(30_000)],
		['a short text', 'Zoë'],
	])('seals %s as the previous versions did, whatever the key order', (_name, data) => {
		const snapshot = { mode: 'compact', userCount: 1, textIds: ['é', '"'], data, groups: [['b', null], ['a', 'Ä']], groupsListed: true } as unknown as StoredSnapshot;
		const state = savedState('source-1', { snapshot }, run) as unknown as IDataObject;
		expect(state.checksum).toBe(referenceChecksum(state));
		const reordered = JSON.parse(JSON.stringify({ savedAt: state.savedAt, scope: state.scope, checksum: state.checksum, source: state.source, version: state.version, snapshot: state.snapshot })) as IDataObject;
		expect(referenceChecksum(reordered)).toBe(state.checksum);
	});

	it('reads back a sealed state of 20,000 users, and notices one changed character', () => {
		const users = Array.from({ length: 20_000 }, (_, index): UnifiedUser => ({
			id: String(1_000_000 + index * 3),
			provider: 'keeper',
			email: `user${index}@example.com`,
			username: null,
			firstName: null,
			lastName: null,
			displayName: null,
			status: 'active',
			groups: [{ id: `team-${index % 7}`, name: null }],
			externalId: null,
			createdAt: null,
			updatedAt: null,
		}));
		const snapshot = encodeSnapshot(takeSnapshot(users));
		const state = JSON.parse(JSON.stringify(savedState('source-1', { snapshot }, run))) as IDataObject;
		const plan = planFromState(state, 'source-1');
		expect(plan.kind === 'snapshot' && plan.previous.size).toBe(users.length);
		const data = (state.snapshot as IDataObject).data as string;
		const edited = { ...state, snapshot: { ...(state.snapshot as IDataObject), data: `${data.slice(0, 1000)}${data[1000] === 'A' ? 'B' : 'A'}${data.slice(1001)}` } };
		expect(planFromState(edited, 'source-1')).toEqual({ kind: 'damaged' });
	});
});
