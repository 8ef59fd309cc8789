// Reads vitest's JSON reports (`label=path` arguments) and prints a line per report and, last, the
// closing line CI reads: "total: N passed, N failed, N skipped". A run that skipped or left
// pending any test, whose file failed to load, or that ran no test, is a failed run: each such
// test or file is named, so that nothing is skipped silently. Exits 1 then, 0 otherwise.
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

for (const argument of process.argv.slice(2)) {
  const [label, reportPath] = argument.split('=');
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch (error) {
    console.error(`${label}: no test report (${error.message}); the test run did not finish`);
    ok = false;
    continue;
  }
  const skipped = report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    if (file.status === 'failed' && tests.every((test) => test.status !== 'failed')) {
      console.error(`${label}: file failed: ${file.name}: ${file.message || 'failed to run'}`);
      ok = false;
    }
    for (const test of tests) {
      if (test.status !== 'passed' && test.status !== 'failed') {
        console.error(`${label}: not run (${test.status}): ${file.name} > ${test.fullName}`);
      }
    }
  }
  console.log(`${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
  if (report.numFailedTests > 0 || skipped > 0 || report.numTotalTests === 0) ok = false;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += skipped;
}

if (!ok) console.error('FAILED: every test must run and pass; none may be skipped');
console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok ? 0 : 1);
