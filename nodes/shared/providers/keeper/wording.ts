import type { ProviderWording } from '../types';

/** The User Directory's texts in Keeper's words: teams for groups, locking for suspending. */
export const keeperWording: ProviderWording = {
	pickers: {
		user: {
			description: 'The Keeper user, or their Keeper ID (a number) as returned by Get Many, Create or the trigger (the `id` field).',
			placeholder: '1099511627777',
		},
		group: {
			description: 'The team, or its Team UID as returned by Get Many on groups or Create (the `id` field).',
			placeholder: 'Vq2SlXlhuEWBRBAqEFGo7w',
		},
	},
	resources: { group: 'A group of users (in Keeper: a team)' },
	events: { userSuspended: 'in Keeper: locked', userReactivated: 'in Keeper: unlocked' },
	operations: {
		'user.create': {
			description:
				'Create a user in the Keeper SCIM node and optionally add them to teams. The new user is invited to Keeper and takes a license seat.',
			parameters: {
				email: { description: 'The email address the user signs in with; it also becomes their Keeper user name' },
				displayName: { description: 'Name shown in Keeper. Defaults to the first and last name.' },
				teamIds: {
					displayName: 'Team IDs',
					placeholder: 'e.g. Vq2SlXlhuEWBRBAqEFGo7w, 3t8sHgT8A5mH2jvVZtq0Jg',
					description:
						'Team UIDs to add the user to, separated by commas (find them with Get Many on groups). Every team is checked before the user is created.',
				},
			},
		},
		'user.update': {
			description: 'Change the name, email or external ID of a Keeper user. Only the fields you add are changed.',
			parameters: {
				email: {
					description:
						'The new email address. It also becomes the user name, since Keeper users sign in with their email (unless User Name is set too).',
				},
				userName: { description: 'The SCIM user name, only when it must differ from the email (rare in Keeper)' },
			},
		},
		'user.suspend': {
			description:
				'Lock a Keeper user so they can no longer sign in; their vault is kept. Already locked users are left as they are (the output has alreadySuspended: true).',
		},
		'user.unsuspend': {
			description:
				'Unlock a locked Keeper user so they can sign in again. Users that are not locked are left as they are (the output has alreadyActive: true).',
		},
		'user.addToGroup': {
			description:
				'Add a Keeper user to a team. A user who is already a member is left as they are (the output has alreadyMember: true).',
		},
		'user.removeFromGroup': {
			description:
				'Remove a Keeper user from a team; the user stays in Keeper. A user who is not a member is left as they are (the output has wasMember: false).',
		},
		'user.delete': {
			action: 'Delete a {provider} user permanently',
			description:
				'Permanently delete a Keeper user; the records in their vault can be lost with them. This cannot be undone. To offboard someone, use Suspend instead: it locks the account and keeps the vault. Only delete when deletion is explicitly requested.',
			parameters: {
				userId: {
					description:
						'The Keeper user to delete permanently, or their Keeper ID as returned by Get Many or the trigger. Double-check it: the deletion cannot be undone.',
				},
			},
		},
		'group.get': { description: 'Get one group (a Keeper team) by ID' },
		'group.getAll': { description: 'List groups (Keeper teams), optionally filtered by name' },
		'group.create': {
			description: 'Create a Keeper team in the SCIM node',
			parameters: {
				name: {
					description:
						'Name of the new team. If your SCIM method has a role prefix, a name starting with it creates a Keeper role instead of a team.',
				},
			},
		},
		'group.update': {
			description: 'Rename a Keeper team or change its external ID. Only the fields you add are changed.',
			parameters: { name: { description: 'The new name of the team' } },
		},
		'group.delete': {
			action: 'Delete a {provider} group permanently',
			description:
				'Permanently delete a Keeper team. Its members stay in Keeper but lose the shared folders and records the team gave them. This cannot be undone; only delete when deletion is explicitly requested.',
			parameters: {
				groupId: {
					description:
						'The team to delete permanently, or its Team UID as returned by Get Many on groups. Double-check it: the deletion cannot be undone.',
				},
			},
		},
	},
};
