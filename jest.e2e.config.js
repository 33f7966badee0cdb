/**
 * Jest for the end-to-end tests (test/e2e/*.e2e.ts): the demo page in Debian's Chromium against the facade, as
 * `npm run test:e2e` runs them (against the emulator, then real Kratos through test/kratos/run.ts).
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  // The emulator package from its sources (as tsconfig.json's paths does), the same module the tests import.
  moduleNameMapper: { '^@ory-graphql/emulator$': '<rootDir>/emulator/index.ts' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  // One file at a time: each serves the page on the test UI origin's port (4455, see test/e2e/harness).
  maxWorkers: 1,
  testTimeout: 90000,
};
