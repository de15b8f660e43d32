import { emailLocalPart, FIRST_NAMES, integerBetween, LAST_NAMES, pick, seededRandom } from '../random';

/** A customer as the sandbox keeps it: Konnektive's fields, dates as instants. */
export interface KonnektiveCustomer {
	customerId: number;
	firstName: string;
	lastName: string;
	companyName: string;
	emailAddress: string;
	phoneNumber: string;
	address1: string;
	address2: string;
	city: string;
	state: string;
	postalCode: string;
	country: string;
	shipFirstName: string;
	shipLastName: string;
	shipAddress1: string;
	shipAddress2: string;
	shipCity: string;
	shipState: string;
	shipPostalCode: string;
	shipCountry: string;
	paySource: string;
	cardType: string;
	cardLast4: string;
	cardExpiryDate: string;
	notes: string;
	campaignName: string;
	campaignType: string;
	created: Date;
	updated: Date;
}

export type CustomerFields = Partial<Omit<KonnektiveCustomer, 'customerId' | 'created' | 'updated'>>;

export interface CrmSeedOptions {
	customers: number;
	seed?: number;
	/** The account's time zone: Konnektive writes and filters dates in it. */
	timeZone?: string;
	/** The fake clock's start; customers are created before it. */
	now?: Date;
	/** Creation dates spread over this many days before `now`. */
	spreadDays?: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Pine Rd', 'Elm St', 'Lakeview Blvd', 'Hillcrest Way'];
const CITIES: Array<[city: string, state: string, zip: string]> = [
	['Austin', 'TX', '78701'],
	['Denver', 'CO', '80202'],
	['Portland', 'OR', '97201'],
	['Columbus', 'OH', '43004'],
	['Tampa', 'FL', '33601'],
	['Raleigh', 'NC', '27601'],
	['Boise', 'ID', '83702'],
	['Madison', 'WI', '53703'],
];
const CAMPAIGNS: Array<[name: string, type: string]> = [
	['Keto Boost Trial', 'LANDER'],
	['Glow Serum Subscription', 'LANDER'],
	['Coffee Club Monthly', 'PHONE'],
	['Retail Checkout', 'RETAIL'],
];
const CARD_TYPES = ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER'];
const MAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'example.net'];

/**
 * The sandbox's Konnektive account: customers, a fake clock and the account's time zone. Tests
 * add and edit customers and move the clock; the server reads it all.
 */
export class KonnektiveCrm {
	readonly customers = new Map<number, KonnektiveCustomer>();
	readonly timeZone: string;
	clock: Date;
	private nextId = 84_000;
	private readonly random: () => number;
	private readonly localFormat: Intl.DateTimeFormat;
	private readonly formatted = new Map<number, string>();

	constructor(options: { seed?: number; timeZone?: string; now?: Date } = {}) {
		this.random = seededRandom(options.seed ?? 1);
		this.timeZone = options.timeZone ?? 'America/New_York';
		this.clock = new Date(options.now ?? Date.UTC(2024, 2, 15, 17, 30, 0));
		this.localFormat = new Intl.DateTimeFormat('en-US', {
			timeZone: this.timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
	}

	/** `customers` customers created over the `spreadDays` days before `now`, some edited since. */
	static seeded(options: CrmSeedOptions): KonnektiveCrm {
		const crm = new KonnektiveCrm(options);
		const end = crm.clock.getTime();
		const spread = (options.spreadDays ?? 365) * DAY_MS;
		const createdTimes = Array.from({ length: options.customers }, () => end - Math.floor(crm.random() * spread))
			.map((time) => time - (time % 1000))
			.sort((a, b) => a - b);
		for (const time of createdTimes) {
			const customer = crm.addCustomer({}, new Date(time));
			if (crm.random() < 0.4) customer.updated = new Date(time + Math.floor(crm.random() * (end - time)));
		}
		return crm;
	}

	/** Adds a customer created at `at` (the clock by default), like an order or lead import does. */
	addCustomer(fields: CustomerFields = {}, at: Date = this.clock): KonnektiveCustomer {
		this.nextId += integerBetween(this.random, 1, 3);
		const firstName = fields.firstName ?? pick(this.random, FIRST_NAMES);
		const lastName = fields.lastName ?? pick(this.random, LAST_NAMES);
		const [city, state, postalCode] = pick(this.random, CITIES);
		const [campaignName, campaignType] = pick(this.random, CAMPAIGNS);
		const address1 = `${integerBetween(this.random, 10, 9999)} ${pick(this.random, STREETS)}`;
		const customer: KonnektiveCustomer = {
			customerId: this.nextId,
			firstName,
			lastName,
			companyName: this.random() < 0.1 ? `${lastName} Holdings LLC` : '',
			emailAddress: `${emailLocalPart(firstName, lastName)}${this.nextId % 1000}@${pick(this.random, MAIL_DOMAINS)}`,
			phoneNumber: `${integerBetween(this.random, 201, 989)}555${String(integerBetween(this.random, 0, 9999)).padStart(4, '0')}`,
			address1,
			address2: this.random() < 0.2 ? `Apt ${integerBetween(this.random, 1, 40)}` : '',
			city,
			state,
			postalCode,
			country: 'US',
			shipFirstName: firstName,
			shipLastName: lastName,
			shipAddress1: address1,
			shipAddress2: '',
			shipCity: city,
			shipState: state,
			shipPostalCode: postalCode,
			shipCountry: 'US',
			paySource: 'CREDITCARD',
			cardType: pick(this.random, CARD_TYPES),
			cardLast4: String(integerBetween(this.random, 0, 9999)).padStart(4, '0'),
			cardExpiryDate: `${String(integerBetween(this.random, 1, 12)).padStart(2, '0')}/${integerBetween(this.random, 25, 30)}`,
			notes: '',
			campaignName,
			campaignType,
			...fields,
			created: new Date(at),
			updated: new Date(at),
		};
		this.customers.set(customer.customerId, customer);
		return customer;
	}

	/** Edits a customer now: Konnektive moves dateUpdated to the current time. */
	updateCustomer(customerId: number, fields: CustomerFields): KonnektiveCustomer {
		const customer = this.customer(customerId);
		Object.assign(customer, fields, { updated: new Date(this.clock) });
		return customer;
	}

	customer(customerId: number): KonnektiveCustomer {
		const customer = this.customers.get(customerId);
		if (!customer) throw new Error(`sandbox: no customer ${customerId}`);
		return customer;
	}

	list(): KonnektiveCustomer[] {
		return [...this.customers.values()];
	}

	advance(by: { days?: number; hours?: number; minutes?: number; seconds?: number }): Date {
		const ms = ((by.days ?? 0) * 24 * 3600 + (by.hours ?? 0) * 3600 + (by.minutes ?? 0) * 60 + (by.seconds ?? 0)) * 1000;
		this.clock = new Date(this.clock.getTime() + ms);
		return this.clock;
	}

	/** The account-local date-time Konnektive writes: `YYYY-MM-DD HH:mm:ss`. */
	localDateTime(instant: Date): string {
		// Formatting is slow and large accounts are filtered by date on every query.
		let text = this.formatted.get(instant.getTime());
		if (text === undefined) {
			const parts = Object.fromEntries(this.localFormat.formatToParts(instant).map((part) => [part.type, part.value]));
			text = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
			this.formatted.set(instant.getTime(), text);
		}
		return text;
	}

	/** The account-local calendar day, `YYYY-MM-DD`. */
	localDay(instant: Date): string {
		return this.localDateTime(instant).slice(0, 10);
	}
}
