const { join } = require('node:path');

// .ci/compat points the whole suite at another n8n line: a folder whose node_modules holds that
// line's n8n-core and n8n-workflow. Every import of either (ours, n8n-core's, n8n-nodes-base's)
// resolves there, so one n8n-workflow instance is shared as in n8n itself.
const n8nModules = process.env.N8N_COMPAT_MODULES;

/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	globalSetup: '<rootDir>/test/jest/globalSetup.js',
	resolver: '<rootDir>/test/jest/resolver.js',
	setupFilesAfterEnv: ['<rootDir>/test/jest/virtualClock.ts', '<rootDir>/test/jest/n8nTeardown.ts'],
	reporters: ['default', '<rootDir>/test/jest/summaryReporter.js'],
	testTimeout: 60000,
	moduleNameMapper: n8nModules
		? { '^(n8n-core|n8n-workflow)(/.*)?$': join(n8nModules, '$1$2') }
		: {},
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
