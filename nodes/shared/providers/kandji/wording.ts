import type { ProviderWording } from '../types';

/** The User Directory's texts in Kandji's words. */
export const kandjiWording: ProviderWording = {
	pickers: {
		user: {
			description: 'The Kandji user, or their Kandji ID (a UUID) as returned by Get Many or the trigger (the `id` field).',
			placeholder: '69c009ca-1f78-4bdf-bb93-08d6d39041db',
		},
	},
	operations: {
		'user.delete': {
			description:
				"Delete a user from Kandji. Kandji refuses while devices are still assigned to the user. A user who still exists in the directory integration's source (Google Workspace, Entra ID, Okta…) comes back at its next sync.",
			parameters: {
				userId: {
					description: 'The Kandji user to delete, or their Kandji ID (a UUID) as returned by Get Many or the trigger.',
				},
			},
		},
		'user.getDevices': {
			parameters: {
				simplify: {
					description:
						'Whether to return a short camelCase summary of each device instead of the full record exactly as Kandji sent it',
				},
			},
		},
		'user.lockDevices': {
			parameters: {
				userId: {
					description:
						'The Kandji user whose devices are locked, or their Kandji ID (a UUID) as returned by Get Many or the trigger. Double-check it: every device assigned to this user is locked.',
				},
			},
		},
	},
};
