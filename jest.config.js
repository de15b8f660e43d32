/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	globalSetup: '<rootDir>/test/harness/globalSetup.js',
	reporters: ['default', '<rootDir>/test/harness/summaryReporter.js'],
	testTimeout: 60000,
	// n8n-core leaves process-wide handles (its DI singletons) open after the last test.
	forceExit: true,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
