import type { IDataObject } from 'n8n-workflow';

import type { UnifiedUser } from '../../domain';
import { parseKonnektiveDateTime } from './dates';

export const KONNEKTIVE_PROVIDER = 'konnektive';

function text(value: unknown): string | null {
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') return null;
	return value.trim() || null;
}

/** The customer's id as text; Konnektive sends a number, some responses a string. */
export function customerIdOf(raw: IDataObject): string {
	return text(raw.customerId) ?? '';
}

/**
 * A Konnektive customer as a directory user. Konnektive has no customer status (subscriptions
 * have one, customers do not), no user name, external id or groups: those stay active, null, [].
 * Dates are the account's local time, as Konnektive gives them (ISO 8601, no offset).
 */
export function normaliseKonnektiveCustomer(raw: IDataObject): UnifiedUser {
	const firstName = text(raw.firstName);
	const lastName = text(raw.lastName);
	return {
		id: customerIdOf(raw),
		provider: KONNEKTIVE_PROVIDER,
		email: text(raw.emailAddress),
		username: null,
		firstName,
		lastName,
		displayName: [firstName, lastName].filter(Boolean).join(' ') || null,
		status: 'active',
		groups: [],
		externalId: null,
		createdAt: parseKonnektiveDateTime(raw.dateCreated)?.iso ?? null,
		updatedAt: parseKonnektiveDateTime(raw.dateUpdated)?.iso ?? null,
	};
}
