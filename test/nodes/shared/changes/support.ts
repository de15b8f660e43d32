import type { UnifiedUser } from '../../../../nodes/shared/domain';

export const PROVIDER = 'keeper';

/** A user with every field set (in two groups), changed by `overrides`. */
export function makeUser(id: string, overrides: Partial<UnifiedUser> = {}): UnifiedUser {
	return {
		id,
		provider: PROVIDER,
		email: `user${id}@example.com`,
		username: `user${id}`,
		firstName: 'Ada',
		lastName: 'Lovelace',
		displayName: 'Ada Lovelace',
		status: 'active',
		groups: [
			{ id: 'g-eng', name: 'Engineering' },
			{ id: 'g-all', name: 'Everyone' },
		],
		externalId: `ext-${id}`,
		createdAt: '2024-01-01T00:00:00.000Z',
		updatedAt: '2024-02-01T00:00:00.000Z',
		...overrides,
	};
}
