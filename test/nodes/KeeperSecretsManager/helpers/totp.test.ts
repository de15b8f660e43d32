import { getTotpCode } from '@keeper-security/secrets-manager-core';

import { totpCode } from '../../../../nodes/KeeperSecretsManager/helpers/totp';
import { seededRandom } from '../../../../dev/sandboxes/random';
import { thrownBy } from '../transport/helpers';

const base32 = (ascii: string) => {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const byte of Buffer.from(ascii)) bits += byte.toString(2).padStart(8, '0');
	return (bits.match(/.{1,5}/g) ?? []).map((chunk) => alphabet[parseInt(chunk.padEnd(5, '0'), 2)]).join('');
};

describe('TOTP codes', () => {
	// RFC 6238, appendix B: the seeds are ASCII "1234567890" repeated to the hash's key size.
	const seeds = {
		SHA1: base32('12345678901234567890'),
		SHA256: base32('12345678901234567890123456789012'),
		SHA512: base32('1234567890123456789012345678901234567890123456789012345678901234'),
	};
	const vectors: Array<[number, Record<keyof typeof seeds, string>]> = [
		[59, { SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' }],
		[1111111109, { SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' }],
		[1234567890, { SHA1: '89005924', SHA256: '91819424', SHA512: '93441116' }],
		[20000000000, { SHA1: '65353130', SHA256: '77737706', SHA512: '47863826' }],
	];

	it('match the test vectors of RFC 6238', () => {
		for (const [time, expected] of vectors) {
			for (const algorithm of Object.keys(seeds) as Array<keyof typeof seeds>) {
				const uri = `otpauth://totp/Example?secret=${seeds[algorithm]}&algorithm=${algorithm}&digits=8`;
				expect({ time, algorithm, code: totpCode(uri, time).code }).toEqual({ time, algorithm, code: expected[algorithm] });
			}
		}
	});

	it("equal the official SDK's code, seconds left and period for the same URI and time", async () => {
		const random = seededRandom(77);
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
		for (let round = 0; round < 300; round++) {
			const secret = Array.from({ length: [16, 32, 40][round % 3] }, () => alphabet[Math.floor(random() * 32)]).join('');
			const algorithm = ['SHA1', 'SHA256', 'SHA512', ''][round % 4];
			const digits = [6, 7, 8, ''][round % 4];
			const period = [30, 60, 15, ''][(round >> 2) % 4];
			const uri =
				`otpauth://totp/Issuer:someone%40example.com?secret=${round % 5 === 0 ? secret.toLowerCase() : secret}` +
				`&issuer=Issuer${algorithm ? `&algorithm=${algorithm}` : ''}${digits ? `&digits=${digits}` : ''}${period ? `&period=${period}` : ''}`;
			const time = Math.floor(random() * 2_000_000_000);

			const mine = totpCode(uri, time);
			const theirs = await getTotpCode(uri, time);

			expect({ uri, time, ...mine }).toEqual({ uri, time, code: theirs?.code, secondsLeft: theirs?.timeLeft, period: theirs?.period });
		}
	});

	it('explain an unusable URI without showing its secret', async () => {
		const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
		const cases: Array<[string, RegExp]> = [
			[`https://example.com/?secret=${secret}`, /does not hold an otpauth:\/\/ URI/],
			[`otpauth://hotp/x?secret=${secret}&counter=1`, /not time-based/],
			[`otpauth://totp/x?secret=${secret}&algorithm=MD5`, /algorithm "MD5"/],
			[`otpauth://totp/x?secret=${secret}&digits=12`, /12 digits/],
			[`otpauth://totp/x?secret=${secret}&period=soon`, /"period" of the one-time code is not a whole number/],
			['otpauth://totp/x?secret=not*base32', /missing or not base32/],
		];
		for (const [uri, expected] of cases) {
			const error = await thrownBy(() => totpCode(uri, 1_700_000_000));
			expect(error.message).toMatch(expected);
			expect(`${error.message} ${(error as { description?: string }).description}`).not.toContain(secret);
		}
	});
});
