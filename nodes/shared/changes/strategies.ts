import { compactStrategy } from './compact';
import { fullStrategy } from './full';
import { corrupt } from './table';
import type { Snapshot, SnapshotMode, SnapshotStrategy, StoredSnapshot } from './types';

const STRATEGIES: Record<SnapshotMode, SnapshotStrategy<Snapshot>> = {
	compact: compactStrategy as SnapshotStrategy<Snapshot>,
	full: fullStrategy as SnapshotStrategy<Snapshot>,
};

export function strategyFor(mode: SnapshotMode): SnapshotStrategy<Snapshot> {
	return STRATEGIES[mode];
}

/** A plain JSON value for n8n static data; survives JSON.stringify and JSON.parse unchanged. */
export function encodeSnapshot(snapshot: Snapshot): StoredSnapshot {
	return strategyFor(snapshot.mode).codec.encode(snapshot);
}

/** Throws an Error saying what is wrong when `stored` is not a snapshot. */
export function decodeSnapshot(stored: unknown): Snapshot {
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) throw corrupt('it is not an object');
	const { mode } = stored as { mode?: unknown };
	if (mode !== 'compact' && mode !== 'full') throw corrupt(`unknown mode ${JSON.stringify(mode)}`);
	return strategyFor(mode).codec.decode(stored as Record<string, unknown>);
}
