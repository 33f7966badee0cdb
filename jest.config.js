/** Jest runs the black-box suites in test/ over real HTTP (see test/harness). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The emulator package from its sources (as tsconfig.json's paths does), also where tests import the folder
  // (`../../emulator`): never a possibly stale emulator/dist, which its package.json points to.
  moduleNameMapper: {
    '^@ory-graphql/emulator$': '<rootDir>/emulator/index.ts',
    '^(?:\\.\\./)+emulator$': '<rootDir>/emulator/index.ts',
  },
  transform: {
    // Type checking is `npm run typecheck`'s job; with `isolatedModules` in tsconfig.json ts-jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  testTimeout: 20000,
};
