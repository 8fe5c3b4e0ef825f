/**
 * `npm test`: everything that needs only Node.js (config, constructs, stacks, compliance,
 * analysis, docs, cost, demo with mocked AWS calls). Each config is synthesized once per run by
 * the global setup; test files read its assemblies. Tests that run real servers or a browser are
 * `npm run test:integration` (jest.integration.config.js).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  transform: {
    // Type-checking is `npm run typecheck`'s job; transpiling alone keeps the suite fast.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  snapshotSerializers: ['<rootDir>/test/snapshot-serializer.js'],
  testTimeout: 120000,
  // Synthesis is CPU-bound: use both cores of the CI machine (jest's default leaves one idle).
  maxWorkers: 2,
};
