// Counts test results across every file and browser session and writes them
// to a JSON file, so scripts/test.mjs can print the closing
// "N passed, N failed" line from the real results.
import { writeFileSync } from 'node:fs';

function count(suite, into, prefix = '') {
  for (const test of suite.tests ?? []) {
    into.ms += test.duration ?? 0;
    if (test.skipped) into.skipped += 1;
    else if (test.passed) into.passed += 1;
    else {
      into.failed += 1;
      into.failures.push(`${prefix}${test.name}: ${test.error?.message ?? 'failed'}`);
    }
  }
  for (const child of suite.suites ?? []) count(child, into, `${prefix}${child.name} > `);
}

export function summaryReporter({ file }) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0, failures: [], files: sessions.length, ms: 0, msPerFile: {} };
      for (const session of sessions) {
        const before = totals.passed + totals.failed;
        const msBefore = totals.ms;
        const name = session.testFile.replace(process.cwd() + '/', '');
        if (session.testResults) count(session.testResults, totals, `${name}: `);
        // Where the suite's time goes (the sum of the file's test durations), to keep it under its budget.
        totals.msPerFile[name] = Math.round(totals.ms - msBefore);
        const errors = session.errors ?? [];
        // A file that failed to load, timed out or threw outside a test counts
        // as one failure, so a broken file can never look green.
        if (errors.length > 0 || (!session.passed && totals.passed + totals.failed === before)) {
          totals.failed += 1;
          totals.failures.push(`${session.testFile}: ${errors.map((e) => e.message).join('; ') || 'session failed'}`);
        }
      }
      writeFileSync(file, JSON.stringify(totals, null, 2));
    },
  };
}
