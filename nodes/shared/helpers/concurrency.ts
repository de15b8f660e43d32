/** Runs `task` for every index in 0..count-1 with at most `limit` running at once; results keep index order. */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	let failed = false;
	const worker = async () => {
		// Stop handing out work after a failure: the caller discards partial results anyway.
		while (!failed && next < count) {
			const index = next++;
			let succeeded = false;
			try {
				results[index] = await task(index);
				succeeded = true;
			} finally {
				failed ||= !succeeded;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	return results;
}
