/* eslint-disable @typescript-eslint/no-require-imports -- see below: a topic registers inside its describe */
/**
 * The generated documents, one topic per file of test/docs/ named *.cases.ts: documents as data,
 * their renderings, the verdicts and the consistency between documents, the docs CLI.
 *
 * One jest file for all of them, as test/stacks.test.ts: jest loads every module again for each test
 * file, and these topics load the same ones (the model, the readers, the renderers). Each topic is
 * required inside its own describe, so its hooks stay its own. One topic alone:
 * `npx jest test/docs.test.ts -t <topic>`.
 */
describe('at-rest-rows', () => {
  require('./docs/at-rest-rows.cases');
});

describe('aws-icons', () => {
  require('./docs/aws-icons.cases');
});

describe('cli', () => {
  require('./docs/cli.cases');
});

describe('competency-verdicts', () => {
  require('./docs/competency-verdicts.cases');
});

describe('compliance-doc', () => {
  require('./docs/compliance-doc.cases');
});

describe('drift', () => {
  require('./docs/drift.cases');
});

describe('executive-summary', () => {
  require('./docs/executive-summary.cases');
});

describe('index-html', () => {
  require('./docs/index-html.cases');
});

describe('pci-consistency', () => {
  require('./docs/pci-consistency.cases');
});

describe('pci-verdicts', () => {
  require('./docs/pci-verdicts.cases');
});

describe('process-diagrams', () => {
  require('./docs/process-diagrams.cases');
});

describe('relaxations', () => {
  require('./docs/relaxations.cases');
});

describe('rows', () => {
  require('./docs/rows.cases');
});

describe('units', () => {
  require('./docs/units.cases');
});
