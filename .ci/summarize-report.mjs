// Prints the final "N passed, N failed" line from vitest's JSON reports (one per Node version);
// failed lint/typecheck steps and a test run that died without a report count as failures.
// Usage: summarize-report.mjs FAILED_CHECKS REPORT STATUS [REPORT STATUS ...]
import { existsSync, readFileSync } from 'node:fs';

const [failedChecksText, ...runs] = process.argv.slice(2);
const failedChecks = Number(failedChecksText ?? 0);

let passed = 0;
let failed = 0;
let skipped = 0;
for (let index = 0; index < runs.length; index += 2) {
  const reportPath = runs[index];
  const testStatus = Number(runs[index + 1] ?? 1);
  let runFailed = 0;
  if (reportPath !== undefined && existsSync(reportPath)) {
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    passed += report.numPassedTests ?? 0;
    runFailed = report.numFailedTests ?? 0;
    // A file that fails to load fails its suite without failing any test: count it.
    if (runFailed === 0) runFailed = report.numFailedTestSuites ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else {
    runFailed = 1;
  }
  if (testStatus !== 0 && runFailed === 0) runFailed = 1;
  failed += runFailed;
}
if (runs.length === 0) failed = 1;
failed += failedChecks;
if (skipped > 0) console.log(`${skipped} tests were not run (see the reports above)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
