// Rule tests with coverage: the test-case format, the partial matcher, the runner and the
// coverage report. Browser-safe; `edict test` (src/cli/test-command.ts) is the file-system host.
export { parseTestCase, type TestCase, type Expectation, type LineExpectation, type TestCaseParse } from "./cases.js";
export { compareResult, type Difference } from "./match.js";
export { runTests, formatOutcome, formatSummary, type RunOptions, type TestOutcome, type TestRun } from "./run-tests.js";
export {
  CoverageCollector,
  conditionsOf,
  coverageGaps,
  coverageSummary,
  isComplete,
  type CoverageReport,
  type Figures,
  type ItemCoverage,
  type ConditionCoverage,
} from "./coverage.js";
