// Runs a pack's test cases: adjudicates each case's claim with its context, compares the result
// with the case's partial expectation and, when asked, measures rule and branch coverage on the
// compiled evaluator. Pure and browser-safe: the host reads the files and prints the report.
import type { Ruleset } from "../engine/ruleset.js";
import type { Result, ResultLine, TraceEntry } from "../model/types.js";
import { parseMoney } from "../model/money.js";
import { traceEntryLines } from "../trace/explain.js";
import { parseTestCase, type TestCase } from "./cases.js";
import { compareResult, type Difference } from "./match.js";
import { CoverageCollector, coverageSummary, type CoverageReport } from "./coverage.js";

export interface RunOptions {
  /** measure rule and branch coverage (default true) */
  coverage?: boolean;
  /**
   * also run every case in the reference interpreter (the executable specification); the
   * compiled evaluator must agree with it (a disagreement is a failure). Default false: the
   * reference scans tables row by row, slow on full-size tables.
   */
  differential?: boolean;
}

export interface TestOutcome {
  name: string;
  description: string;
  /** invalid: the file, its claim or its context is malformed; nothing was compared */
  status: "passed" | "failed" | "invalid";
  /** invalid: what is wrong, each `path: message` */
  errors: string[];
  differences: Difference[];
  /** the trace entries of every line that differs (all lines when only the claim differs) */
  trace: TraceEntry[];
  /** the result, when the case ran */
  result: Result | null;
}

export interface TestRun {
  outcomes: TestOutcome[];
  passed: number;
  failed: number;
  invalid: number;
  coverage: CoverageReport | null;
}

/**
 * Runs every case of `files` (name → the file's parsed JSON), in name order. A file that is not a
 * valid test case is an `invalid` outcome naming each problem; it never throws on bad input.
 */
export function runTests(ruleset: Ruleset, files: Record<string, unknown>, options: RunOptions = {}): TestRun {
  const measuring = options.coverage !== false;
  const collector = measuring ? new CoverageCollector(ruleset.program) : null;
  const outcomes: TestOutcome[] = [];
  for (const name of Object.keys(files).sort(byText)) {
    const parsed = parseTestCase(name, files[name]);
    if (!parsed.ok) {
      outcomes.push(invalid(name, "", parsed.errors));
      continue;
    }
    outcomes.push(runCase(ruleset, parsed.testCase, collector, options.differential === true));
  }
  return {
    outcomes,
    passed: outcomes.filter((o) => o.status === "passed").length,
    failed: outcomes.filter((o) => o.status === "failed").length,
    invalid: outcomes.filter((o) => o.status === "invalid").length,
    coverage: collector ? collector.report() : null,
  };
}

function runCase(ruleset: Ruleset, test: TestCase, collector: CoverageCollector | null, differential: boolean): TestOutcome {
  const accumulatorErrors = checkAccumulatorNames(ruleset, test);
  if (accumulatorErrors.length) return invalid(test.name, test.description, accumulatorErrors);

  const outcome = ruleset.adjudicate(test.claim, test.context, { trace: true, ...(collector ? { observer: collector } : {}) });
  if (!outcome.ok)
    return invalid(
      test.name,
      test.description,
      outcome.issues.map((i) => `${i.path}: ${i.message}`),
    );
  const result = outcome.result;
  collector?.noteResult(result);

  const differences = compareResult(result, test.expect, ruleset.program.accumulators);
  if (differential) {
    const reference = ruleset.adjudicate(test.claim, test.context, { evaluator: "reference" });
    if (reference.ok) differences.push(...disagreements(reference.result, result));
  }
  const lines = new Set(differences.map((d) => d.lineNumber));
  const claimOnly = differences.length > 0 && [...lines].every((n) => n === null);
  const trace = (result.trace ?? []).filter((t) => claimOnly || lines.has(t.lineNumber));
  return { name: test.name, description: test.description, status: differences.length ? "failed" : "passed", errors: [], differences, trace, result };
}

function invalid(name: string, description: string, errors: string[]): TestOutcome {
  return { name, description, status: "invalid", errors, differences: [], trace: [], result: null };
}

