import { createHash } from 'node:crypto';

import { fingerprintOf } from '../changes';
import type { ChangeEvent } from '../domain';

/** An event as the nodes output it, with its stable `eventId`; samples carry `sample: true`. */
export type DetectionItem = ChangeEvent & { eventId: string; sample?: true };

/** What an event is about, and the state it moves that to. */
function subjectAndTarget(event: ChangeEvent): [subject: string, target: string] {
	if (!('user' in event)) return [event.group.id, event.event === 'groupUpdated' ? (event.group.name ?? '') : ''];
	const { user } = event;
	if ('group' in event) return [user.id, `${event.group.id} ${user.updatedAt ?? ''}`];
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
 * groupUpdated. The same change emitted again gets the same id.
 */
function eventIdOf(source: string, event: ChangeEvent): string {
	const [subject, target] = subjectAndTarget(event);
	return createHash('sha256')
		.update([source, subject, event.event, target].join('\n'))
		.digest('base64url')
		.slice(0, 22);
}

export function withEventIds(source: string, events: ChangeEvent[], extra: { sample?: true } = {}): DetectionItem[] {
	return events.map((event) => ({ eventId: eventIdOf(source, event), ...event, ...extra }));
}
