import { kandjiUserDevices, simplifyKandjiDevice } from '../../../shared/providers/kandji';
import { simplifyProperty } from '../common.descriptions';
import type { OperationDefinition } from '../types';
import { kandjiUserIdProperty, kandjiUserOfItem } from './kandjiSupport';

export const getUserDevices: OperationDefinition = {
	resource: 'user',
	value: 'getDevices',
	name: 'Get Devices',
	action: 'Get a user\'s {provider} devices',
	description: 'List the Macs, iPhones and iPads assigned to a user, e.g. to know what to collect when someone leaves',
	providers: ['kandji'],
	properties: [
		kandjiUserIdProperty(
			"The Kandji user, or their Kandji ID (a UUID) as returned by Get Many or the trigger (the `id` field).",
		),
		{
			...simplifyProperty,
			description:
				'Whether to return a short camelCase summary of each device instead of the full record exactly as Kandji sent it',
		},
	],
	async execute(context, itemIndex) {
		const user = await kandjiUserOfItem.call(this, context, itemIndex);
		const devices = await kandjiUserDevices(await context.transport(), user);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return simplify ? devices.map(simplifyKandjiDevice) : devices;
	},
};
