import { DEPARTMENTS, emailLocalPart, FIRST_NAMES, integerBetween, LAST_NAMES, pick, seededRandom } from '../random';

export interface KandjiIntegration {
	id: number;
	uuid: string;
	name: string;
	type: 'office365' | 'gsuite' | 'okta';
}

export interface KandjiUser {
	id: string;
	/** Kandji's older numeric id, sent as a string. */
	deprecatedUserId: string;
	/** Creation order: the position a cursor remembers. */
	sequence: number;
	name: string;
	email: string;
	active: boolean;
	archived: boolean;
	department: string | null;
	jobTitle: string | null;
	integrationUuid: string;
	createdAt: string;
	updatedAt: string;
}

export type KandjiPlatform = 'Mac' | 'iPhone' | 'iPad';

export interface KandjiDevice {
	deviceId: string;
	deviceName: string;
	model: string;
	serialNumber: string;
	platform: KandjiPlatform;
	osVersion: string;
	assetTag: string;
	blueprintId: string;
	blueprintName: string;
	lastCheckIn: string;
	firstEnrollment: string;
	/** The assigned user's id, or null when the device is unassigned. */
	userId: string | null;
	locked: boolean;
	/** The body of the lock that locked it, and the PIN handed out. */
	lock?: { message?: string; phoneNumber?: string; pin: string | null };
}

export interface KandjiSeedOptions {
	users: number;
	seed?: number;
	domain?: string;
	/** Share of users that are archived / inactive, 0..1. */
	archivedRatio?: number;
	inactiveRatio?: number;
	/** Devices per user are drawn between these bounds. */
	devicesPerUser?: [number, number];
	/** Devices enrolled but assigned to nobody (their `user` is ""). */
	unassignedDevices?: number;
}

const JOB_TITLES = ['Engineer', 'Analyst', 'Manager', 'Designer', 'Account Executive', 'Specialist', null] as const;
const MODELS: Array<{ platform: KandjiPlatform; model: string; os: string[] }> = [
	{ platform: 'Mac', model: 'MacBook Pro (14-inch, 2023)', os: ['14.6.1', '15.1', '15.3.2'] },
	{ platform: 'Mac', model: 'MacBook Air (M2, 2022)', os: ['14.6.1', '15.1'] },
	{ platform: 'Mac', model: 'Mac mini (2023)', os: ['15.3.2'] },
	{ platform: 'iPhone', model: 'iPhone 15', os: ['17.6', '18.2'] },
	{ platform: 'iPad', model: 'iPad Air (5th generation)', os: ['17.6', '18.2'] },
];
const BLUEPRINTS = ['Standard Mac', 'Engineering Mac', 'Mobile Devices'] as const;
const SERIAL_CHARACTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const START = Date.parse('2024-09-06T21:00:04.304Z');

/** The sandbox's in-memory Kandji tenant: directory-integration users and their devices, mutable between polls. */
export class KandjiDirectory {
	readonly users = new Map<string, KandjiUser>();
	readonly devices = new Map<string, KandjiDevice>();
	readonly integrations: KandjiIntegration[] = [];
	private readonly random: () => number;
	private readonly domain: string;
	/** Every address handed out, so that generated ones stay unique in large tenants. */
	private readonly takenEmails = new Set<string>();
	private sequence = 29_000;
	private clock = START;

	constructor(seed = 1, domain = 'accuhive.example') {
		this.random = seededRandom(seed);
		this.domain = domain;
		this.integrations.push(
			{ id: 634, uuid: this.uuid(), name: 'accuhive-entra', type: 'office365' },
			{ id: 702, uuid: this.uuid(), name: 'accuhive-google', type: 'gsuite' },
		);
	}

	static seeded(options: KandjiSeedOptions): KandjiDirectory {
		const directory = new KandjiDirectory(options.seed ?? 1, options.domain);
		const [fewest, most] = options.devicesPerUser ?? [0, 3];
		for (let index = 0; index < options.users; index++) {
			const user = directory.addUser({});
			if (directory.random() < (options.archivedRatio ?? 0.05)) user.archived = true;
			else if (directory.random() < (options.inactiveRatio ?? 0.05)) user.active = false;
			const deviceCount = integerBetween(directory.random, fewest, most);
			for (let device = 0; device < deviceCount; device++) directory.addDevice(user.id);
		}
		for (let index = 0; index < (options.unassignedDevices ?? 3); index++) directory.addDevice(null);
		return directory;
	}

