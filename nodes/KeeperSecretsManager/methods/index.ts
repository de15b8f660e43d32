import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { clientFromCredential, KSM_CREDENTIAL_TYPE } from '../helpers/credentials';
import { oneLine, toNodeError } from '../../shared/helpers/errors';
import type { KsmClient, KsmFolder } from '../transport';
import { httpViaCredentialTest, httpViaN8n } from '../transport/n8nHttp';

async function clientFor(context: ILoadOptionsFunctions): Promise<KsmClient> {
	return clientFromCredential(await context.getCredentials(KSM_CREDENTIAL_TYPE), httpViaN8n(context));
}

/** The application's shared folders and their sub-folders, by path, for Create's folder list. */
export async function getFolders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		return folderOptions(await (await clientFor(this)).getFolders());
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

/** Records whose title contains the search text, for the record list of Get and Update. */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	try {
		const { records } = await (await clientFor(this)).getSecrets();
		const wanted = filter?.trim().toLowerCase() ?? '';
		const results = records
			.filter((record) => record.data.title.toLowerCase().includes(wanted))
			.sort((a, b) => a.data.title.localeCompare(b.data.title))
			.map((record) => ({ name: `${record.data.title} (${record.data.type})`, value: record.recordUid }));
		return { results };
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

/** The credential dialog's Test button: one authenticated `get_secret`, the call every operation starts with. */
export async function keeperSecretsManagerApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const client = clientFromCredential(credential.data ?? {}, httpViaCredentialTest(this));
		const { appTitle, records } = await client.getSecrets();
		const application = appTitle ? `the application "${appTitle}"` : 'the application';
		return { status: 'OK', message: `Connected to ${application}: ${records.length} records are shared with it` };
	} catch (error) {
		return { status: 'Error', message: oneLine(error) };
	}
}

function folderOptions(folders: KsmFolder[]): INodePropertyOptions[] {
	const byUid = new Map(folders.map((folder) => [folder.folderUid, folder]));
	const parentOf = (folder: KsmFolder) => (folder.parentUid === null ? undefined : byUid.get(folder.parentUid));
	const pathOf = (folder: KsmFolder): string => {
		const names = [folder.name];
		for (let parent = parentOf(folder); parent && names.length <= folders.length; parent = parentOf(parent)) {
			names.unshift(parent.name);
		}
		return names.join(' / ');
	};
	return folders
		.map((folder) => ({
			name: pathOf(folder),
			value: folder.folderUid,
			description: folder.parentUid === null ? 'Shared folder' : 'Sub-folder',
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
