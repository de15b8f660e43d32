import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { USER_EVENTS, type DirectoryEvent } from '../../../nodes/shared/domain';
import { pollTrigger, type TestCredentialStore } from '../../../dev/harness/engine';
import { credentialRefs, node, USER_DIRECTORY_TRIGGER } from '../../../dev/harness/workflows';
import type { Fault, SandboxServer } from '../../../dev/sandboxes/http';
import { userResource, type KeeperDirectory, type KeeperUser } from '../../../dev/sandboxes/keeper';

/** The user events (membership and group events: memberships.test.ts). */
export const EVERY_USER_EVENT: DirectoryEvent[] = [...USER_EVENTS];
export const ITEM_KEYS = ['changes', 'detectedAt', 'event', 'eventId', 'previous', 'provider', 'user'];

export function triggerNode(parameters: INodeParameters = {}, name = 'User Directory Trigger'): INode {
	return node(
		name,
		USER_DIRECTORY_TRIGGER,
		{ provider: 'keeper', events: EVERY_USER_EVENT, ...parameters },
		{ credentials: credentialRefs('keeperScimApi') },
	);
}

/**
 * A polling trigger as n8n's active-workflow manager runs it: static data lives in memory while
 * the workflow is active, and is written to the database (as JSON) only when a poll emits items
 * and after the activation poll. Deactivation and restarts drop the memory; the next activation
 * starts from the database.
 */
export class ActiveTrigger {
	private database: string | undefined;
	private memory: IDataObject | undefined;
	/** The workflow's time zone setting; users change it between polls. */
	timezone = 'UTC';

	constructor(
		readonly node: INode,
		private readonly credentials: TestCredentialStore,
	) {}

	/** The static data n8n has saved for the workflow. */
	get saved(): IDataObject {
		return this.database === undefined ? {} : (JSON.parse(this.database) as IDataObject);
	}

	/** The static data of the running workflow, as JSON. */
	get memoryJson(): string {
		return JSON.stringify(this.memory);
	}

	/** Overwrites what n8n has saved: a save that failed, or state carried over from elsewhere. */
	set saved(staticData: IDataObject) {
		this.database = JSON.stringify(staticData);
	}

	get isActive(): boolean {
		return this.memory !== undefined;
	}

	/**
	 * Activation (or an n8n restart): load from the database, poll once, save. A failed first
	 * poll fails the activation: the workflow stays inactive.
	 */
	async activate(): Promise<IDataObject[]> {
		this.memory = this.saved;
		try {
			const items = await this.runPoll('activate');
			this.save();
			return items;
		} catch (error) {
			this.deactivate();
			throw error;
		}
	}

	/** One scheduled poll; throws what the node threw. */
	async poll(): Promise<IDataObject[]> {
		const items = await this.runPoll('init');
		if (items.length > 0) this.save();
		return items;
	}

	deactivate(): void {
		this.memory = undefined;
	}

	/**
	 * A second poll started while another is running, as n8n's cron does: on the same static data
	 * (one n8n process) or on a JSON copy of it (another process that read the database).
	 */
	async pollAlongside(roundTrip: boolean): Promise<{ items: IDataObject[]; changed: boolean }> {
		if (!this.memory) throw new Error('test: the trigger is not active');
		const staticData = roundTrip ? (JSON.parse(JSON.stringify(this.memory)) as IDataObject) : this.memory;
		const before = JSON.stringify(staticData);
		const result = await pollTrigger(this.node, { credentials: this.credentials, staticData, timezone: this.timezone });
		return { items: (result?.[0] ?? []).map((item) => item.json), changed: JSON.stringify(staticData) !== before };
	}

	/** Changes the running workflow's static data in place, as damage or a hand edit would. */
	editMemory(edit: (staticData: IDataObject) => void): void {
		if (!this.memory) throw new Error('test: the trigger is not active');
		edit(this.memory);
	}

	/** Loses what was not saved, as a crash or a restart would. */
	async restart(): Promise<IDataObject[]> {
		this.deactivate();
		return await this.activate();
	}

	/** The editor's "Fetch test event": a manual poll on a copy of the saved data. */
	async fetchTestEvent(): Promise<IDataObject[]> {
		const staticData = this.saved;
		const result = await pollTrigger(this.node, { credentials: this.credentials, staticData, mode: 'manual' });
		return (result?.[0] ?? []).map((item) => item.json);
	}

