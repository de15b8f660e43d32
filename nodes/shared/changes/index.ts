/**
 * Change engine: finds joiners, leavers, edits and group changes in a user directory by comparing
 * snapshots of the whole directory, for APIs without a change feed (a SCIM directory, for
 * example). Pure: no I/O, no state.
 *
 *   openDiff(previous, options)              feed the listing page by page with `add` (and the
 *                                            group list with `listGroups`), ask for the
 *                                            `missing` ids, then `finish` → { events, next }
 *   diffSnapshot(previous, users, options)   the same in one call
 *   takeSnapshot(users, mode?)               first run: remember the directory
 *   encodeSnapshot(snapshot)                 → plain JSON value for workflow static data
 *   decodeSnapshot(stored)                   ← and back; throws if corrupt
 * finish, diffSnapshot and takeSnapshot throw when a user id is listed twice: save nothing then.
 * Save `next` only once the events are out.
 *
 * Events, in this order in the result, then by user id (and group id):
 *   userCreated      an id not seen before (with `reportNewSuspendedAsSuspended`, an inactive
 *                    newcomer also gets userSuspended)
 *   userSuspended    active → suspended or archived
 *   userReactivated  suspended or archived → active
 *   userDeleted      an id no longer listed
 *   userUpdated      a TRACKED_FIELDS value changed, or suspended ↔ archived ('status')
 *   userAddedToGroup, userRemovedFromGroup
 *                    one per user and group the user joined or left (a newcomer's groups and a
 *                    leaver's count too); none from a state that kept no groups (older ones)
 *   groupCreated, groupUpdated (renamed), groupDeleted
 *                    between two snapshots that both had the directory's whole group list
 * A user can get a status event and userUpdated in the same diff. Groups compare as a set of ids
 * (order, duplicates and names do not count); text compares exactly, case included.
 *
 * Modes (one strategy each: compact.ts, full.ts):
 *   compact (default)  status, a fingerprint and the groups per user: about 15 bytes of JSON per
 *                      user for numeric ids, and about 1 more per membership. A change can go
 *                      unnoticed (bound in fingerprint.ts). `previous` has the old status and
 *                      groups; other changed fields are null there, unchanged ones hold the
 *                      current values, `updatedAt` is null. A deleted user is known by id, status
 *                      and groups only. Each changed field but groups is left out of `changes`
 *                      with probability 1/64; when all are, `changes` is ['unknown'].
 *   full               every field per user, so `previous` and deleted users are exact.
 */
export { diffSnapshot, openDiff, takeSnapshot, type Diff, type DiffOptions, type DiffResult } from './diff';
export { fingerprintOf } from './fingerprint';
export { decodeSnapshot, encodeSnapshot } from './strategies';
export type { Snapshot, SnapshotMode, StateCodec, StoredSnapshot } from './types';