/** accumulator names must be the ruleset's, with values of the right kind */
function checkAccumulatorNames(ruleset: Ruleset, test: TestCase): string[] {
  const declared = new Map(ruleset.program.accumulators.map((a) => [a.name, a]));
  const errors: string[] = [];
  for (const [name, value] of Object.entries(test.expect.accumulators ?? {})) {
    const path = `expect.accumulators.${name}`;
    const decl = declared.get(name);
    if (!decl) {
      const known = [...declared.keys()].sort(byText);
      errors.push(`${path}: unknown accumulator (${known.length ? `the rules declare ${known.join(", ")}` : "the rules declare none"})`);
    } else if (decl.unit === "count" && !(typeof value === "number" && Number.isSafeInteger(value))) {
      errors.push(`${path}: ${name} counts, so expect a whole number, not ${JSON.stringify(value)}`);
    } else if (decl.unit === "money") {
      const money = parseMoney(value, { allowNegative: true });
      if (!money.ok) errors.push(`${path}: ${money.message}`);
    }
  }
  return errors;
}

/** where the compiled evaluator's result differs from the reference interpreter's */
function disagreements(reference: Result, compiled: Result): Difference[] {
  const strip = (r: Result) => JSON.stringify({ ...r, trace: undefined });
  if (strip(reference) === strip(compiled)) return [];
  const lineText = (l: ResultLine | undefined) => (l ? JSON.stringify(l) : "no line");
  const out: Difference[] = [];
  for (const line of reference.lines) {
    const other = compiled.lines.find((l) => l.lineNumber === line.lineNumber);
    if (lineText(line) !== lineText(other)) {
      out.push({
        lineNumber: line.lineNumber,
        field: "compiled evaluator",
        expected: lineText(line),
        actual: lineText(other),
        message: `line ${line.lineNumber}: the compiled evaluator disagrees with the reference interpreter: reference ${lineText(line)}, compiled ${lineText(other)}`,
      });
    }
  }
  if (!out.length) {
    out.push({
      lineNumber: null,
      field: "compiled evaluator",
      expected: strip(reference),
      actual: strip(compiled),
      message: `the compiled evaluator disagrees with the reference interpreter: reference ${strip(reference)}, compiled ${strip(compiled)}`,
    });
  }
  return out;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ------------------------------------------------------------------------------ report

/** a failed or invalid case as text: what differs, then the trace of the lines that differ */
export function formatOutcome(outcome: TestOutcome): string {
  const out: string[] = [];
  const title = outcome.description ? ` — ${outcome.description}` : "";
  if (outcome.status === "passed") return `PASS ${outcome.name}${title}\n`;
  if (outcome.status === "invalid") {
    out.push(`INVALID ${outcome.name}: not a valid test case`);
    for (const e of outcome.errors) out.push(`  ${e}`);
    return out.join("\n") + "\n";
  }
  out.push(`FAIL ${outcome.name}${title}`);
  for (const d of outcome.differences) out.push(`  ${d.message}`);
  const result = outcome.result;
  if (result) {
    const claimOnly = outcome.differences.every((d) => d.lineNumber === null);
    if (claimOnly) out.push(`  result: ${result.status}; ${result.lines.map(lineSummary).join("; ")}`);
    const numbers = [...new Set(outcome.trace.map((t) => t.lineNumber))];
    for (const n of numbers) {
      const line = result.lines.find((l) => l.lineNumber === n);
      out.push(`  trace of line ${n}${line ? ` (${lineSummary(line)})` : ""}:`);
      for (const entry of outcome.trace.filter((t) => t.lineNumber === n)) out.push(...traceEntryLines(entry, "    "));
    }
  }
  return out.join("\n") + "\n";
}

function lineSummary(line: ResultLine): string {
  const money = `allowed ${line.allowed}, paid ${line.paid}, member ${line.patientResponsibility}`;
  return `line ${line.lineNumber} ${line.status}${line.reason ? ` ${line.reason}` : ""}, ${money}`;
}

/**
 * `12 passed, 0 failed; rules 18/18, branches 64/64`, then, when the rules come from several
 * packs, one line per pack: `  cms-edits: rules 10/10, branches 118/118`.
 */
export function formatSummary(run: TestRun): string {
  const counts = `${run.passed} passed, ${run.failed} failed${run.invalid ? `, ${run.invalid} invalid` : ""}`;
  if (!run.coverage) return counts;
  const packs = run.coverage.packs.length > 1 ? run.coverage.packs.map((p) => `\n  ${p.pack}: ${coverageSummary(p)}`).join("") : "";
  return `${counts}; ${coverageSummary(run.coverage)}${packs}`;
}
