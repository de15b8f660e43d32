import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { UserFacingError } from '../../../../nodes/shared/helpers/errors';
import { credentialAuthenticate, rememberedBaseUrl } from '../../../../nodes/shared/helpers/url';

/** A provider's base URL that counts how often the credential is checked. */
function counting() {
	const checked: string[] = [];
	const baseUrl = rememberedBaseUrl((credentials: ICredentialDataDecryptedObject) => {
		checked.push(String(credentials.token));
		if (!credentials.token) throw new UserFacingError('The token is empty', 'Paste the token.');
		return `https://${String(credentials.host)}/api`;
	});
	return { checked, baseUrl };
}

describe('a credential is checked once per set of values', () => {
	it('checks the same values once, and new values again', () => {
		const { checked, baseUrl } = counting();
		for (let round = 0; round < 5; round++) {
			expect(baseUrl({ host: 'a.example.com', token: 't1' })).toBe('https://a.example.com/api');
		}
		expect(checked).toEqual(['t1']);
		expect(baseUrl({ host: 'b.example.com', token: 't1' })).toBe('https://b.example.com/api');
		expect(baseUrl({ host: 'a.example.com', token: 't2' })).toBe('https://a.example.com/api');
		expect(checked).toEqual(['t1', 't1', 't2']);
	});

	it('keeps no failure: an unusable credential is refused every time', () => {
		const { checked, baseUrl } = counting();
		expect(() => baseUrl({ host: 'a.example.com', token: '' })).toThrow('The token is empty');
		expect(() => baseUrl({ host: 'a.example.com', token: '' })).toThrow('The token is empty');
		expect(checked).toEqual(['', '']);
	});

	it('keeps at most 32 sets of values, dropping the oldest', () => {
		const { checked, baseUrl } = counting();
		for (let index = 0; index <= 32; index++) baseUrl({ host: 'a.example.com', token: `t${index}` });
		baseUrl({ host: 'a.example.com', token: 't32' });
		baseUrl({ host: 'a.example.com', token: 't0' });
		expect(checked.slice(33)).toEqual(['t0']);
	});

	it('authenticates every request against the remembered base URL, and refuses others with the hint', async () => {
		const { checked, baseUrl } = counting();
		const authenticate = credentialAuthenticate(baseUrl, 'The token', (options, credentials) => ({
			...options,
			headers: { Authorization: `Bearer ${String(credentials.token)}` },
		}));
		const credentials = { host: 'a.example.com', token: 't1' };
		const applied = await authenticate(credentials, { url: 'https://a.example.com/api/users' });
		expect(applied.headers).toEqual({ Authorization: 'Bearer t1' });
		await expect(authenticate(credentials, { url: 'https://a.example.com/other' })).rejects.toThrow(
			'The token is only sent to https://a.example.com/api; this request was for another path',
		);
		expect(checked).toEqual(['t1']);
		await expect(authenticate({ host: 'a.example.com', token: '' }, { url: 'https://a.example.com/api' })).rejects.toThrow(
			'The token is empty. Paste the token.',
		);
	});
});
