import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { POLL_BUDGET_MS } from './settings';

/*
 * n8n's cron starts a poll without waiting for the previous one, and every poll of an active
 * workflow works on the same static data object in memory. A poll therefore takes a lease there
 * before reading the directory, and commits its state only while it still holds that lease:
 * a poll that finds a live lease does nothing, and a poll whose lease was taken over (it ran past
 * the expiry) discards its result. Checking and writing happen without an await in between, so
 * within one process two polls never both commit.
 */
export const LEASE_KEY = 'userDirectoryLease';
/** Longer than any poll may take, so that only a poll that died leaves a lease to expire. */
export const LEASE_MS = 2 * POLL_BUDGET_MS;

interface Lease {
	token: string;
	expiresAt: number;
}

function leaseOf(staticData: IDataObject): Lease | undefined {
	const lease = staticData[LEASE_KEY] as Partial<Lease> | undefined;
	return typeof lease?.token === 'string' && typeof lease.expiresAt === 'number' ? (lease as Lease) : undefined;
}

/**
 * Takes the lease and returns its token, or undefined when another poll holds a live one. A lease
 * that claims to last longer than any lease can (the clock went back, or the data was edited) is
 * not live: the fencing in `holdsLease` keeps a takeover safe.
 */
export function takeLease(staticData: IDataObject, now: number): string | undefined {
	const held = leaseOf(staticData);
	if (held && now < held.expiresAt && held.expiresAt - now <= LEASE_MS) return undefined;
	const token = randomUUID();
	staticData[LEASE_KEY] = { token, expiresAt: now + LEASE_MS };
	return token;
}

export function holdsLease(staticData: IDataObject, token: string): boolean {
	return leaseOf(staticData)?.token === token;
}

export function releaseLease(staticData: IDataObject, token: string): void {
	if (holdsLease(staticData, token)) delete staticData[LEASE_KEY];
}