	/** Users in cursor order (creation order). */
	list(): KandjiUser[] {
		return [...this.users.values()].sort((a, b) => a.sequence - b.sequence);
	}

	user(id: string): KandjiUser {
		const user = this.users.get(id);
		if (!user) throw new Error(`sandbox: no Kandji user ${id}`);
		return user;
	}

	devicesOf(userId: string): KandjiDevice[] {
		return [...this.devices.values()].filter((device) => device.userId === userId);
	}

	addUser(fields: Partial<Pick<KandjiUser, 'name' | 'email' | 'active' | 'archived' | 'integrationUuid'>>): KandjiUser {
		const first = pick(this.random, FIRST_NAMES);
		const last = pick(this.random, LAST_NAMES);
		let email = fields.email ?? `${emailLocalPart(first, last)}@${this.domain}`;
		for (let suffix = 2; !fields.email && this.takenEmails.has(email); suffix++) {
			email = `${emailLocalPart(first, last)}${suffix}@${this.domain}`;
		}
		this.takenEmails.add(email.toLowerCase());
		this.sequence += integerBetween(this.random, 1, 9);
		const now = this.tick();
		const user: KandjiUser = {
			id: this.uuid(),
			deprecatedUserId: String(this.sequence + 300),
			sequence: this.sequence,
			name: fields.name ?? `${first} ${last}`,
			email,
			active: fields.active ?? true,
			archived: fields.archived ?? false,
			department: this.random() < 0.8 ? pick(this.random, DEPARTMENTS) : null,
			jobTitle: pick(this.random, JOB_TITLES),
			integrationUuid: fields.integrationUuid ?? pick(this.random, this.integrations).uuid,
			createdAt: now,
			updatedAt: now,
		};
		this.users.set(user.id, user);
		return user;
	}

	addDevice(userId: string | null, platform?: KandjiPlatform): KandjiDevice {
		const kind = platform ? (MODELS.find((model) => model.platform === platform) ?? MODELS[0]) : pick(this.random, MODELS);
		const owner = userId ? this.user(userId) : undefined;
		let serialNumber = kind.platform === 'Mac' ? 'C02' : 'F2L';
		while (serialNumber.length < 12) serialNumber += pick(this.random, [...SERIAL_CHARACTERS]);
		const enrolled = this.tick();
		const device: KandjiDevice = {
			deviceId: this.uuid(),
			deviceName: owner ? `${owner.name.split(' ')[0]}'s ${kind.model.split(' (')[0]}` : `${kind.model.split(' (')[0]} (spare)`,
			model: kind.model,
			serialNumber,
			platform: kind.platform,
			osVersion: pick(this.random, kind.os),
			assetTag: this.random() < 0.5 ? String(integerBetween(this.random, 10000, 99999)) : '',
			blueprintId: this.uuid(),
			blueprintName: kind.platform === 'Mac' ? pick(this.random, BLUEPRINTS.slice(0, 2)) : BLUEPRINTS[2],
			lastCheckIn: enrolled,
			firstEnrollment: enrolled,
			userId,
			locked: false,
		};
		this.devices.set(device.deviceId, device);
		return device;
	}

	// Mutations a directory integration sync or an admin would make, for trigger tests.

	archiveUser(id: string): void {
		this.touch(id).archived = true;
	}

	deactivateUser(id: string): void {
		this.touch(id).active = false;
	}

	reactivateUser(id: string): void {
		const user = this.touch(id);
		user.active = true;
		user.archived = false;
	}

	renameUser(id: string, name: string): void {
		this.touch(id).name = name;
	}

	changeEmail(id: string, email: string): void {
		this.touch(id).email = email;
		this.takenEmails.add(email.toLowerCase());
	}

	/** Removes the user the way a sync does, unassigning its devices (the API itself refuses this). */
	removeUser(id: string): void {
		for (const device of this.devicesOf(id)) device.userId = null;
		this.users.delete(id);
	}

	private touch(id: string): KandjiUser {
		const user = this.user(id);
		user.updatedAt = this.tick();
		return user;
	}

	private tick(): string {
		this.clock += integerBetween(this.random, 1_000, 600_000);
		// Kandji's timestamps carry microseconds.
		return new Date(this.clock).toISOString().replace('Z', `${integerBetween(this.random, 100, 999)}Z`);
	}

	uuid(): string {
		let hex = '';
		for (let index = 0; index < 32; index++) hex += Math.floor(this.random() * 16).toString(16);
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
	}
}