	private async runPoll(activation: 'activate' | 'init'): Promise<IDataObject[]> {
		if (!this.memory) throw new Error('test: the trigger is not active');
		const result = await pollTrigger(this.node, {
			credentials: this.credentials,
			staticData: this.memory,
			activation,
			timezone: this.timezone,
		});
		return (result?.[0] ?? []).map((item) => item.json);
	}

	private save(): void {
		this.database = JSON.stringify(this.memory);
	}
}

/** `event userId`, `event userId groupId` or `event groupId` strings, sorted: a multiset that compares with toEqual. */
export function summary(items: IDataObject[]): string[] {
	return items
		.map((item) => {
			const user = item.user as IDataObject | undefined;
			const group = item.group as IDataObject | undefined;
			return [item.event, user?.id, group?.id].filter((part) => part !== undefined).map(String).join(' ');
		})
		.sort();
}

export function activeUsers(directory: KeeperDirectory): KeeperUser[] {
	return directory.list().filter((user) => user.active);
}

/** A fault's answer: Keeper's ListResponse for `size` users from index `start` (0-based), bent by `overrides`. */
export function keeperListResponse(
	directory: KeeperDirectory,
	start: number,
	size: number,
	overrides: IDataObject = {},
): Fault['response'] {
	return {
		status: 200,
		headers: { 'Content-Type': 'application/scim+json' },
		body: {
			schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
			totalResults: directory.users.size,
			startIndex: start + 1,
			itemsPerPage: size,
			Resources: directory
				.list()
				.slice(start, start + size)
				.map((user) => userResource(directory, user)),
			...overrides,
		},
	};
}

/** One randomized trigger scenario over any provider's sandbox (see `runRandomizedPolls`). */
export interface RandomizedPolls<State> {
	active: ActiveTrigger;
	server: SandboxServer;
	rounds: number;
	random: () => number;
	/** Changes the directory a little before each poll. */
	mutate(): void;
	/** A fault for this round's poll; `fatal` when it outlasts the retries or cannot be retried. */
	randomFault(): { fault: Fault; fatal: boolean };
	/** The directory as its sandbox records it now. */
	snapshot(): State;
	/** The events (`event id`, sorted) that lead from one state to the next: the oracle. */
	trueChanges(before: State, now: State): string[];
	/** Further checks on the items of a successful poll. */
	checkItems?(items: IDataObject[], expected: string[]): void;
}

/**
 * Polls with random mutations, faults and restarts in between, checking every poll against the
 * oracle: a failed poll must be one with a fatal fault and must leave the saved state alone; a
 * successful one must emit exactly the true changes since the last successful poll.
 */
export async function runRandomizedPolls<State>(scenario: RandomizedPolls<State>) {
	const { active, server, random } = scenario;
	let lastSeen: State | undefined;
	const emitted: string[] = [];
	const happened: string[] = [];
	const outcomes = { failed: 0, recovered: 0, restarts: 0 };
	for (let round = 0; round < scenario.rounds; round++) {
		scenario.mutate();
		if (active.isActive && random() < 0.15) {
			active.deactivate();
			outcomes.restarts++;
		}
		const injected = random() < 0.4 ? scenario.randomFault() : undefined;
		if (injected) server.injectFault(injected.fault);
		const saved = JSON.stringify(active.saved);

		let items: IDataObject[];
		try {
			items = active.isActive ? await active.poll() : await active.activate();
		} catch (error) {
			expect(injected?.fatal).toBe(true);
			expect((error as { description?: string }).description).toContain('The saved state was not changed');
			expect(JSON.stringify(active.saved)).toBe(saved);
			outcomes.failed++;
			server.clearFaults();
			continue;
		}
		server.clearFaults();
		if (injected) outcomes.recovered++;

		const now = scenario.snapshot();
		const expected = lastSeen === undefined ? [] : scenario.trueChanges(lastSeen, now);
		expect(summary(items)).toEqual(expected);
		scenario.checkItems?.(items, expected);
		emitted.push(...summary(items));
		happened.push(...expected);
		lastSeen = now;
	}
	return { emitted: emitted.sort(), happened: happened.sort(), outcomes };
}
