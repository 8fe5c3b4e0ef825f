/* eslint-disable @typescript-eslint/no-require-imports -- see below: a topic registers inside its describe */
/**
 * The demo scripts (failover, load, verify) with mocked AWS calls and a fake site: topics
 * (`*.cases.ts`) of one jest file, as test/stacks.test.ts: jest loads every module again for each test
 * file, and these topics load the same ones. Each topic is required inside its own describe, so its
 * hooks stay its own; a topic mocks its AWS clients in its own beforeAll. One topic alone:
 * `npx jest test/demo.test.ts -t <topic>`.
 */
describe('cli', () => {
  require('./demo/cli.cases');
});

describe('commands', () => {
  require('./demo/commands.cases');
});

describe('failover', () => {
  require('./demo/failover.cases');
});

describe('load', () => {
  require('./demo/load.cases');
});

describe('outputs', () => {
  require('./demo/outputs.cases');
});

describe('verify', () => {
  require('./demo/verify.cases');
});
