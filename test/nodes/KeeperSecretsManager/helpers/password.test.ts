import { generatePassword, PASSWORD_CLASSES } from '../../../../nodes/KeeperSecretsManager/helpers/password';

const generated = (rules: Parameters<typeof generatePassword>[0]): string => {
	const result = generatePassword(rules);
	if ('problem' in result) throw new Error(result.problem);
	return result.password;
};
const countOf = (password: string, set: string) => [...password].filter((character) => set.includes(character)).length;

describe('generated passwords', () => {
	it('have the length and at least the minimum of each class, and only characters of the chosen classes', () => {
		for (let round = 0; round < 200; round++) {
			const password = generated({ length: 12, minimums: { lowercase: 2, digits: 5, special: 1 }, specialCharacters: '-_' });
			expect(password).toHaveLength(12);
			expect(countOf(password, PASSWORD_CLASSES.lowercase)).toBeGreaterThanOrEqual(2);
			expect(countOf(password, PASSWORD_CLASSES.digits)).toBeGreaterThanOrEqual(5);
			expect(countOf(password, '-_')).toBeGreaterThanOrEqual(1);
			expect(countOf(password, PASSWORD_CLASSES.uppercase)).toBe(0);
			expect(password).toMatch(/^[a-z0-9_-]+$/);
		}
	});

	it('use every character of the alphabet equally often (chi-square over 200,000 characters)', () => {
		const alphabet = [...new Set(Object.values(PASSWORD_CLASSES).join(''))];
		const counts = new Map(alphabet.map((character) => [character, 0]));
		let total = 0;
		for (let round = 0; round < 1000; round++) {
			const password = generated({ length: 200, minimums: { lowercase: 0, uppercase: 0, digits: 0, special: 0 } });
			for (const character of password) counts.set(character, (counts.get(character) ?? 0) + 1);
			total += password.length;
		}
		const expected = total / alphabet.length;
		const chiSquare = [...counts.values()].reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
		// 79 degrees of freedom: the 99.99th percentile is about 133; a modulo bias would be far above.
		expect(alphabet).toHaveLength(80);
		expect(chiSquare).toBeLessThan(133);
	});

	it('place the required characters anywhere, not only at the front', () => {
		const firstIsDigit = Array.from({ length: 2000 }, () =>
			/\d/.test(generated({ length: 10, minimums: { lowercase: 9, digits: 1 } })[0]),
		).filter(Boolean).length;
		// A digit first in about 1 of 10 passwords (plus the extras that happen to be digits: 9/36 of 9 others).
		expect(firstIsDigit).toBeGreaterThan(100);
		expect(firstIsDigit).toBeLessThan(400);
	});

	it('say which rule cannot be met', () => {
		expect(generatePassword({ length: 8, minimums: {} })).toEqual({ problem: 'No character class is selected' });
		expect(generatePassword({ length: 4, minimums: { digits: 3, lowercase: 2 } })).toEqual({
			problem: 'The minimums add up to 5 characters, more than the length of 4',
		});
		expect(generatePassword({ length: 0, minimums: { digits: 0 } })).toMatchObject({ problem: expect.stringMatching(/^The length/) });
		expect(generatePassword({ length: 8, minimums: { special: 1 }, specialCharacters: '' })).toEqual({
			problem: 'The special characters are empty',
		});
	});
});
