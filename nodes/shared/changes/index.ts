/**
 * Change engine: finds joiners, leavers and edits in a user directory by comparing snapshots of
 * the whole directory, for APIs without a change feed (a SCIM directory, for example). Pure: no I/O, no state.
 *
 *   openDiff(previous, options)              feed the listing page by page with `add`, ask for
 *                                            the `missing` ids, then `finish` → { events, next }
 *   diffSnapshot(previous, users, options)   the same in one call
 *   takeSnapshot(users, mode?)               first run: remember the directory
 *   encodeSnapshot(snapshot)                 → plain JSON value for workflow static data
 *   decodeSnapshot(stored)                   ← and back; throws if corrupt
 * finish, diffSnapshot and takeSnapshot throw when a user id is listed twice: save nothing then.
 * Save `next` only once the events are out.
 *
 * Events, in this order in the result, then by id:
 *   userCreated      an id not seen before (with `reportNewSuspendedAsSuspended`, an inactive
 *                    newcomer also gets userSuspended)
 *   userSuspended    active → suspended or archived
 *   userReactivated  suspended or archived → active
 *   userDeleted      an id no longer listed
 *   userUpdated      a TRACKED_FIELDS value changed, or suspended ↔ archived ('status')
 * A user can get a status event and userUpdated in the same diff. Groups compare as a set of ids
 * (order, duplicates and names do not count); text compares exactly, case included.
 *
 * Modes (one strategy each: compact.ts, full.ts):
 *   compact (default)  status and a fingerprint per user: under 16 bytes of JSON per user for
 *                      numeric ids. A change can go unnoticed (bound in fingerprint.ts).
 *                      `previous` has the old status; changed fields are null there, unchanged
 *                      ones hold the current values, `updatedAt` is null. A deleted user is known
 *                      by id and status only. Each changed field is left out of `changes` with
 *                      probability 1/64; when all are, `changes` is ['unknown'].
 *   full               every field per user, so `previous` and deleted users are exact.
 */
export { diffSnapshot, openDiff, takeSnapshot, type Diff, type DiffOptions, type DiffResult } from './diff';
export { fingerprintOf } from './fingerprint';
export { decodeSnapshot, encodeSnapshot } from './strategies';
export type { Snapshot, SnapshotMode, StateCodec, StoredSnapshot } from './types';
