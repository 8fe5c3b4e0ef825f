/**
 * The preflight's tests, one topic per file of test/preflight/, in one jest file: jest loads every
 * module again for each test file, and each topic loads the same eleven AWS SDK clients (about half
 * a CPU-second in every file). Each topic registers its tests inside its own describe, so its hooks
 * and mocked clients stay its own (fixtures.ts, useAws). One topic alone:
 * `npx jest test/preflight.test.ts -t zones`.
 */
const TOPICS = [
  'account-baseline',
  'bootstrap',
  'cli',
  'command',
  'database',
  'policy',
  'quotas',
  'regions',
  'vpc-origin',
  'zones',
] as const;

for (const topic of TOPICS) {
  describe(topic, () => {
    // A require, not an import: imports run before any describe, which would put the topic's hooks
    // at this file's top level, around every other topic's tests too.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(`./preflight/${topic}.cases`);
  });
}
