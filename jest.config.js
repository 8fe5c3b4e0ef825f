/**
 * Type-checking is `npm run typecheck`'s job: swc only strips the types, file by file, which is
 * what keeps a run on a fresh clone (nothing cached yet) fast. Imports are lazy: jest loads every
 * module again for each test file, and a module a file never calls into (the config schema, the
 * constructs behind a helper it does not use) is then never loaded.
 */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs', lazy: true } },
  ],
};

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
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testSequencer: '<rootDir>/test/sequencer.js',
  transform,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  snapshotSerializers: ['<rootDir>/test/snapshot-serializer.js'],
  testTimeout: 120000,
  // Synthesis is CPU-bound: use both cores of the CI machine (jest's default leaves one idle).
  maxWorkers: 2,
};
