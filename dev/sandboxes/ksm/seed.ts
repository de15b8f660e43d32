import type { KsmField, KsmFileData, KsmRecordData } from '../../../nodes/KeeperSecretsManager/transport';
import { emailLocalPart, FIRST_NAMES, integerBetween, LAST_NAMES, pick } from '../random';
import type { KsmVault, VaultApplication } from './vault';

const PASSWORD_CHARACTERS = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%^&*()-_=+[]{};:,.<>?';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Deterministic record contents from a seeded PRNG. */
export class RecordFactory {
	constructor(private readonly random: () => number) {}

	password(length = 20): string {
		return Array.from({ length }, () => pick(this.random, [...PASSWORD_CHARACTERS])).join('');
	}

	login(title: string, options: { url?: string; custom?: KsmField[]; withTotp?: boolean } = {}): KsmRecordData {
		const first = pick(this.random, FIRST_NAMES);
		const last = pick(this.random, LAST_NAMES);
		const totpSecret = Array.from({ length: 32 }, () => pick(this.random, [...BASE32])).join('');
		const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
		const totpUri = `otpauth://totp/${encodeURIComponent(title)}?secret=${totpSecret}&issuer=Example`;
		return {
			title,
			type: 'login',
			notes: `Owner: ${first} ${last}`,
			fields: [
				{ type: 'login', value: [`${emailLocalPart(first, last)}@example.com`] },
				{ type: 'password', value: [this.password()] },
				{ type: 'url', value: [options.url ?? `https://${slug}.example.com`] },
				{ type: 'fileRef', value: [] },
				{ type: 'oneTimeCode', value: options.withTotp ? [totpUri] : [] },
			],
			custom: options.custom ?? [],
		};
	}

	databaseCredentials(title: string, engine: string, port: number): KsmRecordData {
		const host = `${engine}-${integerBetween(this.random, 1, 9)}.db.internal`;
		return {
			title,
			type: 'databaseCredentials',
			notes: '',
			fields: [
				{ type: 'text', label: 'type', value: [engine] },
				{ type: 'host', value: [{ hostName: host, port: String(port) }] },
				{ type: 'login', value: [`svc_${engine}_${integerBetween(this.random, 10, 99)}`] },
				{ type: 'password', value: [this.password(24)] },
				{ type: 'fileRef', value: [] },
			],
			custom: [],
		};
	}

	/** Metadata of an attached file, modified some time in 2024. */
	file(name: string, title: string, mimeType: string): KsmFileData {
		const startOf2024 = Date.UTC(2024, 0, 1);
		return {
			name,
			title,
			type: mimeType,
			size: integerBetween(this.random, 200, 200_000),
			lastModified: startOf2024 + integerBetween(this.random, 0, 365 * 24 * 3600) * 1000,
		};
	}

	customFields(): KsmField[] {
		return [
			{ type: 'text', label: 'Environment', value: [pick(this.random, ['production', 'staging', 'test'])] },
			{ type: 'secret', label: 'API Key', value: [`ak_${this.password(32).replace(/[^A-Za-z0-9]/g, 'x')}`] },
			{ type: 'multiline', label: 'Runbook', value: ['1. Rotate the key\n2. Restart the service'] },
			{
				type: 'name',
				label: 'On-call',
				value: [{ first: pick(this.random, FIRST_NAMES), middle: '', last: pick(this.random, LAST_NAMES) }],
			},
		];
	}
}

export interface SeededApplications {
	readOnly: VaultApplication;
	readWrite: VaultApplication;
}

/**
 * The sandbox's starting vault. The read-only application sees "Infrastructure" (with a
 * "Monitoring" sub-folder) and one record shared directly; the read/write application edits
 * "Team Logins" (with a "Staging" sub-folder) and "Databases". The two see no record in common,
 * so any mix-up between them shows. "Jenkins admin" and "Postgres primary" have a file attached.
 */
export function seedVault(vault: KsmVault, records: RecordFactory, extraLogins: number): SeededApplications {
	const infrastructure = vault.addSharedFolder('Infrastructure');
	const monitoring = vault.addSubFolder(infrastructure, 'Monitoring');
	const jenkins = vault.addRecord(records.login('Jenkins admin', { url: 'https://ci.example.com' }), infrastructure);
	vault.addRecord(records.login('Cloud API', { custom: records.customFields(), withTotp: true }), infrastructure);
	vault.addRecord(records.databaseCredentials('MySQL Credentials', 'mysql', 3306), infrastructure);
	vault.addRecord(records.login('Grafana', { url: 'https://grafana.example.com' }), monitoring);
	const mySecret = vault.addRecord(records.login('My Secret'), null);

	const teamLogins = vault.addSharedFolder('Team Logins');
	const staging = vault.addSubFolder(teamLogins, 'Staging');
	for (let index = 1; index <= extraLogins; index++) {
		vault.addRecord(records.login(`Team login ${index}`), teamLogins);
	}
	vault.addRecord(records.login('Payments webhook', { custom: records.customFields() }), teamLogins);
	vault.addRecord(records.login('Staging admin'), staging);

	const databases = vault.addSharedFolder('Databases');
	const postgres = vault.addRecord(records.databaseCredentials('Postgres primary', 'postgresql', 5432), databases);
	vault.addRecord(records.databaseCredentials('Redis cache', 'redis', 6379), databases);

	const applications = {
		readOnly: vault.addApplication('CI pipeline (read-only)', [
			{ uid: infrastructure, editable: false },
			{ uid: mySecret, editable: false },
		]),
		readWrite: vault.addApplication('Provisioning (read/write)', [
			{ uid: teamLogins, editable: true },
			{ uid: databases, editable: true },
		]),
	};
	// Attached last, so the keys and records seeded before stay what they were.
	vault.addFile(jenkins, records.file('jenkins-backup.tar.gz', 'Configuration backup', 'application/gzip'));
	vault.addFile(postgres, records.file('schema.sql', 'Database schema', 'application/sql'));
	return applications;
}
