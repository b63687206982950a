// Rule and branch coverage of a test run: each rule must fire on some line and not fire on
// another, and each and/or/not operand must be seen true and seen false; gaps are named with
// the rule, the condition's text and its position.
import { describe, it, expect } from "vitest";
import { compilePack } from "../../src/index.js";
import { runTests, formatOutcome, formatSummary, coverageGaps, isComplete, conditionsOf } from "../../src/testing/index.js";

const PACK = `pack "p" version "1"

rule many_units "Too many units of an office visit"
  phase mue
  when line.units > 2 and not (line.code = 99211 or line.code = 99212)
  then deny CO-151
`;

const ruleset = (() => {
  const out = compilePack("p", { "p/p.edict": PACK });
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out.ruleset;
})();

const claim = (...lines: Array<[code: string, units: number]>) => ({
  id: "C-1",
  receivedDate: "2026-03-02",
  member: { id: "M-1", birthDate: "1980-01-01", sex: "F" },
  provider: { npi: "1458937020", network: "in" },
  diagnoses: ["J06.9"],
  lines: lines.map(([code, units], i) => ({
    lineNumber: i + 1,
    serviceDate: "2026-03-01",
    code,
    modifiers: [],
    units,
    charge: "100.00",
    placeOfService: "11",
    diagnosisPointers: [1],
  })),
});
const context = { asOf: "2026-03-02", coverage: [{ planId: "P", from: "2026-01-01", to: null }], accumulators: {}, authorizations: [], history: [] };
const testCase = (lines: Array<[string, number]>, expectLines: unknown[]) => ({ claim: claim(...lines), context, expect: { lines: expectLines } });

describe("coverage", () => {
  it("lists the boolean sub-conditions of a rule: and/or operands, not, comparisons", () => {
    expect(conditionsOf(ruleset.program.rules[0].when).map((e) => e.text)).toEqual([
      "line.units > 2 and not (line.code = 99211 or line.code = 99212)",
      "line.units > 2",
      "not (line.code = 99211 or line.code = 99212)",
      "line.code = 99211 or line.code = 99212",
      "line.code = 99211",
      "line.code = 99212",
    ]);
  });

  it("names every operand never seen true or false, and the rule that never fired", () => {
    const run = runTests(ruleset, { "a.json": testCase([["99213", 1]], [{ lineNumber: 1, status: "pended" }]) });
    expect(run.passed).toBe(1);
    const coverage = run.coverage!;
    expect(coverage.rules).toEqual({ covered: 0, total: 1 });
    expect(isComplete(coverage)).toBe(false);
    expect(coverageGaps(coverage)).toEqual([
      "rule p/many_units (p/p.edict:3:1): never fired",
      "rule p/many_units (p/p.edict:3:1): condition `line.units > 2 and not (line.code = 99211 or line.code = 99212)` at 5:8 never true",
      "rule p/many_units (p/p.edict:3:1): condition `line.units > 2` at 5:8 never true",
      "rule p/many_units (p/p.edict:3:1): condition `not (line.code = 99211 or line.code = 99212)` at 5:27 never evaluated",
      "rule p/many_units (p/p.edict:3:1): condition `line.code = 99211 or line.code = 99212` at 5:32 never evaluated",
      "rule p/many_units (p/p.edict:3:1): condition `line.code = 99211` at 5:32 never evaluated",
      "rule p/many_units (p/p.edict:3:1): condition `line.code = 99212` at 5:53 never evaluated",
    ]);
  });

  it("is complete when each operand was seen both ways; the summary says so", () => {
    const run = runTests(ruleset, {
      "fires.json": testCase([["99213", 3]], [{ lineNumber: 1, status: "denied", reason: "CO-151" }]),
      "exempt.json": testCase(
        [
          ["99211", 3],
          ["99212", 3],
        ],
        [
          { lineNumber: 1, status: "pended" },
          { lineNumber: 2, status: "pended" },
        ],
      ),
      "few.json": testCase([["99213", 1]], [{ lineNumber: 1, status: "pended" }]),
    });
    expect(run.failed).toBe(0);
    expect(coverageGaps(run.coverage!)).toEqual([]);
    expect(isComplete(run.coverage!)).toBe(true);
    expect(run.coverage!.branches).toEqual({ covered: 12, total: 12 });
    expect(run.coverage!.items[0]).toMatchObject({ kind: "rule", name: "p/many_units", fired: 1, notFired: 3, covered: true });
    expect(formatSummary(run)).toBe("3 passed, 0 failed; rules 1/1, branches 12/12");
  });

  it("a failure prints each difference and the trace of the line that differs", () => {
    const run = runTests(ruleset, {
      "wrong.json": testCase(
        [
          ["99213", 3],
          ["99213", 1],
        ],
        [
          { lineNumber: 1, status: "paid" },
          { lineNumber: 2, status: "pended" },
        ],
      ),
    });
    expect(run.failed).toBe(1);
    const text = formatOutcome(run.outcomes[0]);
    expect(text).toContain("FAIL wrong.json");
    expect(text).toContain("  line 1 status: expected paid, got denied");
    expect(text).toContain("  trace of line 1 (line 1 denied CO-151, allowed 0.00, paid 0.00, member 0.00):");
    expect(text).toContain("    [mue] deny CO-151 — p/many_units at p/p.edict:3:1");
    expect(text).toContain("      read: line.units = 3; line.code = 99213");
    // only the line that differs is traced
    expect(text).not.toContain("trace of line 2");
  });

  it("a malformed case is invalid, named with each problem; it never throws", () => {
    const run = runTests(ruleset, { "bad.json": { claim: { id: 1 }, context, expect: {} }, "worse.json": "not an object" });
    expect(run.invalid).toBe(2);
    expect(run.outcomes.map((o) => o.status)).toEqual(["invalid", "invalid"]);
    expect(run.outcomes[0].errors.length).toBeGreaterThan(0);
    expect(formatOutcome(run.outcomes[1])).toContain("INVALID worse.json");
  });
});

describe("coverage is the same whichever evaluator is observed", () => {
  it("counts every condition of the shipped packs' tests alike on the compiled evaluator and the reference", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const { shippedPack } = await import("../support/packs.js");
    const { CoverageCollector } = await import("../../src/testing/coverage.js");
    const demo = shippedPack("demo-ppo");
    const compiled = new CoverageCollector(demo.program);
    const reference = new CoverageCollector(demo.program);
    const dir = "rules/demo-ppo/tests";
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith(".json"))
      .sort()) {
      const c = JSON.parse(readFileSync(`${dir}/${name}`, "utf8"));
      const a = demo.adjudicate(c.claim, c.context, { trace: true, observer: compiled });
      const b = demo.adjudicate(c.claim, c.context, { trace: true, evaluator: "reference", observer: reference });
      if (!a.ok || !b.ok) throw new Error(`${name} was rejected`);
      compiled.noteResult(a.result);
      reference.noteResult(b.result);
      expect(a.result).toEqual(b.result);
    }
    const report = compiled.report();
    expect(report.branches.total).toBeGreaterThan(100);
    expect(report).toEqual(reference.report());
  });
});
