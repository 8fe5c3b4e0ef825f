/* eslint-disable @typescript-eslint/no-require-imports -- see below: a topic registers inside its describe */
/**
 * The config file: loading, defaults, and every refusal with its one-line message.
 *
 * Topics (`*.cases.ts`) of one jest file, as test/stacks.test.ts: jest loads every module again for
 * each test file, and these topics load the same ones. Each topic is required inside its own describe,
 * so its hooks stay its own. One topic alone: `npx jest test/config.test.ts -t <topic>`.
 */
describe('config', () => {
  require('./config.cases');
});

describe('config-rejections', () => {
  require('./config-rejections.cases');
});
