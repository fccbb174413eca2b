import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Ends the run with one line, `N passed, N failed`, which .ci/run adds to the suite's totals. A test counts by its last
 * attempt; one that did not run because an earlier step of its journey failed counts as failed, as does a run that
 * broke before any test (the global setup: the build or the app's start).
 */
export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<TestCase, TestResult['status']>();

  onTestEnd(test: TestCase, result: TestResult): void {
    this.outcomes.set(test, result.status);
  }

  onEnd(result: FullResult): void {
    const statuses = [...this.outcomes.values()];
    const passed = statuses.filter((s) => s === 'passed').length;
    let failed = statuses.length - passed;
    if (result.status !== 'passed' && failed === 0) failed = 1;
    console.log(`${passed} passed, ${failed} failed`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
