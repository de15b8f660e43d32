/**
 * Keeper's data centers by region code: the prefixes of Secrets Manager one-time tokens (`US:…`)
 * and, in lower case, the Region values of the SCIM credential. IL5 serves Secrets Manager; the
 * SCIM credential offers the regions Keeper documents SCIM for.
 */
const KEEPER_REGION_HOSTS: Readonly<Record<string, string>> = Object.freeze({
	US: 'keepersecurity.com',
	EU: 'keepersecurity.eu',
	AU: 'keepersecurity.com.au',
	CA: 'keepersecurity.ca',
	JP: 'keepersecurity.jp',
	GOV: 'govcloud.keepersecurity.us',
	IL5: 'il5.keepersecurity.us',
});

/** The host of a Keeper region code, in either case; undefined for an unknown code. */
export function keeperRegionHost(code: string): string | undefined {
	return Object.prototype.hasOwnProperty.call(KEEPER_REGION_HOSTS, code.toUpperCase())
		? KEEPER_REGION_HOSTS[code.toUpperCase()]
		: undefined;
}

/** The region codes, as the SCIM credential spells them. */
export const KEEPER_REGIONS: readonly string[] = Object.keys(KEEPER_REGION_HOSTS).map((code) => code.toLowerCase());
