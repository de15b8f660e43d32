import type { IDataObject } from 'n8n-workflow';

import { textOrNull } from '../../helpers/values';
import type { UnifiedUser } from '../../domain';
import { parseKonnektiveDateTime } from './dates';

export const KONNEKTIVE_PROVIDER = 'konnektive';

/** The customer's id as text; Konnektive sends a number, some responses a string. */
export function customerIdOf(raw: IDataObject): string {
	return textOrNull(raw.customerId) ?? '';
}

/**
 * A Konnektive customer as a directory user. Konnektive has no customer status (subscriptions
 * have one, customers do not), no user name, external id or groups: those stay active, null, [].
 * Dates are the account's local time, as Konnektive gives them (ISO 8601, no offset).
 */
export function normaliseKonnektiveCustomer(raw: IDataObject): UnifiedUser {
	const firstName = textOrNull(raw.firstName);
	const lastName = textOrNull(raw.lastName);
	return {
		id: customerIdOf(raw),
		provider: KONNEKTIVE_PROVIDER,
		email: textOrNull(raw.emailAddress),
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
