/* eslint-disable @typescript-eslint/no-require-imports -- see below: a topic registers inside its describe */
/**
 * The compliance packs on the synthesized POC: cdk-nag packs, the kit's PCI DSS v4.0.1 and competency rules, the compliance report.
 *
 * Topics (`*.cases.ts`) of one jest file, as test/stacks.test.ts: jest loads every module again for
 * each test file, and these topics load the same ones. Each topic is required inside its own describe,
 * so its hooks stay its own. One topic alone: `npx jest test/compliance.test.ts -t <topic>`.
 */
describe('compliance', () => {
  require('./compliance.cases');
});

describe('competency', () => {
  require('./competency.cases');
});

describe('pci-dss-401', () => {
  require('./pci-dss-401.cases');
});
