import { DEPARTMENTS, emailLocalPart, FIRST_NAMES, integerBetween, LAST_NAMES, pick, seededRandom } from '../random';

export interface KeeperUser {
	id: string;
	userName: string;
	email: string;
	givenName: string;
	familyName: string;
	displayName: string;
	active: boolean;
	externalId?: string;
	teamIds: string[];
}

export interface KeeperTeam {
	id: string;
	displayName: string;
	externalId?: string;
}

export interface SeedOptions {
	users: number;
	teams?: number;
	/** Share of users that are locked, 0..1. */
	lockedRatio?: number;
	seed?: number;
	domain?: string;
}

/** Keeper enterprise user ids are the enterprise id shifted left 32 bits plus a sequence. */
const ENTERPRISE_ID = 225_118;
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The sandbox's in-memory Keeper directory: users and teams, mutable between polls. */
export class KeeperDirectory {
	readonly users = new Map<string, KeeperUser>();
	readonly teams = new Map<string, KeeperTeam>();
	private nextSequence = 1_000;
	private readonly random: () => number;
	private readonly domain: string;
	private ordered: KeeperUser[] | undefined;

	constructor(seed = 1, domain = 'acme-corp.example') {
		this.random = seededRandom(seed);
		this.domain = domain;
	}

	static seeded(options: SeedOptions): KeeperDirectory {
		const directory = new KeeperDirectory(options.seed ?? 1, options.domain);
		const teamCount = options.teams ?? Math.min(DEPARTMENTS.length, Math.max(1, Math.ceil(options.users / 10)));
		for (let index = 0; index < teamCount; index++) {
			const base = DEPARTMENTS[index % DEPARTMENTS.length];
			directory.addTeam(index < DEPARTMENTS.length ? base : `${base} ${Math.floor(index / DEPARTMENTS.length) + 1}`);
		}
		const teamIds = [...directory.teams.keys()];
		for (let index = 0; index < options.users; index++) {
			const user = directory.addUser({});
			if (teamIds.length) {
				user.teamIds.push(pick(directory.random, teamIds));
				if (directory.random() < 0.2) {
					const second = pick(directory.random, teamIds);
					if (!user.teamIds.includes(second)) user.teamIds.push(second);
				}
			}
			if (directory.random() < (options.lockedRatio ?? 0.03)) user.active = false;
		}
		return directory;
	}

	/** Users in the stable order SCIM pages them (creation order). */
	list(): KeeperUser[] {
		this.ordered ??= [...this.users.values()];
		return this.ordered;
	}

	addTeam(displayName: string, externalId?: string): KeeperTeam {
		let id = '';
		for (let index = 0; index < 22; index++) id += pick(this.random, [...URL_SAFE]);
		const team: KeeperTeam = { id, displayName, externalId };
		this.teams.set(id, team);
		return team;
	}

	addUser(fields: Partial<Omit<KeeperUser, 'id'>>): KeeperUser {
		this.nextSequence += integerBetween(this.random, 1, 20);
		const id = String(ENTERPRISE_ID * 2 ** 32 + this.nextSequence);
		const givenName = fields.givenName ?? pick(this.random, FIRST_NAMES);
		const familyName = fields.familyName ?? pick(this.random, LAST_NAMES);
		let email = fields.email ?? `${emailLocalPart(givenName, familyName)}@${this.domain}`;
		for (let suffix = 2; !fields.email && this.findByUserName(email); suffix++) {
			email = `${emailLocalPart(givenName, familyName)}${suffix}@${this.domain}`;
		}
		const user: KeeperUser = {
			id,
			userName: fields.userName ?? email,
			email,
			givenName,
			familyName,
			displayName: fields.displayName ?? `${givenName} ${familyName}`,
			active: fields.active ?? true,
			externalId: fields.externalId,
			teamIds: fields.teamIds ?? [],
		};
		this.users.set(id, user);
		this.ordered = undefined;
		return user;
	}

	findByUserName(userName: string): KeeperUser | undefined {
		const wanted = userName.toLowerCase();
		return this.list().find((user) => user.userName.toLowerCase() === wanted);
	}

	deleteUser(id: string): boolean {
		this.ordered = undefined;
		return this.users.delete(id);
	}

	user(id: string): KeeperUser {
		const user = this.users.get(id);
		if (!user) throw new Error(`sandbox: no user ${id}`);
		return user;
	}

	/** Locks (suspends) a user, as an admin would in the Keeper console. */
	lock(id: string): KeeperUser {
		return Object.assign(this.user(id), { active: false });
	}

	unlock(id: string): KeeperUser {
		return Object.assign(this.user(id), { active: true });
	}

	/** A change of name, e.g. after marriage; the display name follows. */
	rename(id: string, givenName: string, familyName: string): KeeperUser {
		return Object.assign(this.user(id), { givenName, familyName, displayName: `${givenName} ${familyName}` });
	}

	/** Keeper's user name is the login email, so both change together. */
	changeEmail(id: string, email: string): KeeperUser {
		return Object.assign(this.user(id), { email, userName: email });
	}

	/** Replaces the user's team memberships. */
	setTeams(id: string, teamIds: string[]): KeeperUser {
		return Object.assign(this.user(id), { teamIds: [...teamIds] });
	}

	/** Deletes a team; its members leave it. */
	deleteTeam(id: string): void {
		this.teams.delete(id);
		for (const user of this.list()) user.teamIds = user.teamIds.filter((teamId) => teamId !== id);
	}

	renameTeam(id: string, displayName: string): KeeperTeam {
		const team = this.teams.get(id);
		if (!team) throw new Error(`sandbox: no team ${id}`);
		return Object.assign(team, { displayName });
	}

	membersOf(teamId: string): KeeperUser[] {
		return this.list().filter((user) => user.teamIds.includes(teamId));
	}
}
