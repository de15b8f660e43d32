import { createHash } from 'node:crypto';

import { fingerprintOf } from '../changes';
import type { ChangeEvent } from '../domain';

/** An event as the nodes output it, with its stable `eventId`; samples carry `sample: true`. */
export type DetectionItem = ChangeEvent & { eventId: string; sample?: true };

/**
 * What an event is about, and the state it moves that to. Membership and group events also name
 * the saved state they were found against (its checksum): a user who leaves a team and joins it
 * again makes the same change twice, and the second join must not look like a repeat of the
 * first to a workflow that drops repeated ids. A repeat of the same report, found against the
 * same saved state, keeps its id.
 */
function subjectAndTarget(event: ChangeEvent, basis: string): [subject: string, target: string] {
	if (!('user' in event)) return [event.group.id, `${event.event === 'groupUpdated' ? (event.group.name ?? '') : ''} ${basis}`];
	const { user } = event;
	if ('group' in event) return [user.id, `${event.group.id} ${user.updatedAt ?? ''} ${basis}`];
	if (event.event === 'userCreated' || event.event === 'userDeleted') return [user.id, ''];
	if (event.event !== 'userUpdated') return [user.id, user.status];
	const { digest, fieldTags } = fingerprintOf({ ...user, groups: user.groups ?? [] });
	return [user.id, [user.status, digest, fieldTags, user.updatedAt ?? ''].join(' ')];
}

/**
 * Stable id of an event: a hash of the directory, the user (or group), the event and the state
 * it moves to — existence for userCreated, userDeleted, groupCreated and groupDeleted, the status
 * for userSuspended and userReactivated, status, tracked fields and the directory's last-modified
 * time for userUpdated, the group and that time for membership events, the name for
 * groupUpdated (see subjectAndTarget for what else membership and group events name). The same
 * report emitted again gets the same id.
 */
function eventIdOf(source: string, event: ChangeEvent, basis: string): string {
	const [subject, target] = subjectAndTarget(event, basis);
	return createHash('sha256')
		.update([source, subject, event.event, target].join('\n'))
		.digest('base64url')
		.slice(0, 22);
}

/** `basis`: the checksum of the saved state the events were found against ('' for none). */
export function withEventIds(source: string, events: ChangeEvent[], basis: string, extra: { sample?: true } = {}): DetectionItem[] {
	return events.map((event) => ({ eventId: eventIdOf(source, event, basis), ...event, ...extra }));
}
