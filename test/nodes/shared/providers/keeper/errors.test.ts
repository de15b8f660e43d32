import { explainKeeperError } from '../../../../../nodes/shared/providers/keeper/errors';
import type { HttpFailure } from '../../../../../nodes/shared/domain';

const scimError = (status: number, detail: string) => ({
	schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
	status: String(status),
	detail,
});

function explain(failure: Partial<HttpFailure> & Pick<HttpFailure, 'status' | 'method' | 'path'>) {
	return explainKeeperError({ body: undefined, ...failure });
}

describe('explainKeeperError · write failures', () => {
	it('names a taken email when creating and when changing a user (409)', () => {
		const body = scimError(409, 'Email already taken');
		const create = explain({ status: 409, method: 'POST', path: '/Users', body });
		expect(create.message).toBe('Keeper refused to create the user: the email address is already taken (409): Email already taken');
		expect(create.description).toMatch(/locked or invited user.*Get Many \(Email filter\)/s);

		const change = explain({ status: 409, method: 'PATCH', path: '/Users/970404910858250', body });
		expect(change.message).toBe('Keeper refused to change the user: the email address is already taken (409): Email already taken');
	});

	it('does not blame an email for a team conflict', () => {
		const { message, description } = explain({ status: 409, method: 'POST', path: '/Groups', body: 'duplicate' });
		expect(message).toBe('Keeper reports a conflict for this team (409): duplicate');
		expect(description).not.toMatch(/email/i);
	});

	it('says the licensed seats are used up (428), with or without a body', () => {
		const create = explain({ status: 428, method: 'POST', path: '/Users', body: scimError(428, 'Number of licensed seats was exceeded') });
		expect(create.message).toBe(
			'Keeper refused to create the user: all licensed seats are in use (428): Number of licensed seats was exceeded',
		);
		expect(create.description).toMatch(/Admin → Subscription/);
		expect(explain({ status: 428, method: 'PATCH', path: '/Users/1' }).message).toBe(
			'Keeper refused the change: all licensed seats are in use (428)',
		);
	});

	it('tells the user to check before re-running a POST that may have been applied', () => {
		for (const failure of [
			{ status: 500, method: 'POST', path: '/Users' },
			{ status: 502, method: 'POST', path: '/Groups' },
			{ status: 0, method: 'POST', path: '/Users', networkCode: 'ETIMEDOUT' },
		]) {
			expect(explain(failure).description).toMatch(/not repeated.*check with Get Many/);
		}
	});

	it('keeps the usual hints where repeating is safe or nothing was sent', () => {
		expect(explain({ status: 500, method: 'PATCH', path: '/Users/1' }).description).toBe(
			'Keeper had a server error and retries did not help. Try again later.',
		);
		expect(explain({ status: 0, method: 'POST', path: '/Users', networkCode: 'ECONNREFUSED' }).description).toMatch(
			/Check the region/,
		);
	});

	it('names the resource of an unknown ID on writes', () => {
		expect(explain({ status: 404, method: 'DELETE', path: '/Groups/NoSuchTeam' }).message).toBe(
			'No Keeper team with ID "NoSuchTeam"',
		);
		expect(explain({ status: 404, method: 'PATCH', path: '/Users/42' }).message).toBe('No Keeper user with ID "42"');
	});
});
