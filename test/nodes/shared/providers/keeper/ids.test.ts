import { checkedId } from '../../../../../nodes/shared/helpers/values';
import { KEEPER_TEAM_ID, KEEPER_USER_ID } from '../../../../../nodes/shared/providers/keeper/ids';

describe('Keeper ids', () => {
	it.each(['-HE8-GwOwRWQVt2He78p-m', '_x2SlXlhuEWBRBAqEFGo7w', 'Vq2SlXlhuEWBRBAqEFGo7w'])('accepts the team UID %s', (uid) => {
		expect(checkedId(uid, KEEPER_TEAM_ID)).toBe(uid);
	});

	it.each(['.', '..', 'a/b', '%2F', '', ' '])('refuses %j', (id) => {
		expect(() => checkedId(id, KEEPER_USER_ID)).toThrow(/Keeper user ID/);
	});
});
