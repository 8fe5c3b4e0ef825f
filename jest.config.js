/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
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
