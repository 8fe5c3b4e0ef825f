/**
 * Prints one plain closing line, "tests: N passed, N failed", that CI tooling reads
 * whatever the test runner.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}

module.exports = SummaryReporter;
