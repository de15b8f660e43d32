/**
 * Counts, per class of hostile input, how many were tried and how many the package held against,
 * and prints them after the suite: the numbers issue reports quote (run before and after a fix).
 */
export function useTally(title: string): (kind: string, held: boolean) => void {
	const counts: Record<string, { tried: number; held: number }> = {};
	afterAll(() => {
		// eslint-disable-next-line no-console
		console.log(`${title} tally: ${JSON.stringify(counts)}`);
	});
	return (kind, held) => {
		counts[kind] ??= { tried: 0, held: 0 };
		counts[kind].tried++;
		if (held) counts[kind].held++;
	};
}
