import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UserFacingError } from '../../../shared/helpers/errors';
import type { LockOutcome } from '../../../shared/providers/types';
import { needed } from '../capabilities';
import type { OperationDefinition } from '../types';
import { filledFields, userIdProperty, userOfItem } from '../parameters';

function count(outcomes: LockOutcome[], status: LockOutcome['status']): number {
	return outcomes.filter((outcome) => outcome.status === status).length;
}

export const lockUserDevices: OperationDefinition = {
	resource: 'user',
	value: 'lockDevices',
	name: 'Lock Devices',
	action: 'Lock a user\'s {provider} devices',
	description:
		'DESTRUCTIVE: immediately locks every Mac, iPhone and iPad assigned to the user, who can no longer use them until they are unlocked. Runs only with Confirm Locking on. Use it only when locking this person\'s devices was explicitly requested, e.g. when offboarding.',
	offeredBy: (provider) => provider.devices !== undefined,
	properties: (provider) => [
		userIdProperty(provider),
		{
			displayName: 'Confirm Locking',
			name: 'confirmLock',
			type: 'boolean',
			default: false,
			description:
				'Whether you confirm that every device of this user is locked right away. Locking is destructive for the person holding the device; the operation fails without this confirmation.',
		},
		{
			displayName: 'Options',
			name: 'lockOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Lock Screen Message',
					name: 'message',
					type: 'string',
					default: '',
					placeholder: 'This Mac was locked by IT. Please return it.',
					description: 'Text shown on the locked screen (Macs)',
				},
				{
					displayName: 'Phone Number',
					name: 'phoneNumber',
					type: 'string',
					default: '',
					placeholder: '+1 555 0100',
					description: 'Number shown on the locked screen for the holder to call (Macs)',
				},
			],
		},
	],
	async execute(context, itemIndex) {
		if (this.getNodeParameter('confirmLock', itemIndex) !== true) {
			throw new NodeOperationError(this.getNode(), 'Locking devices was not confirmed', {
				description:
					'Lock Devices locks every device of the user at once. Turn on "Confirm Locking" in this node to run it; nothing was locked.',
				itemIndex,
			});
		}
		const capability = needed(context.provider.devices, context.provider, 'lock devices');
		const raw = await userOfItem.call(this, context, itemIndex);
		const user = context.provider.users.normalise(raw);
		const transport = await context.transport();
		const devices = await capability.list(transport, raw);
		const options = filledFields.call(this, 'lockOptions', itemIndex, ['message', 'phoneNumber'] as const);
		const outcomes: LockOutcome[] = [];
		// One at a time: a user holds a few devices, and each failure must not hide the others.
		for (const device of devices) outcomes.push(await capability.lock(transport, device, options));

		const failed = outcomes.filter((outcome) => outcome.status === 'failed');
		if (devices.length > 0 && failed.length === devices.length) {
			const whose = user.email ?? user.id;
			throw new UserFacingError(
				`${devices.length === 1 ? `The device of ${whose} could not be locked` : `None of the ${devices.length} devices of ${whose} could be locked`}: ${String(failed[0].reason)}`,
				failed
					.map((outcome) => `${String(outcome.deviceName)} (${String(outcome.serialNumber)}): ${String(outcome.reason)} ${String(outcome.hint ?? '')}`.trim())
					.join(' | '),
			);
		}
		const result: IDataObject = {
			userId: user.id,
			userEmail: user.email,
			userName: user.displayName,
			devicesLocked: count(outcomes, 'locked'),
			devicesAlreadyLocked: count(outcomes, 'alreadyLocked'),
			devicesFailed: failed.length,
			devices: outcomes,
		};
		return [result];
	},
};
