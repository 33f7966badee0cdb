/**
 * The emulator package's own tests (`npm test -w @ory-graphql/emulator`). They live in the repository's
 * test/emulator/ beside the Kratos reference data they compare against, so the root suite runs them too.
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/emulator'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is the root `npm run typecheck`'s job; ts-jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  testTimeout: 20000,
};
