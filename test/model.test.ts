/* eslint-disable @typescript-eslint/no-require-imports -- see below: a topic registers inside its describe */
/**
 * The model of the synthesized POC, one topic per file of test/model/ (test/model/raw-reads.test.ts,
 * which loads ESLint, runs on its own).
 *
 * One jest file for all of them: jest loads every module again for each test file, and these
 * topics load the same ones (aws-cdk-lib's assertions, the cloud assembly reader, the kit's
 * readers). Each topic is required inside its own describe, so its hooks stay its own (an import
 * would run first, at this file's top level, around every topic's tests). One topic alone:
 * `npx jest test/model.test.ts -t <topic>`.
 */
describe('poc', () => {
  require('./model/poc.cases');
});

describe('reader-elements', () => {
  require('./model/reader-elements.cases');
});
