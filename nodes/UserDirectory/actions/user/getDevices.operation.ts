import { needed } from '../capabilities';
import { simplifyProperty } from '../common.descriptions';
import type { OperationDefinition } from '../types';
import { userIdProperty, userOfItem } from '../parameters';

export const getUserDevices: OperationDefinition = {
	resource: 'user',
	value: 'getDevices',
	name: 'Get Devices',
	action: 'Get a user\'s {provider} devices',
	description: 'List the Macs, iPhones and iPads assigned to a user, e.g. to know what to collect when someone leaves',
	offeredBy: (provider) => provider.devices !== undefined,
	properties: (provider) => [
		userIdProperty(provider),
		{
			...simplifyProperty,
			description:
				'Whether to return a short camelCase summary of each device instead of the full record exactly as the directory sent it',
		},
	],
	async execute(context, itemIndex) {
		const devices = needed(context.provider.devices, context.provider, 'list devices');
		const user = await userOfItem.call(this, context, itemIndex);
		const found = await devices.list(await context.transport(), user);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return simplify ? found.map((device) => devices.simplify(device)) : found;
	},
};
