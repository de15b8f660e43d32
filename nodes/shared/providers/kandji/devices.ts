import type { IDataObject } from 'n8n-workflow';

import { describeBody, MAX_DIRECTORY_SIZE } from '../../helpers/answer';
import { isObject } from '../../helpers/values';
import { errorBodyText } from '../../helpers/errorBody';
import { UserFacingError } from '../../helpers/errors';
import { resourcePath } from '../../helpers/values';
import type { Transport } from '../../transport/types';
import type { LockOptions, LockOutcome } from '../types';
import { KANDJI_DEVICE_ID } from './ids';

/** Kandji's hard upper limit of devices per request. */
const DEVICE_PAGE_SIZE = 300;

/**
 * Pages of `GET /devices` (a bare JSON array) by limit/offset, until an empty page as Kandji
 * documents. The offset moves by what arrived, so a server returning fewer than asked loses nothing.
 */
async function* devicePages(transport: Transport, qs: IDataObject): AsyncGenerator<IDataObject[]> {
	const seen = new Set<string>();
	for (let offset = 0; ; ) {
		const { body } = await transport.request<unknown>({
			path: '/devices',
			qs: { ...qs, limit: DEVICE_PAGE_SIZE, offset },
		});
		if (!Array.isArray(body)) return transport.unexpected({ method: 'GET', path: '/devices', body }, 'a list of devices');
		if (body.length === 0) return;
		const bad = body.findIndex((device) => !isObject(device) || !textOrNull(device.device_id));
		if (bad >= 0) {
			throw new UserFacingError(
				`Kandji sent a malformed device list: entry ${bad + 1} is ${describeBody(body[bad])}, not a device with an ID`,
				'This is the server misbehaving; nothing was done with the list. Check that the credential points at the Kandji API and not at a proxy.',
			);
		}
		const devices = body as IDataObject[];
		// A server that ignored the offset would hand out the same page forever.
		if (devices.some((device) => seen.has(String(device.device_id)))) {
			throw new UserFacingError(
				'Kandji listed the same device on two pages',
				'The device list changed while it was read, or the server ignores paging. Run again.',
			);
		}
		for (const device of devices) seen.add(String(device.device_id));
		if (seen.size > MAX_DIRECTORY_SIZE) {
			throw new UserFacingError(`Kandji listed more than ${MAX_DIRECTORY_SIZE} devices`, 'The server ignores paging. Nothing was done with the list.');
		}
		yield devices;
		offset += devices.length;
	}
}

/** The assigned user of a device: an object when assigned, the empty string when not. */
function assignee(device: IDataObject): IDataObject | null {
	return typeof device.user === 'object' && device.user !== null ? (device.user as IDataObject) : null;
}

/**
 * Whether a device is assigned to this user. Devices may name the user by its UUID or by the
 * older numeric ID (`deprecated_user_id` on the user), so email counts as well.
 */
function isAssignedTo(device: IDataObject, user: IDataObject): boolean {
	const owner = assignee(device);
	if (!owner) return false;
	// Empty or absent values never match: two blank emails are not the same person.
	const same = (a: unknown, b: unknown) => {
		const left = textOrNull(a)?.toLowerCase();
		return left !== undefined && left === textOrNull(b)?.toLowerCase();
	};
	return same(owner.id, user.id) || same(owner.id, user.deprecated_user_id) || same(owner.email, user.email);
}

function deviceLabel(device: IDataObject): string {
	return `${String(device.device_name ?? device.device_id)} (${String(device.serial_number ?? 'no serial number')})`;
}

/**
 * The devices assigned to a Kandji user (the raw user record), found with `user_id`. Every device
 * returned is checked to be the user's: if Kandji ever ignored the filter, acting on the list
 * could lock other people's devices, so such an answer is refused as a whole.
 */
