import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';

const { recommended } = n8nCommunityNodesPlugin.configs;

// n8n's community-node rules (the ones n8n's verification applies) on the shipped code and manifest.
export default [
	{
		...recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { project: './tsconfig.json' } },
	},
	{
		...recommended,
		files: ['package.json'],
		// The TypeScript parser reads JSON as one object expression, which the manifest rules walk.
		languageOptions: { parser: tsParser },
	},
];
