/**
 * Keeper's data centers. `code` is the prefix of a Secrets Manager one-time token (`US:…`) and, in
 * lower case, the Region value of the SCIM credential. IL5 serves Secrets Manager; Keeper documents
 * SCIM for the others only, so the SCIM credential does not offer it.
 */
const KEEPER_DATA_CENTERS = [
	{ code: 'US', name: 'US', host: 'keepersecurity.com', scim: true },
	{ code: 'EU', name: 'EU', host: 'keepersecurity.eu', scim: true },
	{ code: 'AU', name: 'Australia', host: 'keepersecurity.com.au', scim: true },
	{ code: 'CA', name: 'Canada', host: 'keepersecurity.ca', scim: true },
	{ code: 'JP', name: 'Japan', host: 'keepersecurity.jp', scim: true },
	{ code: 'GOV', name: 'US GovCloud', host: 'govcloud.keepersecurity.us', scim: true },
	{ code: 'IL5', name: 'US IL5', host: 'il5.keepersecurity.us', scim: false },
] as const;

/** The host of a Keeper region code, in either case; undefined for an unknown code. */
export function keeperRegionHost(code: string): string | undefined {
	return KEEPER_DATA_CENTERS.find((center) => center.code === code.toUpperCase())?.host;
}

/** The SCIM credential's Region options: the data centers with SCIM, as `us`, `eu`, … */
export const KEEPER_SCIM_REGIONS = KEEPER_DATA_CENTERS.filter((center) => center.scim).map((center) => ({
	name: `${center.name} (${center.host})`,
	value: center.code.toLowerCase(),
}));