export async function kandjiUserDevices(transport: Transport, user: IDataObject): Promise<IDataObject[]> {
	const devices: IDataObject[] = [];
	for await (const page of devicePages(transport, { user_id: String(user.id) })) devices.push(...page);
	const foreign = devices.filter((device) => !isAssignedTo(device, user));
	if (foreign.length) {
		throw new UserFacingError(
			`Kandji listed ${foreign.length} device${foreign.length === 1 ? '' : 's'} for this user that ${foreign.length === 1 ? 'is' : 'are'} not assigned to them: ${foreign.slice(0, 5).map(deviceLabel).join(', ')}`,
			'Nothing was done with the list. Kandji may have ignored the user filter; check the devices in Kandji and try again later.',
		);
	}
	return devices;
}

function textOrNull(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

function deviceIdentity(device: IDataObject): IDataObject {
	return {
		deviceId: textOrNull(device.device_id),
		deviceName: textOrNull(device.device_name),
		serialNumber: textOrNull(device.serial_number),
		platform: textOrNull(device.platform),
	};
}

/** A device in camelCase with the fields offboarding needs; the assigned user is null when none. */
export function simplifyKandjiDevice(device: IDataObject): IDataObject {
	const owner = assignee(device);
	return {
		...deviceIdentity(device),
		model: textOrNull(device.model),
		osVersion: textOrNull(device.os_version),
		assetTag: textOrNull(device.asset_tag),
		blueprintName: textOrNull(device.blueprint_name),
		lastCheckIn: textOrNull(device.last_check_in),
		mdmEnabled: device.mdm_enabled === true,
		isMissing: device.is_missing === true,
		user: owner ? { id: textOrNull(owner.id), email: textOrNull(owner.email), name: textOrNull(owner.name) } : null,
	};
}

/**
 * The PIN of Kandji's lock answer: `{"PIN": "123456"}` for a Mac; iPhones and iPads lock with
 * their own passcode, so their answer carries none (null). Undefined when the body is not that
 * answer — a proxy's page or a foreign shape must not count as a lock.
 */
function lockPin(device: IDataObject, body: unknown): string | null | undefined {
	if (device.platform === 'Mac') {
		const pin = isObject(body) ? textOrNull(body.PIN) : null;
		return pin !== null && /^\d{4,8}$/.test(pin) ? pin : undefined;
	}
	const empty = body === undefined || body === null || body === '' || (isObject(body) && Object.keys(body).every((key) => key === 'PIN'));
	return empty ? null : undefined;
}

/**
 * Locks one device. The unlock PIN is returned only in `pin`; an already-locked device is an
 * outcome, not an error; any other failure is returned with its reason so that the other
 * devices of the user are still locked and reported.
 */
export async function lockKandjiDevice(
	transport: Transport,
	device: IDataObject,
	options: LockOptions,
): Promise<LockOutcome> {
	const identity = deviceIdentity(device);
	const body: IDataObject = {};
	if (options.message) body.Message = options.message;
	if (options.phoneNumber) body.PhoneNumber = options.phoneNumber;
	try {
		// Inside the try: a device ID of the wrong shape fails this device only.
		const path = resourcePath('/devices', device.device_id, KANDJI_DEVICE_ID, '/action/lock');
		const response = await transport.request<unknown>({
			method: 'POST',
			path,
			body: Object.keys(body).length ? body : undefined,
			acceptStatus: [400],
		});
		if (response.status === 400) {
			const detail = errorBodyText(response.body) ?? '';
			if (/already locked/i.test(detail)) {
				return {
					...identity,
					status: 'alreadyLocked',
					locked: true,
					reason: 'The device was already locked, so Kandji issued no new PIN. The PIN of the earlier lock is on the device page in Kandji.',
				};
			}
			// Through the transport, so the reason is explained and redacted like any other failure.
			transport.fail({ status: 400, body: response.body, method: 'POST', path });
		}
		const pin = lockPin(device, response.body);
		if (pin === undefined) transport.unexpected({ method: 'POST', path, body: response.body }, "Kandji's lock answer");
		return { ...identity, status: 'locked', locked: true, pin };
	} catch (error) {
		return {
			...identity,
			status: 'failed',
			locked: false,
			reason: error instanceof Error ? error.message : String(error),
			hint: (error as { description?: string }).description ?? null,
		};
	}
}
