import { parseJsonBytes } from '../../../../nodes/shared/transport/json';

/** Padding that pushes a body over the size at which it is split into pieces. */
const PAD = 'x'.repeat(200 * 1024);

function outcome(action: () => unknown): { value?: string; error?: string } {
	try {
		return { value: JSON.stringify(action()) };
	} catch (error) {
		return { error: (error as Error).name };
	}
}

/** Same value (or same kind of failure) as JSON.parse of the whole text, small and large. */
function expectLikeJsonParse(text: string): void {
	for (const body of [text, text.replace(/^(\s*[[{])/, `$1"pad":"${PAD}",`)]) {
		const expected = outcome(() => JSON.parse(body) as unknown);
		expect(outcome(() => parseJsonBytes(Buffer.from(body)))).toEqual(expected);
	}
}

describe('parseJsonBytes: JSON from response bytes, split into pieces when large', () => {
	const users = Array.from({ length: 1200 }, (_, index) => ({
		id: String(1099511627777 + index),
		userName: `user${index}@acme-corp.example`,
		name: { givenName: index % 7 ? 'Ana' : 'Zoë', familyName: 'Müller "quoted" \\ back\\slash \u2028 😀' },
		emails: [{ value: `user${index}@acme-corp.example`, primary: true }],
		active: index % 3 !== 0,
		groups: [],
		meta: { created: null, weight: -1.5e-3 },
	}));

	it('reads a large SCIM page exactly as JSON.parse does', () => {
		const page = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1200, startIndex: 1, itemsPerPage: 1200, Resources: users }, null, 2);
		expect(page.length).toBeGreaterThan(200 * 1024);
		expect(parseJsonBytes(Buffer.from(page))).toEqual(JSON.parse(page));
		// Compact, with a byte-order mark, and as a bare array.
		expect(parseJsonBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(users))]))).toEqual(users);
	});

	it.each([
		['an empty object and array', '{"a":{},"b":[],"c":[[]]}'],
		['scalars of every kind', '{"s":"t","n":-0.5e10,"t":true,"f":false,"z":null,"list":[1,"2",null,true,{"k":[3]}]}'],
		['whitespace everywhere', ' \n{ "a" : [ 1 , 2 ] ,\t"b" : { "c" : "d" } } \r\n'],
		['escaped quotes and backslashes before quotes', '{"a":"\\\\","b":"\\"","c":["\\\\\\"",  "x\\\\"]}'],
		['a "__proto__" key stays an own property', '{"__proto__":{"polluted":true},"a":[{"__proto__":1}]}'],
		['repeated keys: the last wins', '{"a":1,"a":[2],"b":[1],"b":3}'],
		['brackets inside strings', '{"a":"]}{[","b":["[", "]", "{}"]}'],
		['deep nesting', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`],
		['a trailing comma (invalid)', '{"a":[1,2,],"b":1}'],
		['a missing comma (invalid)', '{"a":[1 2]}'],
		['a leading zero (invalid)', '{"a":[01]}'],
		['an unterminated string (invalid)', '{"a":["abc]}'],
		['text after the value (invalid)', '{"a":1} {"b":2}'],
		['a single quote (invalid)', "{'a':1}"],
		['an empty key and value', '{"":""}'],
		['a leading comma (invalid)', '{"a":[,1]}'],
		['two commas in a row (invalid)', '{"a":[1,,2]}'],
		['a lone comma (invalid)', '{"a":[,]}'],
		['a closing brace in an array (invalid)', '{"a":[1}]}'],
		['a raw line break in a string (invalid)', '{"a":["x\ny"]}'],
		['scalars side by side (invalid)', '{"a":["x" "y"]}'],
	])('%s: as JSON.parse, small and large', (_name, text) => {
		expectLikeJsonParse(text);
	});

	it('reads arrays whose elements are parsed in several groups, scalars and nested arrays alike', () => {
		const scalars = Array.from({ length: 40_000 }, (_, index) => (index % 5 === 0 ? `s${index}` : index % 5 === 1 ? null : index * 1.5));
		const nested = Array.from({ length: 3_000 }, (_, index) => [index, [`${index}]`, { a: '[' }], []]);
		for (const value of [scalars, nested, { scalars, nested }]) {
			const text = JSON.stringify(value, null, value === nested ? 1 : undefined);
			// Above the split size, and two or more groups of 64 KB.
			expect(text.length).toBeGreaterThan(128 * 1024);
			expect(parseJsonBytes(Buffer.from(text))).toEqual(value);
		}
	});

	it('throws a SyntaxError for a body that is not JSON, as JSON.parse does', () => {
		expect(() => parseJsonBytes(Buffer.from(`<html>${PAD}</html>`))).toThrow(SyntaxError);
		expect(() => parseJsonBytes(Buffer.from(''))).toThrow(SyntaxError);
	});
});
