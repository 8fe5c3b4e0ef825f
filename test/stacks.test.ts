/* eslint-disable @typescript-eslint/no-require-imports -- see below: a topic registers inside its describe */
/**
 * The POC's templates, one topic per file of test/ named *.cases.ts: what each stack, construct and
 * control deploys, read from the global setup's assemblies.
 *
 * One jest file for all of them: jest loads every module again for each test file, and these
 * topics load the same ones (aws-cdk-lib's assertions, the cloud assembly reader, the kit's
 * readers). Each topic is required inside its own describe, so its hooks stay its own (an import
 * would run first, at this file's top level, around every topic's tests). One topic alone:
 * `npx jest test/stacks.test.ts -t <topic>`.
 */
describe('app-stack', () => {
  require('./app-stack.cases');
});

describe('backup-and-dr', () => {
  require('./backup-and-dr.cases');
});

describe('config-samples', () => {
  require('./config-samples.cases');
});

describe('data-stack', () => {
  require('./data-stack.cases');
});

describe('database-users-stack', () => {
  require('./database-users-stack.cases');
});

describe('detective-controls', () => {
  require('./detective-controls.cases');
});

describe('edge-and-operations', () => {
  require('./edge-and-operations.cases');
});

describe('imds-guard', () => {
  require('./imds-guard.cases');
});

describe('monitoring', () => {
  require('./monitoring.cases');
});

describe('network-stack', () => {
  require('./network-stack.cases');
});

describe('patching', () => {
  require('./patching.cases');
});

describe('pinned-regions', () => {
  require('./pinned-regions.cases');
});

describe('posture', () => {
  require('./posture.cases');
});

describe('resilience', () => {
  require('./resilience.cases');
});

describe('security-headers', () => {
  require('./security-headers.cases');
});

describe('session-logging', () => {
  require('./session-logging.cases');
});

describe('vpc-origin', () => {
  require('./vpc-origin.cases');
});

describe('web-tier', () => {
  require('./web-tier.cases');
});
