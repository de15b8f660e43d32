import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	detectChanges,
	detectionProperties,
	getFilterGroups,
	readDetectionSettings,
	sampleEvents,
} from '../shared/detection';
import {
	credentialDisplayOptions,
	getProvider,
	providerBrands,
	PROVIDERS,
	providerProperty,
	withEveryProviderCredential,
} from '../shared/providers/registry';
import { credentialTestMethods } from '../shared/transport/credentialTest';

export class UserDirectoryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'User Directory Trigger',
		name: 'userDirectoryTrigger',
		icon: { light: 'file:userDirectoryTrigger.svg', dark: 'file:userDirectoryTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		// "userSuspended" reads as "user suspended" on the canvas.
		subtitle: '={{"On " + [].concat($parameter["events"]).map(e => e.replace(/([A-Z])/g, " $1").toLowerCase()).join(", ")}}',
		// n8n's node list shows the User Directory node and this trigger as one entry, with this
		// description: it speaks for both.
		description:
			`Users in ${providerBrands()}: read and manage them, or start a workflow when someone joins, is suspended, comes back, leaves, changes or moves between groups`,
		defaults: { name: 'User Directory Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// The shipped providers' credentials spelled out, so that n8n's verification can see each
		// credential's test; the constructor adds any other registered provider's.
		credentials: [
			{ name: 'keeperScimApi', required: true, testedBy: 'keeperScimApiTest', displayOptions: credentialDisplayOptions('keeperScimApi') },
			{ name: 'kandjiApi', required: true, testedBy: 'kandjiApiTest', displayOptions: credentialDisplayOptions('kandjiApi') },
			{ name: 'konnektiveApi', required: true, testedBy: 'konnektiveApiTest', displayOptions: credentialDisplayOptions('konnektiveApi') },
		],
		properties: [
			providerProperty('The directory to watch'),
			...detectionProperties(PROVIDERS),
		],
	};

	methods = { credentialTest: credentialTestMethods(PROVIDERS), loadOptions: { getFilterGroups } };

	constructor() {
		this.description.credentials = withEveryProviderCredential(this.description.credentials);
	}

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const provider = getProvider(this.getNode(), this.getNodeParameter('provider') as string);
		const settings = readDetectionSettings(
			this.getNode(),
			provider,
			this.getNodeParameter('events'),
			this.getNodeParameter('options', {}) as IDataObject,
			this.getNodeParameter('filters', {}) as IDataObject,
		);
		// "Fetch test event" in the editor: real data to map, and the saved state stays untouched.
		if (this.getMode() === 'manual') {
			const sample = await sampleEvents(this, provider, settings);
			return [this.helpers.returnJsonArray(sample)];
		}
		const events = await detectChanges(this, provider, settings, { save: true });
		return events.length > 0 ? [this.helpers.returnJsonArray(events)] : null;
	}
}
