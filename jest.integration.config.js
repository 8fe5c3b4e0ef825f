/**
 * `npm run test:integration`: the tests that need real software, MariaDB and memcached (the
 * sample service) and Chromium (index.html as a browser renders it). Each test starts and stops
 * its servers itself; a missing one fails with the install command for this platform.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/integration'],
  testMatch: ['**/*.test.ts'],
  transform: require('./jest.config').transform,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testTimeout: 120000,
  maxWorkers: 2,
};
