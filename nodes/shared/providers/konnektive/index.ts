import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { UserFacingError } from '../../helpers/errors';
import { checkedId, EMAIL_ADDRESS, textFilters, type IdRule } from '../../helpers/values';
import type { Transport } from '../../transport/types';
import type { DirectoryProvider, ListOptions } from '../types';
import { CUSTOMER_QUERY_PATH, customerPages, queryCustomers, readEnvelope } from './api';
import { konnektiveChangeFeed } from './changeFeed';
import { konnektiveBaseUrl } from './credentials';
import { dayOfParameter, EARLIEST_DAY, latestDay, toQueryDate, type Day } from './dates';
import { explainKonnektiveError } from './errors';
import { customerIdOf, KONNEKTIVE_PROVIDER, normaliseKonnektiveCustomer } from './normalise';

type DateRangeType = 'dateCreated' | 'dateUpdated';

interface CustomerFilters {
	dateRangeType?: DateRangeType;
	startDate?: Day;
	endDate?: Day;
	emailAddress?: string;
	phoneNumber?: string;
}

const DAY_NOTE =
	"Only the day counts, in the time zone of the Konnektive account (Konnektive filters by calendar day)";

// Start Date before End Date, as people read a range (the panel keeps this order).
const userFilterProperties: INodeProperties[] = [
	{
		displayName: 'Date Type',
		name: 'dateRangeType',
		type: 'options',
		options: [
			{ name: 'Created', value: 'dateCreated', description: 'When the customer was created' },
			{ name: 'Updated', value: 'dateUpdated', description: 'When the customer was last changed' },
		],
		default: 'dateCreated',
		description: 'Which date of the customer Start Date and End Date apply to',
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		description: `Return only customers created (or updated, see Date Type) on or after this day; default: all time. ${DAY_NOTE}.`,
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		description: `Return only customers created (or updated, see Date Type) on or before this day; default: today. ${DAY_NOTE}.`,
	},
	{
		displayName: 'Email',
		name: 'emailAddress',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Return only customers with this email address',
	},
	{
		displayName: 'Phone',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		description: 'Return only customers with this phone number, as stored in Konnektive',
	},
];

function readDay(parameters: IDataObject, name: 'startDate' | 'endDate', label: string): Day | undefined {
	const value = parameters[name];
	if (value === undefined || value === null || value === '') return undefined;
	const day = dayOfParameter(value);
	if (!day) {
		throw new UserFacingError(
			`The ${label} "${String(value)}" is not a date`,
			'Pick a day in the date picker, or give YYYY-MM-DD or MM/DD/YYYY.',
		);
	}
	return day;
}

function readUserFilters(parameters: IDataObject): CustomerFilters {
	const text = textFilters(parameters, userFilterProperties);
	const filters: CustomerFilters = {
		dateRangeType: parameters.dateRangeType === 'dateUpdated' ? 'dateUpdated' : 'dateCreated',
		startDate: readDay(parameters, 'startDate', 'Start Date'),
		endDate: readDay(parameters, 'endDate', 'End Date'),
		emailAddress: text.emailAddress,
		phoneNumber: text.phoneNumber,
	};
	if (filters.startDate && filters.endDate && filters.startDate > filters.endDate) {
		throw new UserFacingError(
			`The Start Date (${filters.startDate}) is after the End Date (${filters.endDate})`,
			'Swap the two dates, or leave one of them empty.',
		);
	}
	return filters;
}

/** Konnektive requires a date range for every query without a customer id: no dates means all time. */
async function* listUsers(transport: Transport, options: ListOptions): AsyncGenerator<IDataObject[]> {
	const filters = options.filters as unknown as CustomerFilters;
	const qs: IDataObject = {
		// The trigger's test event lists without reading the node's filters.
		dateRangeType: filters.dateRangeType ?? 'dateCreated',
		startDate: toQueryDate(filters.startDate ?? EARLIEST_DAY),
		endDate: toQueryDate(filters.endDate ?? latestDay()),
	};
	if (filters.emailAddress) qs.emailAddress = filters.emailAddress;
	if (filters.phoneNumber) qs.phoneNumber = filters.phoneNumber;
	yield* customerPages(transport, qs, { limit: options.limit });
}

const KONNEKTIVE_CUSTOMER_ID: IdRule = {
	label: 'Konnektive customer ID',
	pattern: /^\d+$/,
	hint: 'Konnektive customer IDs are numbers: the `id` field of Get Many or of the trigger (customerId in Konnektive).',
};

async function getUser(transport: Transport, input: string): Promise<IDataObject> {
	const id = checkedId(input, KONNEKTIVE_CUSTOMER_ID);
	const found = await queryCustomers(transport, { customerId: id });
	// Only the customer asked for, even if a server ignored the filter.
	const customer = found?.data.find((candidate) => customerIdOf(candidate) === id);
	if (!customer) {
		throw new UserFacingError(
			`No Konnektive customer with ID "${id}"`,
			'Use Get Many (for example with the Email filter) to find the customer, and pass its `id` field.',
		);
	}
	return customer;
}

/** Konnektive customers as directory users: read-only, no groups, no status, a date-window change feed. */
export const konnektiveProvider: DirectoryProvider = {
	id: KONNEKTIVE_PROVIDER,
	displayName: 'Konnektive (Customers)',
	brand: 'Konnektive',
	credentialName: 'konnektiveApi',
	secretFields: ['loginId', 'password'],
	idRules: { user: KONNEKTIVE_CUSTOMER_ID },
	supportsGroups: false,
	supportedEvents: ['userCreated', 'userUpdated'],
	baseUrl: konnektiveBaseUrl,
	explainError: explainKonnektiveError,
	// A real query for one customer of any time: it needs a whitelisted IP and "Query Customers".
	credentialTestRequest: (credentials) => ({
		path: CUSTOMER_QUERY_PATH,
		qs: {
			loginId: String(credentials.loginId).trim(),
			password: String(credentials.password),
			startDate: toQueryDate(EARLIEST_DAY),
			endDate: toQueryDate(latestDay()),
			resultsPerPage: 1,
		},
		isAnswer: (body) => readEnvelope(body).kind !== 'failure',
		expected: 'a Konnektive customer query answer',
		// An account without customers answers "No customers matching…": the login works.
		failureInBody: (body) =>
			readEnvelope(body).kind === 'failure' ? { status: 200, body, method: 'GET', path: CUSTOMER_QUERY_PATH } : undefined,
	}),

	userFilterProperties,
	readUserFilters: (parameters) => readUserFilters(parameters) as unknown as IDataObject,
	listUsers,
	// A CRM holds far more customers than a picker can page through: an address is asked for directly.
	userSearchFilters: (text) => (EMAIL_ADDRESS.test(text) ? { emailAddress: text } : undefined),
	getUser,
	normaliseUser: normaliseKonnektiveCustomer,
	snapshotUsers() {
		// A CRM can hold millions of customers: changes come from the change feed instead.
		throw new UserFacingError(
			'Konnektive cannot be read as a whole directory',
			'Konnektive changes are detected through date-range queries (the change feed); use Get Many with a date range to read customers.',
		);
	},
	changeFeed: konnektiveChangeFeed,
};
