// Exact arithmetic: a result past what a double holds exactly is missing, never a rounded float
// that money formatting would then refuse (grammar/SEMANTICS.md §7).
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { arithmetic, callFunction, exactSum, matchesPattern } from "../../src/runtime/values.js";
import { compilePack } from "../../src/index.js";

describe("arithmetic past exact integers", () => {
  it("is missing, in every operation that can get there", () => {
    expect(arithmetic("money*int", 9_999_999_999_999, 1_000_000)).toBeNull();
    expect(arithmetic("int+", Number.MAX_SAFE_INTEGER, 1)).toBeNull();
    expect(arithmetic("int-", -Number.MAX_SAFE_INTEGER, 1)).toBeNull();
    expect(arithmetic("money*rate", 9_007_199_254_740_991, 20_000)).toBeNull();
    expect(arithmetic("date+", 20_000, { amount: Number.MAX_SAFE_INTEGER, unit: "days" })).toBeNull();
    expect(arithmetic("money*int", 2500, 4)).toBe(10_000);
    expect(exactSum(2 ** 53)).toBeNull();
    expect(exactSum(2 ** 53 - 1)).toBe(2 ** 53 - 1);
  });

  it("a rule that multiplies money past exact cents gives a result, not an exception", () => {
    const out = compilePack("d", {
      "d/a.edict": `pack "d" version "1"
table fees from "fees.csv" {
  key code: procedure
  amount: money
}
accumulator d: money
accumulator o: money
plan "P" {
  fee schedule fees.amount
  network in {
    deductible $0.00 accumulator d
    out_of_pocket $100.00 accumulator o
    coinsurance 20%
  }
  network out {
    deductible $0.00 accumulator d
    out_of_pocket $100.00 accumulator o
    coinsurance 20%
  }
}
benefit office {
  codes { 99213 }
}
rule huge phase pricing when line.units = 1 then set allowed line.charge * 1000000000000
rule sum_huge phase validity when (sum o.charge * 1000000000000 for o in claim.lines) > $1.00 then deny CO-4
`,
      "d/fees.csv": "code,amount\n99213,94.62\n",
    });
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    const claim = JSON.parse(readFileSync("examples/claims/01-office-visit-in-network/claim.json", "utf8"));
    const context = { asOf: "2026-02-17", coverage: [], accumulators: {}, authorizations: [], history: [] };
    for (const evaluator of ["compiled", "reference"] as const) {
      for (const trace of [false, true]) {
        const r = out.ruleset.adjudicate(claim, context, { evaluator, trace });
        if (!r.ok) throw new Error(JSON.stringify(r.issues));
        // the missing amount leaves the fee schedule to price the line; the missing sum denies nothing
        expect(r.result.lines[0]).toMatchObject({ status: "paid", allowed: "94.62" });
      }
    }
  });
});

describe("patterns", () => {
  it("`matches`: a trailing * is a prefix of the code, any other pattern the whole code", () => {
    expect(matchesPattern("E11.9", "E11*")).toBe(true);
    expect(matchesPattern("E1", "E11*")).toBe(false);
    expect(matchesPattern("E11", "E11*")).toBe(true);
    expect(matchesPattern("F11.9", "E11*")).toBe(false);
    expect(matchesPattern("anything", "*")).toBe(true);
    expect(matchesPattern("", "")).toBe(true);
    expect(matchesPattern("E11", "E11")).toBe(true);
    expect(matchesPattern("E11.9", "E11")).toBe(false);
    expect(matchesPattern(null, "E11*")).toBe(false);
    expect(matchesPattern("E11", null)).toBe(false);
  });
});

describe("patterns, by property", () => {
  // whatever way matchesPattern compares (a cheaper way was tried, bench/NOTES.md eng16), it must
  // answer as the prefix's startsWith does
  it("answers as startsWith of the prefix, for every length of code and prefix", () => {
    const text = fc.string({ unit: fc.constantFrom("E", "1", "2", ".", "é", "*"), maxLength: 6 });
    fc.assert(
      fc.property(text, text, fc.boolean(), (code, prefix, star) => {
        const pattern = star ? `${prefix}*` : prefix;
        const expected = pattern.endsWith("*") ? code.startsWith(pattern.slice(0, -1)) : code === pattern;
        expect(matchesPattern(code, pattern)).toBe(expected);
      }),
      { numRuns: 2000, seed: 1 },
    );
  });

  it("gives a code that is no string startsWith's answer or its TypeError", () => {
    expect(() => matchesPattern(42, "E1*")).toThrow(TypeError);
    expect(matchesPattern(42, "E1")).toBe(false);
  });
});

describe("functions, by their arguments' positions", () => {
  it("reads the first argument as `from` and the second as `to`, and a missing one as missing", () => {
    const day = fc.option(fc.integer({ min: -100_000, max: 100_000 }), { nil: null });
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(callFunction("days_between", [a, b])).toBe(a === null || b === null ? null : b - a);
        if (a === null || b === null) expect(callFunction("years_between", [a, b])).toBeNull();
      }),
      { numRuns: 1000, seed: 1 },
    );
    // 1970-01-01 is day 0: born 1970-03-01, 56 on 2026-03-01 (day 20513) and 55 the day before
    expect(callFunction("years_between", [59, 20513])).toBe(56);
    expect(callFunction("years_between", [59, 20512])).toBe(55);
    expect(callFunction("month_day", [59, null])).toBe(301);
    expect(callFunction("month_day", [null, 59])).toBeNull();
    expect(callFunction("days_between", [10, 25])).toBe(15);
  });
});
