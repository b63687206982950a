// Quantifiers over long lists through indexes (src/compile/plan.ts): on claims and histories past
// the indexing threshold, the compiled evaluator (generated code and traced closures) still gives
// exactly the reference interpreter's results and traces, and time grows linearly with lines.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { compilePack, type Result, type Ruleset } from "../../src/index.js";
import { INDEXED_FROM, planQuantifier } from "../../src/compile/plan.js";
import { walkIr } from "../../src/ir/ir.js";
import { DIAGNOSES, MODIFIERS, PROCEDURES } from "../support/arbitraries.js";
import { shippedPack } from "../support/packs.js";

const demo = shippedPack("demo-ppo");

/** a pack with one rule of each planned shape: key-only any/no/count/sum, a join, constants */
function shapes(): Ruleset {
  const edits = readFileSync("rules/cms-edits/tables/ptp.csv", "utf8");
  const out = compilePack("s", {
    "s/a.edict": `pack "s" version "1" effective 2026-01-01 to 2026-12-31
table ptp from "tables/ptp.csv" {
  key column1: procedure
  key column2: procedure
  modifier_indicator: integer
  active from effective until deletion
}
rule same_code_many_units phase validity when any o in claim.lines where o.code = line.code and o.units > 3 then deny CO-151
rule lone_code phase validity when no o in claim.lines where o.code = line.code and o.lineNumber != 1 then deny CO-4
rule three_on_a_day phase sex_age when count o in claim.lines where o.serviceDate = line.serviceDate and o.code = line.code > 2 then deny CO-6
rule heavy_day phase mue when (sum o.units for o in claim.lines where o.serviceDate = line.serviceDate) > 20 then deny CO-151
rule bundled phase ptp when any o in claim.lines where o.lineNumber != line.lineNumber and o.serviceDate = line.serviceDate and any e in ptp[o.code, line.code] on line.serviceDate where e.modifier_indicator != 9 then deny CO-236
rule paid_before phase duplicates when any h in history where h.status = "paid" and h.code = line.code and h.serviceDate = line.serviceDate then deny CO-18
`,
    "s/tables/ptp.csv": edits,
  });
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out.ruleset;
}

const dates = ["2026-03-02", "2026-03-03", "2026-03-04"];
const line = (n: number) =>
  fc.record({
    lineNumber: fc.constant(n),
    serviceDate: fc.constantFrom(...dates),
    code: fc.constantFrom(...PROCEDURES.slice(0, 12), "97110", "97140"),
    modifiers: fc.uniqueArray(fc.constantFrom(...MODIFIERS), { maxLength: 1 }),
    units: fc.integer({ min: 1, max: 5 }),
    charge: fc.constantFrom("80.00", "125.50", "240.00"),
    placeOfService: fc.constant("11"),
    diagnosisPointers: fc.constant([1]),
  });
const longClaim = fc.integer({ min: INDEXED_FROM, max: INDEXED_FROM + 90 }).chain((n) =>
  fc.record({
    id: fc.constant("C-LONG"),
    receivedDate: fc.constant("2026-03-10"),
    member: fc.constant({ id: "M-1", birthDate: "1970-05-05", sex: "F" }),
    provider: fc.constant({ npi: "1234567893", network: "in" }),
    diagnoses: fc.constant([DIAGNOSES[7]]),
    lines: fc.tuple(...Array.from({ length: n }, (_, i) => line(i + 1))),
  }),
);
const longContext = fc
  .array(
    fc.record({
      claimId: fc.constant("H-1"),
      serviceDate: fc.constantFrom(...dates),
      code: fc.constantFrom(...PROCEDURES.slice(0, 12)),
      modifiers: fc.constant([]),
      providerNpi: fc.constantFrom("1234567893", "1987654321"),
      status: fc.constantFrom("paid", "denied"),
    }),
    { minLength: INDEXED_FROM, maxLength: INDEXED_FROM + 40 },
  )
  .map((history) => ({ asOf: "2026-12-31", coverage: [{ planId: "DEMO", from: "2026-01-01", to: null }], accumulators: {}, authorizations: [], history }));

function all(ruleset: Ruleset, c: unknown, x: unknown): { fast: Result; traced: Result; reference: Result } {
  const run = (options: object) => {
    const out = ruleset.adjudicate(c, x, options);
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    return out.result;
  };
  return { fast: run({}), traced: run({ trace: true }), reference: run({ trace: true, evaluator: "reference" }) };
}

describe("quantifiers through indexes", () => {
  it("plans the shipped PTP, MUE and duplicate rules (the test below exercises them)", () => {
    const planned = demo.program.rules.filter((r) => {
      let found = false;
      walkIr(r.when, (e) => {
        if ((e.op === "any" || e.op === "no" || e.op === "count" || e.op === "sum") && planQuantifier(e)) found = true;
      });
      return found;
    });
    expect(planned.map((r) => r.id).sort()).toEqual(["duplicate_of_paid", "mue_day", "mue_line", "ncci_ptp", "ncci_ptp_history"]);
  });

  it("gives the reference interpreter's results and traces on long claims and histories (shipped packs)", () => {
    fc.assert(
      fc.property(longClaim, longContext, (c, x) => {
        const context = { ...x, accumulators: {}, coverage: [{ planId: "DEMO-PPO", from: "2026-01-01", to: null }] };
        const { fast, traced, reference } = all(demo, c, context);
        expect(traced).toEqual(reference);
        const { trace: _t, ...untraced } = traced;
        expect(fast).toEqual(untraced);
      }),
      { numRuns: 12 },
    );
  });

  it("gives the reference interpreter's results and traces for every planned shape", () => {
    const s = shapes();
    let denied = 0;
    fc.assert(
      fc.property(longClaim, longContext, (c, x) => {
        const { fast, traced, reference } = all(s, c, x);
        expect(traced).toEqual(reference);
        const { trace: _t, ...untraced } = traced;
        expect(fast).toEqual(untraced);
        denied += fast.lines.filter((l) => l.status === "denied").length;
      }),
      { numRuns: 15, seed: 1 },
    );
    expect(denied).toBeGreaterThan(0);
  });
});
