import type { IDataObject } from 'n8n-workflow';

import {
	detectChanges,
	detectionProperties,
	hasSavedState,
	readDetectionSettings,
	sampleEvents,
} from '../../../shared/detection';
import { PROVIDERS } from '../../../shared/providers/registry';
import type { OperationDefinition } from '../types';

export const watchUsers: OperationDefinition = {
	resource: 'directory',
	value: 'watch',
	name: 'Watch for Changes',
	action: 'Watch {provider} users for changes',
	description:
		'Return the users created, suspended, reactivated, deleted or updated, and the group changes, since the last run (for a Schedule Trigger)',
	properties: () => detectionProperties(PROVIDERS),
	runsOncePerExecution: true,
	async execute(context, itemIndex) {
		const settings = readDetectionSettings(
			this.getNode(),
			context.provider,
			this.getNodeParameter('events', itemIndex),
			this.getNodeParameter('options', itemIndex, {}) as IDataObject,
			this.getNodeParameter('filters', itemIndex, {}) as IDataObject,
		);
		// n8n never saves static data of manual runs: preview what the next production run would
		// report, or show a sample when production has not run yet.
		const manual = this.getMode() === 'manual';
		const items =
			manual && !hasSavedState(this)
				? await sampleEvents(this, context.provider, settings)
				: await detectChanges(this, context.provider, settings, { save: !manual });
		return items;
	},
};
