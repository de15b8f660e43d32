import type { ICredentialDataDecryptedObject, IDataObject, INodeProperties } from 'n8n-workflow';

import type { ChangeEvent, DirectoryEvent, StateCodec } from '../changes';
import type { IdRule } from '../helpers/values';
import type { Transport } from '../transport/types';

export type UserStatus = 'active' | 'suspended' | 'archived';

export interface GroupRef {
	id: string;
	name: string | null;
}

/** The one user shape every provider is normalised to; absent facts are null, never missing. */
export interface UnifiedUser {
	id: string;
	provider: string;
	email: string | null;
	username: string | null;
	firstName: string | null;
	lastName: string | null;
	displayName: string | null;
	status: UserStatus;
	groups: GroupRef[];
	externalId: string | null;
	createdAt: string | null;
	updatedAt: string | null;
}

export interface GroupMember {
	id: string;
	display: string | null;
}

export interface UnifiedGroup {
	id: string;
	provider: string;
	name: string | null;
	externalId: string | null;
	memberCount: number | null;
	members?: GroupMember[];
}

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
 * error hints, field mapping, node parameters — lives in the provider's folder.
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
	/** The shape of this directory's ids, checked before any id is put in a request. */
	readonly idRules: { readonly user: IdRule; readonly group?: IdRule };
	readonly supportsGroups: boolean;

	/** Base URL of the API for these credentials; throws a user-facing Error when they are unusable. */
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
	/**
	 * What the credential dialog's Test button sends: a cheap authenticated read below the base
	 * URL, with the credential applied by hand (that dialog has no authenticated HTTP helper).
	 */
	credentialTestRequest(credentials: ICredentialDataDecryptedObject): CredentialTestRequest;
	/** Turns a failed response into a message and a hint naming the likely cause and the fix. */
	explainError(failure: HttpFailure): { message: string; description: string };

	/** n8n parameters for Get Many users (filters), shown only for this provider. */
	readonly userFilterProperties: INodeProperties[];
	/** Reads the values of `userFilterProperties` into filters. */
	readUserFilters(parameters: IDataObject): Filters;

	listUsers(transport: Transport, options: ListOptions): AsyncGenerator<IDataObject[]>;
	/**
	 * Filters for `listUsers` that find a picker's search text on the server, for directories too
	 * large to search through their first pages (a full email address in a CRM); undefined when
	 * this text is searched in the listed users.
	 */
	userSearchFilters?(text: string): Filters | undefined;
	getUser(transport: Transport, id: string): Promise<IDataObject>;
	normaliseUser(raw: IDataObject): UnifiedUser;

	/**
	 * The whole directory for change detection, page by page as the pages arrive. All or
	 * nothing: the pages count only once the iteration ends without an error, which it does
	 * only when every page arrived and the listing checks out (no repeats, the announced total).
	 */
	snapshotUsers(transport: Transport, options: SnapshotOptions): AsyncIterable<IDataObject[]>;
	/**
	 * Asks the directory about one user the snapshot did not list (paging may shift or stop
	 * early): null when the directory confirms the user is gone, the user's record when the user
	 * is still there. Throws when the answer tells neither. Omit only for a provider whose list
	 * is authoritative: a user it does not list is then deleted without asking.
	 */
	confirmAbsence?(transport: Transport, id: string): Promise<IDataObject | null>;

	/**
	 * Events the trigger and watch can report for this provider; all five when omitted.
	 * A provider without status (Konnektive) cannot report suspensions.
	 */
	readonly supportedEvents?: readonly DirectoryEvent[];
	/**
	 * For APIs too large to snapshot but able to list recent changes (Konnektive's date-range
	 * queries): replaces snapshot diffing in the trigger and the watch operation.
	 */
	readonly changeFeed?: ChangeFeed;

	readonly groupFilterProperties?: INodeProperties[];
	readGroupFilters?(parameters: IDataObject): Filters;
	listGroups?(
		transport: Transport,
		options: ListOptions & { includeMembers: boolean },
	): AsyncGenerator<IDataObject[]>;
	getGroup?(transport: Transport, id: string, includeMembers: boolean): Promise<IDataObject>;
	normaliseGroup?(raw: IDataObject): UnifiedGroup;
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

export interface HttpFailure {
	/** HTTP status, or 0 when no response arrived. */
	status: number;
	/** Parsed JSON body, or the raw text when it was not JSON. */
	body: unknown;
	method: string;
	/** Path relative to the base URL, without query string (never carries credentials). */
	path: string;
	/** Network error code (ECONNREFUSED, ETIMEDOUT…) when no response arrived. */
	networkCode?: string;
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
