// The test-case format and the partial matcher: only what an expectation names is checked,
// money compares by cents whatever its spelling, and every difference is one readable sentence.
import { describe, it, expect } from "vitest";
import { parseTestCase, compareResult, type Expectation } from "../../src/testing/index.js";
import type { Result } from "../../src/model/types.js";

const RESULT: Result = {
  claimId: "C-1",
  ruleset: { name: "p", version: "1", hash: "h" },
  status: "partial",
  totals: { billed: "220.00", allowed: "94.62", paid: "69.62", patientResponsibility: "25.00" },
  lines: [
    {
      lineNumber: 1,
      status: "paid",
      reason: null,
      billed: "120.00",
      allowed: "94.62",
      paid: "69.62",
      patientResponsibility: "25.00",
      adjustments: [
        { group: "CO", reason: "45", amount: "25.38" },
        { group: "PR", reason: "3", amount: "25.00" },
      ],
      remarks: [],
    },
    {
      lineNumber: 2,
      status: "denied",
      reason: "CO-236",
      billed: "100.00",
      allowed: "0.00",
      paid: "0.00",
      patientResponsibility: "0.00",
      adjustments: [{ group: "CO", reason: "236", amount: "100.00" }],
      remarks: ["N362"],
    },
  ],
  accumulators: { out_of_pocket: "25.00", pt_visits: 1 },
};

function expectation(expect: unknown): Expectation {
  const parsed = parseTestCase("t.json", { claim: {}, context: {}, expect });
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  return parsed.testCase.expect;
}

const ACCUMULATORS = [
  { name: "out_of_pocket", unit: "money" as const, title: "" },
  { name: "deductible", unit: "money" as const, title: "" },
  { name: "pt_visits", unit: "count" as const, title: "" },
];

describe("compareResult", () => {
  it("a partial expectation that holds has no differences: 'line 2 is denied CO-236'", () => {
    expect(compareResult(RESULT, expectation({ lines: [{ lineNumber: 2, status: "denied", reason: "CO-236" }] }))).toEqual([]);
  });

  it("money compares by cents whatever its spelling", () => {
    const e = expectation({ totals: { paid: 69.62, patientResponsibility: "25" }, lines: [{ lineNumber: 1, allowed: "94.62", paid: "69.62" }] });
    expect(compareResult(RESULT, e)).toEqual([]);
  });

  it("each difference is one sentence naming the line, the field, expected and actual", () => {
    const e = expectation({
      status: "paid",
      totals: { paid: "70.00" },
      lines: [
        { lineNumber: 1, allowed: "95.00", reason: "CO-45" },
        { lineNumber: 2, reason: null },
      ],
    });
    expect(compareResult(RESULT, e).map((d) => d.message)).toEqual([
      "status: expected paid, got partial",
      "totals.paid: expected 70.00, got 69.62",
      "line 1 reason: expected CO-45, got no reason",
      "line 1 allowed: expected 95.00, got 94.62",
      "line 2 reason: expected no reason, got CO-236",
    ]);
    expect(compareResult(RESULT, e).map((d) => d.lineNumber)).toEqual([null, null, 1, 1, 2]);
  });

  it("a line the claim does not have is named", () => {
    expect(compareResult(RESULT, expectation({ lines: [{ lineNumber: 3, status: "paid" }] })).map((d) => d.message)).toEqual([
      "line 3: expected a line 3, got none (the claim has lines 1, 2)",
    ]);
  });

  it("adjustments compare as a multiset and remarks as a set, order ignored", () => {
    const same = expectation({
      lines: [
        {
          lineNumber: 1,
          adjustments: [
            { group: "PR", reason: "3", amount: "25" },
            { group: "CO", reason: "45", amount: "25.38" },
          ],
        },
        { lineNumber: 2, remarks: ["N362"] },
      ],
    });
    expect(compareResult(RESULT, same)).toEqual([]);
    const different = expectation({
      lines: [
        { lineNumber: 1, adjustments: [{ group: "PR", reason: "3", amount: "30.00" }] },
        { lineNumber: 2, remarks: [] },
      ],
    });
    expect(compareResult(RESULT, different).map((d) => d.message)).toEqual([
      "line 1 adjustments: expected [PR-3 30.00], got [CO-45 25.38, PR-3 25.00]",
      "line 2 remarks: expected none, got [N362]",
    ]);
  });

  it("accumulators: money by cents, counts as whole numbers, an omitted one moved by 0", () => {
    expect(compareResult(RESULT, expectation({ accumulators: { out_of_pocket: "25", pt_visits: 1, deductible: "0.00" } }), ACCUMULATORS)).toEqual([]);
    expect(
      compareResult(RESULT, expectation({ accumulators: { out_of_pocket: "30.00", pt_visits: 2, deductible: 5 } }), ACCUMULATORS).map((d) => d.message),
    ).toEqual([
      "accumulators.out_of_pocket: expected 30.00, got 25.00",
      "accumulators.pt_visits: expected 2, got 1",
      "accumulators.deductible: expected 5.00, got 0.00",
    ]);
  });
});

describe("parseTestCase", () => {
  it("reports every problem with its path inside the file", () => {
    const parsed = parseTestCase("t.json", {
      claim: [],
      expect: { status: "ok", lines: [{ lineNumber: 0 }, { lineNumber: 2, reson: "CO-4", paid: "ten", reason: "236" }], totals: { paied: "1.00" } },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      "claim: must be a JSON object",
      "context: required (the JSON object, written inline)",
      'expect.status: must be one of paid, partial, denied, pended, not "ok"',
      "expect.totals.paied: unknown key (expected one of billed, allowed, paid, patientResponsibility)",
      "expect.lines[0].lineNumber: required: the line's number (a whole number ≥ 1), not 0",
      "expect.lines[1].reson: unknown key (expected one of lineNumber, status, reason, billed, allowed, paid, patientResponsibility, adjustments, remarks, fired)",
      'expect.lines[1].reason: must be a reason like "CO-236" (or null), not "236"',
      'expect.lines[1].paid: "ten" is not an amount like 125.50',
    ]);
  });

  it("an amount with too many decimals is an error that quotes it once", () => {
    const parsed = parseTestCase("t.json", { claim: {}, context: {}, expect: { totals: { paid: "69.620" } } });
    expect(parsed.ok ? [] : parsed.errors).toEqual(['expect.totals.paid: "69.620" has more than two decimals']);
  });

  it("a line expected twice is an error, not a silent override", () => {
    const parsed = parseTestCase("t.json", { claim: {}, context: {}, expect: { lines: [{ lineNumber: 1 }, { lineNumber: 1 }] } });
    expect(parsed.ok ? [] : parsed.errors).toEqual(["expect.lines[1].lineNumber: line 1 is expected twice"]);
  });
});
