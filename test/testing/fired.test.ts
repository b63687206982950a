// A test case may name the rules that fired on a line (`expect.lines[].fired`): the order of
// benefits decides without changing a line's money, so a case shows which precedence rule
// decided by it. Precedence rules count in rule and branch coverage like rules.
import { describe, expect, it } from "vitest";
import { parseTestCase, compareResult } from "../../src/testing/index.js";
import { runTests } from "../../src/testing/run-tests.js";
import { coverageGaps } from "../../src/testing/coverage.js";
import { compilePack } from "../../src/index.js";
import type { Result } from "../../src/model/types.js";

const RESULT: Result = {
  claimId: "C-1",
  ruleset: { name: "p", version: "1", hash: "h" },
  status: "denied",
  totals: { billed: "10.00", allowed: "0.00", paid: "0.00", patientResponsibility: "0.00" },
  lines: [
    {
      lineNumber: 1,
      status: "denied",
      reason: "CO-22",
      billed: "10.00",
      allowed: "0.00",
      paid: "0.00",
      patientResponsibility: "0.00",
      adjustments: [{ group: "CO", reason: "22", amount: "10.00" }],
      remarks: [],
    },
  ],
  accumulators: {},
  trace: [
    { lineNumber: 1, phase: "eligibility", rule: "o/self_first", at: "o/o.edict:2:1", facts: [], action: "OTHER pays before this plan (THIS)" },
    {
      lineNumber: 1,
      phase: "eligibility",
      rule: "o/plan",
      at: "o:1:1",
      facts: [],
      action: "deny CO-22: this plan pays 2nd of 2, and the claim carries no prior payment",
    },
  ],
};

const expectation = (expect: unknown) => {
  const parsed = parseTestCase("t.json", { claim: {}, context: {}, expect });
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  return parsed.testCase.expect;
};

describe("expect.lines[].fired", () => {
  it("holds when each named rule has a trace entry on the line", () => {
    expect(compareResult(RESULT, expectation({ lines: [{ lineNumber: 1, fired: ["o/self_first", "o/plan"] }] }))).toEqual([]);
  });

  it("names the rules without an entry, and says when the result has no trace", () => {
    expect(compareResult(RESULT, expectation({ lines: [{ lineNumber: 1, fired: ["o/self_first", "o/birthday"] }] })).map((d) => d.message)).toEqual([
      "line 1 fired: expected [o/birthday], got no trace entry of it",
    ]);
    const { trace: _trace, ...untraced } = RESULT;
    expect(compareResult(untraced, expectation({ lines: [{ lineNumber: 1, fired: ["o/plan"] }] })).map((d) => d.message)).toEqual([
      "line 1 fired: expected [o/plan], got a result without a trace",
    ]);
  });

  it("must be a list of pack/id names", () => {
    const parsed = parseTestCase("t.json", {
      claim: {},
      context: {},
      expect: {
        lines: [
          { lineNumber: 1, fired: ["self_first"] },
          { lineNumber: 2, fired: "o/x" },
        ],
      },
    });
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      'expect.lines[0].fired: must be a list of rules as "pack/id", like ["cms-edits/ncci_ptp"]',
      'expect.lines[1].fired: must be a list of rules as "pack/id", like ["cms-edits/ncci_ptp"]',
    ]);
  });
});

describe("precedence rules in coverage", () => {
  const pack = compilePack("o", {
    "o/o.edict": `pack "o" version "1"
precedence self_first "Own plan first" when first.relationship = "self" and second.relationship != "self"
`,
  });
  if (!pack.ok) throw new Error("the pack does not compile");
  const testCase = (relationship: string, other: string) => ({
    claim: {
      id: "C-1",
      receivedDate: "2026-03-20",
      member: { id: "M-1", birthDate: "1980-01-01", sex: "F" },
      provider: { npi: "1234567893", network: "in" },
      diagnoses: ["J06.9"],
      lines: [{ lineNumber: 1, serviceDate: "2026-03-10", code: "99213", units: 1, charge: "10.00", placeOfService: "11", diagnosisPointers: [1] }],
    },
    context: {
      asOf: "2026-03-20",
      coverage: [{ planId: "THIS", from: "2026-01-01", relationship }],
      otherCoverage: [{ planId: "OTHER", from: "2026-01-01", relationship: other }],
    },
    expect: {},
  });

  it("count as fired when they decide a pair, with each operand seen true and false", () => {
    const one = runTests(pack.ruleset, { "a.json": testCase("spouse", "self") });
    expect(one.coverage!.items).toMatchObject([{ kind: "precedence", name: "o/self_first", fired: 1, notFired: 1, covered: true }]);
    expect(coverageGaps(one.coverage!)).toEqual(['precedence o/self_first (o/o.edict:2:1): condition `second.relationship != "self"` at 2:77 never false']);
    const both = runTests(pack.ruleset, { "a.json": testCase("spouse", "self"), "b.json": testCase("self", "self") });
    expect(coverageGaps(both.coverage!)).toEqual([]);
  });
});
