import type { ICredentialDataDecryptedObject, IDataObject, INodeProperties } from 'n8n-workflow';

import type { ChangeEvent, DirectoryEvent, HttpFailure, UnifiedGroup, UnifiedUser } from '../domain';
import type { StateCodec } from '../changes';
import type { IdRule } from '../helpers/values';
import type { Transport } from '../transport/types';

/** Filters a user gave in the node, already read from its parameters by the provider. */
export type Filters = IDataObject;

export interface ListOptions {
	filters: Filters;
	/** Stop fetching once this many records are in hand; undefined means all. */
	limit?: number;
}

export interface SnapshotOptions {
	/** Pages fetched at once, where the provider's paging allows it. */
	concurrency: number;
}

/**
 * A user directory behind one small interface. Everything provider-specific — hosts, paging,
 * error hints, field mapping, node parameters, wording — lives in the provider's folder. What a
 * provider can do is what it has: the User Directory node offers an operation exactly when the
 * capability behind it is here, so a new provider is its folder and one line in the registry.
 */
export interface DirectoryProvider {
	/** Value of the node's `provider` parameter. */
	readonly id: string;
	readonly displayName: string;
	/** The product's name alone, for action names in the node list ("Lock a user's Kandji devices"). */
	readonly brand: string;
	/** Name of the credential type this provider authenticates with. */
	readonly credentialName: string;
	/** Credential fields whose values must never appear in a message (redacted wherever they do). */
	readonly secretFields: readonly string[];

	/** Base URL of the API for these credentials; throws a user-facing Error when they are unusable. */
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
	/**
	 * What the credential dialog's Test button sends: a cheap authenticated read below the base
	 * URL, with the credential applied by hand (that dialog has no authenticated HTTP helper).
	 */
	credentialTestRequest(credentials: ICredentialDataDecryptedObject): CredentialTestRequest;
	/** Turns a failed response into a message and a hint naming the likely cause and the fix. */
	explainError(failure: HttpFailure): { message: string; description: string };

	/** How the editor speaks of this directory where it differs from the shared texts. */
	readonly wording: ProviderWording;
	readonly users: UserCapabilities;
	/** Groups (Keeper's teams); the Group resource is offered only with them. */
	readonly groups?: GroupCapabilities;
	/** Devices assigned to users (Kandji's Macs, iPhones and iPads). */
	readonly devices?: DeviceCapabilities;
	/** How the trigger and Watch for Changes find what changed. */
	readonly changes: ChangeCapability;
}

/** Texts laid over a parameter of the same name (or an option of a collection): the rest is shared. */
export type ParameterWording = Partial<Pick<INodeProperties, 'displayName' | 'description' | 'placeholder'>>;

/** One User Directory operation in a provider's words. */
export interface OperationWording {
	/** The operation's description in the editor. */
	description?: string;
	/** The node list's action, `{provider}` standing for the brand; the operation's own when absent. */
	action?: string;
	parameters?: Readonly<Record<string, ParameterWording>>;
}

export interface ProviderWording {
	/** The user and group pickers of this provider's operations, unless an operation words its own. */
	readonly pickers?: { readonly user?: ParameterWording; readonly group?: ParameterWording };
	/** By operation, as "resource.operation" ("user.delete", "group.getAll"). */
	readonly operations?: Readonly<Record<string, OperationWording>>;
	/** A resource's description in the Resource list, when this provider names it otherwise. */
	readonly resources?: Readonly<Partial<Record<'user' | 'group' | 'directory', string>>>;
	/** What an event means in this directory, added to the event's shared description ("in Keeper: locked"). */
	readonly events?: Readonly<Partial<Record<DirectoryEvent, string>>>;
}

/** A write that may have had nothing to do: `changed` is false when the directory already matched. */
export interface WriteOutcome {
	resource: IDataObject;
	changed: boolean;
}

export interface NewUser {
	email: string;
	firstName?: string;
	lastName?: string;
	displayName?: string;
	externalId?: string;
	/** Groups to add the new user to, each checked with `groups.idRule`. */
	groupIds: string[];
}

/** Fields to change; absent ones are left as they are. */
export interface UserChanges {
	email?: string;
	userName?: string;
	firstName?: string;
	lastName?: string;
	displayName?: string;
	externalId?: string;
}

export interface GroupFields {
	name?: string;
	externalId?: string;
}

export interface UserCapabilities {
	/** The shape of this directory's user ids, checked before any id is put in a request. */
	readonly idRule: IdRule;
	/** n8n parameters for Get Many users (filters), shown only for this provider. */
	readonly filterProperties: INodeProperties[];
	/** Reads the values of `filterProperties` into filters. */
	readFilters(parameters: IDataObject): Filters;
	list(transport: Transport, options: ListOptions): AsyncGenerator<IDataObject[]>;
	/**
	 * Filters for `list` that find a picker's search text on the server, for directories too
	 * large to search through their first pages (a full email address in a CRM); undefined when
	 * this text is searched in the listed users.
	 */
	searchFilters?(text: string): Filters | undefined;
	get(transport: Transport, id: string): Promise<IDataObject>;
	normalise(raw: IDataObject): UnifiedUser;
	/** Creates the user (and adds them to `groupIds`); the created record. */
	create?(transport: Transport, user: NewUser): Promise<IDataObject>;
	/** Changes the given fields; the record after the change. */
	update?(transport: Transport, id: string, changes: UserChanges): Promise<IDataObject>;
	/** Suspends (false) or reactivates (true) the user. */
	setActive?(transport: Transport, id: string, active: boolean): Promise<WriteOutcome>;
	/** Deletes the user; the record as it was before. */
	delete?(transport: Transport, id: string): Promise<IDataObject>;
}

