import { KsmError, type KsmClient, type KsmRecord } from '../transport';

/** How a record is named: by UID, by exact title, or either (UID first, as Keeper notation does). */
export interface RecordLookup {
	by: 'uid' | 'title' | 'uidOrTitle';
	value: string;
}

const RECORD_UID = /^[A-Za-z0-9_-]{22}$/;

/**
 * The vault as one execution sees it, through one client. The full record list is fetched at most
 * once and shared by the execution's items until a write makes it stale; nothing outlives the
 * execution, so two credentials never share keys or records.
 */
export class VaultSession {
	private everyRecord: Promise<KsmRecord[]> | undefined;

	/**
	 * `manyLookups`: several items will look records up, so one read of every record beats one
	 * request per item (Keeper throttles an application at about 100 requests in 10 seconds).
	 */
	constructor(
		readonly client: KsmClient,
		private readonly manyLookups = false,
	) {}

	/** Every record shared with the application. */
	async records(): Promise<KsmRecord[]> {
		if (!this.everyRecord) {
			const loading = this.client.getSecrets().then(({ records }) => records);
			this.everyRecord = loading;
			// A failed read is not remembered: the next item asks Keeper again.
			loading.then(undefined, () => {
				if (this.everyRecord === loading) this.everyRecord = undefined;
			});
		}
		return await this.everyRecord;
	}

	/**
	 * The record named by `lookup`. `fresh` reads it from Keeper even when the execution already
	 * holds it, for writes that must start from its latest revision.
	 */
	async find(lookup: RecordLookup, options: { fresh?: boolean } = {}): Promise<KsmRecord> {
		const value = lookup.value.trim();
		if (!value) {
			throw new KsmError(
				lookup.by === 'title' ? 'The record title is empty' : 'The record UID is empty',
				'Enter the record, or map it from a previous node (Get Many returns `uid` and `title`).',
			);
		}
		if (lookup.by !== 'title' && (lookup.by === 'uid' || RECORD_UID.test(value))) {
			const record = await this.byUid(value, options.fresh === true);
			if (record) return record;
			if (lookup.by === 'uid') throw notShared(`No record with UID ${value}`);
		}
		// A fresh read by title reads every record anew, which already makes the match fresh.
		if (options.fresh === true) this.forgetRecords();
		return this.onlyRecordTitled(value, await this.records(), lookup.by === 'uidOrTitle');
	}

	/**
	 * The record just written, read again. Keeper answers a create or update with an empty body,
	 * which anything between here and Keeper could send too: the write counts only when this
	 * authenticated read shows the record (created), or a revision other than `before` (updated).
	 */
	async readBack(recordUid: string, before?: number): Promise<KsmRecord> {
		const record = await this.byUid(recordUid, true);
		if (!record || record.revision === before) {
			throw new KsmError(
				`Keeper Secrets Manager accepted the ${before === undefined ? 'new' : 'changed'} record ${recordUid}, but reading it back does not show the change`,
				'Check the record in the Keeper vault before running again, and that no proxy answers in place of Keeper.',
			);
		}
		return record;
	}

	/** After a create or update, later items must not see the records read before it. */
	forgetRecords(): void {
		this.everyRecord = undefined;
	}

	private async byUid(recordUid: string, fresh: boolean): Promise<KsmRecord | undefined> {
		const records = !fresh && (this.everyRecord || this.manyLookups) ? await this.records() : undefined;
		const candidates = records ?? (await this.client.getSecrets([recordUid])).records;
		return candidates.find((record) => record.recordUid === recordUid);
	}

	private onlyRecordTitled(title: string, records: KsmRecord[], orUid: boolean): KsmRecord {
		const matches = records.filter((record) => record.data.title === title);
		if (matches.length === 1) return matches[0];
		if (matches.length > 1) {
			throw new KsmError(
				`${matches.length} records are titled "${title}": ${matches.map((record) => record.recordUid).join(', ')}`,
				'Titles are not unique in Keeper. Pick the record by its UID instead.',
			);
		}
		const notFound = notShared(`No record ${orUid ? 'with UID or title' : 'titled'} "${title}"`);
		const otherCase = records.find((record) => record.data.title.toLowerCase() === title.toLowerCase());
		if (!otherCase) throw notFound;
		throw new KsmError(notFound.message, `Titles must match exactly, including case: "${otherCase.data.title}" exists.`);
	}
}

function notShared(what: string): KsmError {
	return new KsmError(
		`${what} is shared with this Secrets Manager application`,
		'Check the spelling (Get Many lists every record the application can see), or share the record or its folder with the application in the Keeper vault.',
	);
}
