/** mulberry32: a tiny seeded PRNG, so every sandbox directory and test scenario is reproducible. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function pick<T>(random: () => number, values: readonly T[]): T {
	return values[Math.floor(random() * values.length)];
}

export function integerBetween(random: () => number, min: number, max: number): number {
	return min + Math.floor(random() * (max - min + 1));
}

export const FIRST_NAMES = [
	'Ada', 'Alan', 'Amara', 'Anders', 'Beatriz', 'Bilal', 'Carmen', 'Chen', 'Dmitri', 'Elena',
	'Emeka', 'Farah', 'Grace', 'Hiroshi', 'Ines', 'Ivan', 'Jamal', 'Julia', 'Kai', 'Lars',
	'Leila', 'Lucas', 'Maya', 'Mateo', 'Nadia', 'Noah', 'Olga', 'Omar', 'Priya', 'Quentin',
	'Rosa', 'Sami', 'Sofia', 'Tariq', 'Uma', 'Victor', 'Wen', 'Yara', 'Zoe', 'Zhang',
] as const;

export const LAST_NAMES = [
	'Abbott', 'Becker', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ito',
	'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Papadopoulos', 'Quinn',
	'Rossi', 'Schmidt', 'Tanaka', 'Underwood', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zimmermann',
] as const;

export const DEPARTMENTS = [
	'Engineering', 'Finance', 'Sales', 'Support', 'Marketing', 'People Ops', 'IT', 'Legal',
] as const;

/** ascii local part for an email from a possibly accented name. */
export function emailLocalPart(first: string, last: string): string {
	return `${first}.${last}`
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
}
