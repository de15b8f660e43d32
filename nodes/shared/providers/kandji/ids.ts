import type { IdRule } from '../../helpers/values';

/** Kandji's user, device and integration IDs are UUIDs. */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const KANDJI_USER_ID: IdRule = {
	label: 'Kandji user ID',
	pattern: UUID,
	hint: 'Kandji user IDs are UUIDs such as 69c009ca-1f78-4bdf-bb93-08d6d39041db: map the `id` field of Get Many or of the trigger. To find a user by email, use Get Many with the Email filter.',
};

/** Device IDs come from Kandji's own device list; one of another shape is not acted on. */
export const KANDJI_DEVICE_ID: IdRule = {
	label: 'Kandji device ID',
	pattern: UUID,
	hint: 'Kandji listed a device whose ID is not a UUID, so it was left alone. Check the device in Kandji.',
};
