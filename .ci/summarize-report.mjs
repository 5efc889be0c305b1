// Prints the final "N passed, N failed" line from vitest's JSON report; failed lint/typecheck
// steps and a test run that died without a report count as failures.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, failedChecksText, testStatusText] = process.argv.slice(2);
const failedChecks = Number(failedChecksText ?? 0);
const testStatus = Number(testStatusText ?? 1);

let passed = 0;
let failed = 0;
let skipped = 0;
if (reportPath !== undefined && existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  // A file that fails to load fails its suite without failing any test: count it.
  if (failed === 0) failed = report.numFailedTestSuites ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} else {
  failed = 1;
}
if (testStatus !== 0 && failed === 0) failed = 1;
failed += failedChecks;
if (skipped > 0) console.log(`${skipped} tests were not run (see the report above)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
