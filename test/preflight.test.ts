/* eslint-disable @typescript-eslint/no-require-imports -- see below: a topic registers inside its describe */
/**
 * The preflight's tests, one topic per file of test/preflight/ (demand.test.ts, which reads an
 * assembly, runs on its own).
 *
 * One jest file for all of them: jest loads every module again for each test file, and each topic
 * loads the same eleven AWS SDK clients (about half a CPU-second per file). Each topic is required
 * inside its own describe, so its hooks and mocked clients stay its own (fixtures.ts, useAws; an
 * import would run first, at this file's top level, around every topic's tests). One topic alone:
 * `npx jest test/preflight.test.ts -t <topic>`.
 */
describe('account-baseline', () => {
  require('./preflight/account-baseline.cases');
});

describe('bootstrap', () => {
  require('./preflight/bootstrap.cases');
});

describe('cli', () => {
  require('./preflight/cli.cases');
});

describe('command', () => {
  require('./preflight/command.cases');
});

describe('database', () => {
  require('./preflight/database.cases');
});

describe('policy', () => {
  require('./preflight/policy.cases');
});

describe('quotas', () => {
  require('./preflight/quotas.cases');
});

describe('regions', () => {
  require('./preflight/regions.cases');
});

describe('vpc-origin', () => {
  require('./preflight/vpc-origin.cases');
});

describe('zones', () => {
  require('./preflight/zones.cases');
});
