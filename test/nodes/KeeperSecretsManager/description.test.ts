import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { packageUnderTest } from '../../../dev/harness/engine';
import { KEEPER_SECRETS_MANAGER } from '../../../dev/harness/workflows';

const { description } = packageUnderTest().nodeTypes[KEEPER_SECRETS_MANAGER];
const selectors = (name: string) => description.properties.filter((property) => property.name === name);
const optionsOf = (property: INodeProperties) => (property.options ?? []) as INodePropertyOptions[];

/** Every description text of the node's parameters, options and operations, with where it is. */
function texts(properties: INodeProperties[], path = ''): Array<[string, string]> {
	return properties.flatMap((property) => {
		const here = `${path}${property.name}`;
		const own: Array<[string, string]> = property.description ? [[here, property.description]] : [];
		const nested = (property.options ?? []).flatMap((option) => {
			if ('displayName' in option && 'type' in option) return texts([option as INodeProperties], `${here}.`);
			if ('values' in option) return texts(option.values as INodeProperties[], `${here}.${option.name}.`);
			const { description: text, name } = option as INodePropertyOptions;
			return text ? [[`${here}.${name}`, text] as [string, string]] : [];
		});
		return [...own, ...nested];
	});
}

describe('Keeper Secrets Manager node description', () => {
	it('lists resources and the operations of each in alphabetical order, with n8n-style actions', () => {
		const [resource] = selectors('resource');
		const names = optionsOf(resource).map((option) => option.name);
		expect(names).toEqual(['File', 'Password', 'Secret']);
		expect(resource.default).toBe('secret');
		for (const operation of selectors('operation')) {
			const options = optionsOf(operation);
			const labels = options.map((option) => option.name);
			expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
			for (const option of options) expect(option.action).toMatch(/^[A-Z][a-z]+ (a|an|many) [^.]+$/);
		}
	});

	it('writes descriptions as n8n does: a final period only after several sentences, no raw angle brackets in new texts', () => {
		const newOperations = new Set(['delete', 'getTotp', 'download', 'upload', 'generate']);
		for (const [where, text] of texts(description.properties)) {
			const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z])/).length;
			expect({ where, endsWithPeriod: text.endsWith('.') }).toEqual({ where, endsWithPeriod: sentences > 1 });
			if ([...newOperations].some((operation) => where.includes(operation))) expect({ where, text }).not.toEqual({ where, text: expect.stringMatching(/[<>]/) });
		}
	});

	it('asks for the credential everywhere but Password, which needs no vault', () => {
		const [credential] = description.credentials ?? [];
		expect(credential).toMatchObject({ name: 'keeperSecretsManagerApi', required: true, displayOptions: { hide: { resource: ['password'] } } });
	});
});
