/* eslint-disable @typescript-eslint/no-require-imports -- see below: a topic registers inside its describe */
/**
 * The cost estimate and the price table, one topic per file of test/cost/.
 *
 * One jest file for all of them: jest loads every module again for each test file, and these
 * topics load the same ones (aws-cdk-lib's assertions, the cloud assembly reader, the kit's
 * readers). Each topic is required inside its own describe, so its hooks stay its own (an import
 * would run first, at this file's top level, around every topic's tests). One topic alone:
 * `npx jest test/cost.test.ts -t <topic>`.
 */
describe('cli', () => {
  require('./cost/cli.cases');
});

describe('document', () => {
  require('./cost/document.cases');
});

describe('estimate', () => {
  require('./cost/estimate.cases');
});

describe('poc-assembly', () => {
  require('./cost/poc-assembly.cases');
});

describe('price-list', () => {
  require('./cost/price-list.cases');
});

describe('price-table', () => {
  require('./cost/price-table.cases');
});

describe('prices-cli', () => {
  require('./cost/prices-cli.cases');
});

describe('unpriced-region-docs', () => {
  require('./cost/unpriced-region-docs.cases');
});