export interface GroupCapabilities {
	/** The shape of this directory's group ids. */
	readonly idRule: IdRule;
	readonly filterProperties: INodeProperties[];
	readFilters(parameters: IDataObject): Filters;
	list(transport: Transport, options: ListOptions & { includeMembers: boolean }): AsyncGenerator<IDataObject[]>;
	get(transport: Transport, id: string, includeMembers: boolean): Promise<IDataObject>;
	normalise(raw: IDataObject): UnifiedGroup;
	create?(transport: Transport, fields: GroupFields & { name: string }): Promise<IDataObject>;
	update?(transport: Transport, id: string, fields: GroupFields): Promise<IDataObject>;
	/** Deletes the group; the record as it was before. */
	delete?(transport: Transport, id: string): Promise<IDataObject>;
	/** Adds the user to (true) or removes them from (false) the group; the user after the change. */
	membership?(transport: Transport, userId: string, groupId: string, member: boolean): Promise<WriteOutcome>;
}

export interface LockOptions {
	message?: string;
	phoneNumber?: string;
}

export type LockOutcome = IDataObject & { status: 'locked' | 'alreadyLocked' | 'failed' };

export interface DeviceCapabilities {
	/** The devices assigned to this user (a record from `users.get`). */
	list(transport: Transport, user: IDataObject): Promise<IDataObject[]>;
	/** A device in a short camelCase summary. */
	simplify(device: IDataObject): IDataObject;
	/** Locks one device; a failure is an outcome with its reason, so the other devices still lock. */
	lock(transport: Transport, device: IDataObject, options: LockOptions): Promise<LockOutcome>;
}

/**
 * How changes are found: by comparing snapshots of the whole directory, or, for APIs too large
 * to snapshot but able to list recent changes (Konnektive's date-range queries), from a feed.
 */
export type ChangeCapability = (SnapshotChanges | FeedChanges) & {
	/**
	 * Events the trigger and watch can report for this provider; when omitted, the user events,
	 * and membership and group events with `groups`. A provider without status cannot report
	 * suspensions.
	 */
	readonly events?: readonly DirectoryEvent[];
};

export interface SnapshotChanges {
	readonly kind: 'snapshot';
	/**
	 * The whole directory for change detection, page by page as the pages arrive. All or
	 * nothing: the pages count only once the iteration ends without an error, which it does
	 * only when every page arrived and the listing checks out (no repeats, the announced total).
	 */
	snapshot(transport: Transport, options: SnapshotOptions): AsyncIterable<IDataObject[]>;
	/**
	 * The whole group list (records for `groups.normalise`, members left out), all or nothing
	 * like `snapshot`. Present when the users' records carry their groups: the trigger then also
	 * reports membership and group events.
	 */
	groups?(transport: Transport, options: SnapshotOptions): AsyncIterable<IDataObject[]>;
	/**
	 * Present when the snapshot's pages can be fetched in parallel: the Page Concurrency option's
	 * description in this provider's words (page size, rate limits).
	 */
	readonly pageConcurrency?: string;
	/**
	 * Asks the directory about one user the snapshot did not list (paging may shift or stop
	 * early): null when the directory confirms the user is gone, the user's record when the user
	 * is still there. Throws when the answer tells neither. Omit only for a provider whose list
	 * is authoritative: a user it does not list is then deleted without asking.
	 */
	confirmAbsence?(transport: Transport, id: string): Promise<IDataObject | null>;
}

export interface FeedChanges {
	readonly kind: 'feed';
	readonly feed: ChangeFeed;
}

export interface CredentialTestRequest {
	path: string;
	qs?: IDataObject;
	headers?: Record<string, string>;
	/** Whether a 2xx body is a real answer of this API, not a proxy's or login page's. */
	isAnswer(body: unknown): boolean;
	/** That answer in words, for the error when the body is something else. */
	expected: string;
	/**
	 * For APIs that report errors inside a 200 answer: a failure to explain, or undefined when
	 * the body shows success.
	 */
	failureInBody?(body: unknown): HttpFailure | undefined;
}

export interface ChangeFeedOptions {
	events: readonly DirectoryEvent[];
	/** When this poll runs; also the `detectedAt` of its events. */
	now: Date;
	/** The workflow's time zone (IANA name), for APIs whose dates are local calendar days. */
	timezone: string;
}

/**
 * Incremental change detection. `poll` must not mutate `state`: it returns the next state, which
 * the caller saves (through `codec`, in the detection state's envelope) only after the events
 * are handed over, so a failed poll changes nothing. `state` is undefined on the first poll,
 * which records a baseline and returns no events.
 */
export interface ChangeFeed<State = unknown> {
	readonly codec: StateCodec<State, IDataObject>;
	poll(
		transport: Transport,
		state: State | undefined,
		options: ChangeFeedOptions,
	): Promise<{ events: ChangeEvent[]; state: State }>;
}
