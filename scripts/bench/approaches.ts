/**
 * The ways of noticing directory changes that the bench compares. Each is a poll: it reads the
 * whole directory from the sandbox, compares it with what `staticData` remembers, updates
 * `staticData`, and returns how many events it found.
 */
import axios from 'axios';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { HTTP_REQUEST, packageUnderTest, pollTrigger, runWorkflow } from '../../dev/harness/engine';
import { credentialRefs, node, singleNodeWorkflow, USER_DIRECTORY_TRIGGER } from '../../dev/harness/workflows';
import { USER_EVENTS } from '../../nodes/shared/domain';
import { KEEPER_PAGE_SIZE, type SandboxCredentials } from './sandbox';

export type Poll = (staticData: IDataObject) => Promise<number>;

export interface Approach {
	id: 'package' | 'diy1000' | 'diy100' | 'naive';
	label: string;
	/** Users per request. */
	pageSize: number;
	/** Pages one after the other (the poll's wall time grows with pages × latency). */
	sequential: boolean;
	poll(credentials: SandboxCredentials, concurrency: number): Poll;
}

const usersUrl = (credentials: SandboxCredentials) => `${credentials.baseUrl}/api/rest/scim/v2/${credentials.nodeId}/Users`;

/**
 * Every user event the trigger offers for Keeper, read from the built node's description: what
 * the baselines report too (membership events cost nothing more for an unchanged user).
 */
function keeperEvents(): string[] {
	const trigger = packageUnderTest().nodeTypes[USER_DIRECTORY_TRIGGER];
	const property = trigger.description.properties.find(
		(candidate: INodeProperties) => candidate.name === 'events' && candidate.displayOptions?.show?.provider?.includes('keeper'),
	);
	const userEvents: readonly string[] = USER_EVENTS;
	return (property?.options ?? []).map((option) => String((option as { value: string }).value)).filter((event) => userEvents.includes(event));
}

/** This package: the User Directory Trigger polled through n8n-core's PollContext. */
const packagePoll: Approach = {
	id: 'package',
	label: 'this package',
	pageSize: KEEPER_PAGE_SIZE,
	sequential: false,
	poll: (credentials, concurrency) => {
		const trigger = node(
			'User Directory Trigger',
			USER_DIRECTORY_TRIGGER,
			{ provider: 'keeper', events: keeperEvents(), options: { pageConcurrency: concurrency } },
			{ credentials: credentialRefs('keeperScimApi') },
		);
		return async (staticData) => (await pollTrigger(trigger, { credentials: { keeperScimApi: credentials }, staticData }))?.[0]?.length ?? 0;
	},
};

/** What a Code node keeps per user: the fields a change shows in, in one string. */
function summary(user: IDataObject): string {
	const groups = ((user.groups ?? []) as IDataObject[]).map((group) => group.value).join(',');
	return `${user.active === false ? 0 : 1}|${String(user.userName)}|${String(user.displayName)}|${groups}`;
}

/**
 * The Code node of the DIY workflow: compares the users with the summaries in static data,
 * returns one item per event and remembers the new summaries.
 */
export function diffAgainstStaticData(users: IDataObject[], staticData: IDataObject): IDataObject[] {
	const previous = (staticData.users ?? {}) as Record<string, string>;
	const next: Record<string, string> = {};
	const events: IDataObject[] = [];
	for (const user of users) {
		const id = String(user.id);
		const now = summary(user);
		next[id] = now;
		const before = previous[id];
		if (before === undefined) events.push({ event: 'userCreated', id, user });
		else if (before !== now) events.push({ event: before[0] !== now[0] ? (now[0] === '0' ? 'userSuspended' : 'userReactivated') : 'userUpdated', id, user });
	}
	for (const id of Object.keys(previous)) if (!(id in next)) events.push({ event: 'userDeleted', id });
	staticData.users = next;
	return events;
}

/**
 * The DIY route in n8n: the HTTP Request node (typeVersion 4.4, the current default) with the
 * Keeper credential, Response Format JSON and its Pagination option ("Update a Parameter in Each
 * Request": startIndex, complete when the last page is in), run through n8n-core's WorkflowExecute; then the Code
 * node's diff on its output items. n8n 2.x runs Code nodes in a separate task-runner process,
 * which cannot run in-process here, so the diff is the same JavaScript run right after the
 * workflow, measured together with it (this spares the DIY route the runner's serialisation, so
 * its figures are, if anything, flattering).
 */
function diyPoll(pageSize: number): Approach {
	return {
		id: pageSize === KEEPER_PAGE_SIZE ? 'diy1000' : 'diy100',
		label: `DIY: HTTP Request count=${pageSize} + diff`,
		pageSize,
		sequential: true,
		poll: (credentials) => {
			const request = node(
				'HTTP Request',
				HTTP_REQUEST,
				{
					method: 'GET',
					url: usersUrl(credentials),
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'keeperScimApi',
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'count', value: String(pageSize) }] },
					options: {
						// Keeper answers application/scim+json, which the node would return as text.
						response: { response: { responseFormat: 'json' } },
						pagination: {
							pagination: {
								paginationMode: 'updateAParameterInEachRequest',
								parameters: { parameters: [{ type: 'qs', name: 'startIndex', value: `={{ $pageCount * ${pageSize} + 1 }}` }] },
								paginationCompleteWhen: 'other',
								// Also complete on an empty or unexpected page, so the loop always ends.
								completeExpression:
									'={{ !($response.body.Resources || []).length || $response.body.startIndex + $response.body.itemsPerPage > $response.body.totalResults }}',
								limitPagesFetched: false,
								requestInterval: 0,
							},
						},
					},
				},
				{ typeVersion: 4.4, credentials: credentialRefs('keeperScimApi') },
			);
			const workflow = singleNodeWorkflow(request);
			return async (staticData) => {
				const run = await runWorkflow(workflow, { credentials: { keeperScimApi: credentials } });
				const failure = run.error('HTTP Request');
				if (failure) throw failure;
				const users = run.output('HTTP Request').flatMap((page) => (page.Resources ?? []) as IDataObject[]);
				return diffAgainstStaticData(users, staticData).length;
			};
		},
	};
}

/**
 * The naive route: sequential pages of 100 with a plain HTTP client, every user object kept in
 * static data and compared whole with the next poll.
 */
const naivePoll: Approach = {
	id: 'naive',
	label: 'naive: pages of 100, full objects',
	pageSize: 100,
	sequential: true,
	poll: (credentials) => async (staticData) => {
		const users: IDataObject[] = [];
		for (let startIndex = 1; ; startIndex += 100) {
			const { data } = await axios.get<{ totalResults: number; Resources: IDataObject[] }>(usersUrl(credentials), {
				params: { startIndex, count: 100 },
				headers: { Authorization: `Bearer ${credentials.apiToken}` },
			});
			users.push(...data.Resources);
			if (data.Resources.length === 0 || startIndex + 100 > data.totalResults) break;
		}
		const previous = new Map(((staticData.users ?? []) as IDataObject[]).map((user) => [user.id, user]));
		let events = 0;
		for (const user of users) {
			const before = previous.get(user.id);
			if (!before || JSON.stringify(before) !== JSON.stringify(user)) events++;
			previous.delete(user.id);
		}
		staticData.users = users;
		return events + previous.size;
	},
};

export const APPROACHES: readonly Approach[] = [packagePoll, diyPoll(KEEPER_PAGE_SIZE), diyPoll(100), naivePoll];
