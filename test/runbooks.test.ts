/* eslint-disable @typescript-eslint/no-require-imports -- see below: a topic registers inside its describe */
/**
 * The runbooks: their commands against the IAM policies of the roles they name, their Markdown templates and slots, what they say for each config.
 *
 * Topics (`*.cases.ts`) of one jest file, as test/stacks.test.ts: jest loads every module again for
 * each test file, and these topics load the same ones. Each topic is required inside its own describe,
 * so its hooks stay its own. One topic alone: `npx jest test/runbooks.test.ts -t <topic>`.
 */
describe('runbooks', () => {
  require('./runbooks.cases');
});

describe('runbooks-iam', () => {
  require('./runbooks-iam.cases');
});

describe('runbooks-templates', () => {
  require('./runbooks-templates.cases');
});
