import { randomInt } from 'node:crypto';

/** Character classes of generated passwords. */
export const PASSWORD_CLASSES = {
	lowercase: 'abcdefghijklmnopqrstuvwxyz',
	uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
	digits: '0123456789',
	/** Keeper's SDK set without the double quote and angle brackets, which break many config formats. */
	special: '!@#$%()+;=?[]{}^.,',
} as const;

export type PasswordClass = keyof typeof PASSWORD_CLASSES;

export interface PasswordRules {
	length: number;
	/** At least this many characters of each class; a class left out is never used. */
	minimums: Partial<Record<PasswordClass, number>>;
	/** Replaces the special characters. */
	specialCharacters?: string;
}

export const MAX_PASSWORD_LENGTH = 1024;

/**
 * A password following `rules`: the minimum of each class first, the rest from all classes given,
 * then shuffled. Every pick uses `crypto.randomInt`, which draws again rather than folding an
 * out-of-range value (rejection sampling), so no character is likelier than another.
 * Returns a description of the problem instead when the rules cannot be met.
 */
export function generatePassword(rules: PasswordRules): { password: string } | { problem: string } {
	const classes = Object.keys(rules.minimums) as PasswordClass[];
	if (classes.length === 0) return { problem: 'No character class is selected' };
	if (!Number.isSafeInteger(rules.length) || rules.length < 1 || rules.length > MAX_PASSWORD_LENGTH) {
		return { problem: `The length must be a whole number from 1 to ${MAX_PASSWORD_LENGTH}` };
	}
	const alphabet = (name: PasswordClass) =>
		name === 'special' && rules.specialCharacters !== undefined ? rules.specialCharacters : PASSWORD_CLASSES[name];
	const required = classes.reduce((sum, name) => sum + (rules.minimums[name] ?? 0), 0);
	if (classes.some((name) => !Number.isSafeInteger(rules.minimums[name]) || (rules.minimums[name] ?? 0) < 0)) {
		return { problem: 'Every minimum must be a whole number of 0 or more' };
	}
	if (required > rules.length) {
		return { problem: `The minimums add up to ${required} characters, more than the length of ${rules.length}` };
	}
	const union = [...new Set(classes.flatMap((name) => [...alphabet(name)]))];
	if (classes.some((name) => alphabet(name).length === 0)) return { problem: 'The special characters are empty' };

	const characters: string[] = [];
	for (const name of classes) {
		const set = [...alphabet(name)];
		for (let count = 0; count < (rules.minimums[name] ?? 0); count++) characters.push(set[randomInt(set.length)]);
	}
	while (characters.length < rules.length) characters.push(union[randomInt(union.length)]);
	// Fisher–Yates, so the required characters are not at the front.
	for (let index = characters.length - 1; index > 0; index--) {
		const other = randomInt(index + 1);
		[characters[index], characters[other]] = [characters[other], characters[index]];
	}
	return { password: characters.join('') };
}
