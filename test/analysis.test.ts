/* eslint-disable @typescript-eslint/no-require-imports -- see below: a topic registers inside its describe */
/**
 * The segmentation analysis, one topic per file of test/analysis/.
 *
 * One jest file for all of them: jest loads every module again for each test file, and these
 * topics load the same ones (aws-cdk-lib's assertions, the cloud assembly reader, the kit's
 * readers). Each topic is required inside its own describe, so its hooks stay its own (an import
 * would run first, at this file's top level, around every topic's tests). One topic alone:
 * `npx jest test/analysis.test.ts -t <topic>`.
 */
describe('assembly', () => {
  require('./analysis/assembly.cases');
});

describe('cli', () => {
  require('./analysis/cli.cases');
});

describe('mini-poc', () => {
  require('./analysis/mini-poc.cases');
});

describe('mutations', () => {
  require('./analysis/mutations.cases');
});

describe('poc', () => {
  require('./analysis/poc.cases');
});

describe('rules', () => {
  require('./analysis/rules.cases');
});
