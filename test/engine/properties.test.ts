// Properties of adjudication over generated claims for the shipped demo-ppo + cms-edits packs:
// determinism, independence from line and key order, balancing, the out-of-pocket cap, and
// agreement of the compiled evaluator with the reference interpreter (trace included).
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { claim, context, shuffleKeys } from "../support/arbitraries.js";
import { shippedPack } from "../support/packs.js";
import type { Result } from "../../src/index.js";

const ruleset = shippedPack("demo-ppo");
const cents = (s: string) => Math.round(Number(s) * 100); // test-only reading of two-decimal strings

function run(c: unknown, x: unknown, options = {}): Result {
  const out = ruleset.adjudicate(c, x, options);
  if (!out.ok) throw new Error(`generated input rejected: ${JSON.stringify(out.issues)}`);
  return out.result;
}

describe("adjudication properties (demo-ppo + cms-edits)", () => {
  it("is deterministic: same input, byte-identical output", () => {
    fc.assert(
      fc.property(claim, context, (c, x) => {
        expect(JSON.stringify(run(c, x, { trace: true }))).toBe(JSON.stringify(run(c, x, { trace: true })));
      }),
      { numRuns: 150 },
    );
  });

  it("does not depend on the order of lines or of JSON keys", () => {
    fc.assert(
      fc.property(claim, context, fc.integer({ min: 0, max: 1000 }), (c, x, seed) => {
        const base = JSON.stringify(run(c, x, { trace: true }));
        const lines = [...(c.lines as unknown[])];
        const permuted = { ...c, lines: lines.map((_, i) => lines[(i + seed) % lines.length]).reverse() };
        expect(JSON.stringify(run(shuffleKeys(permuted, seed), shuffleKeys(x, seed + 1), { trace: true }))).toBe(base);
      }),
      { numRuns: 150 },
    );
  });

  it("balances every decided line: billed = paid + adjustments; patient share = PR adjustments", () => {
    fc.assert(
      fc.property(claim, context, (c, x) => {
        const result = run(c, x);
        let billed = 0;
        let paid = 0;
        let patient = 0;
        for (const line of result.lines) {
          const adjustments = line.adjustments.reduce((n, a) => n + cents(a.amount), 0);
          const pr = line.adjustments.filter((a) => a.group === "PR").reduce((n, a) => n + cents(a.amount), 0);
          if (line.status !== "pended") expect(cents(line.paid) + adjustments).toBe(cents(line.billed));
          else expect(line.adjustments).toEqual([]);
          expect(cents(line.patientResponsibility)).toBe(pr);
          // only a denial is written at 0.00 (a $0 line still needs its reason)
          if (line.status === "paid") for (const a of line.adjustments) expect(cents(a.amount)).toBeGreaterThan(0);
          billed += cents(line.billed);
          paid += cents(line.paid);
          patient += cents(line.patientResponsibility);
        }
        expect(cents(result.totals.billed)).toBe(billed);
        expect(cents(result.totals.paid)).toBe(paid);
        expect(cents(result.totals.patientResponsibility)).toBe(patient);
      }),
      { numRuns: 300 },
    );
  });

  it("never takes the member past the out-of-pocket maximum, in either network", () => {
    fc.assert(
      fc.property(claim, context, (c, x) => {
        const result = run(c, x);
        const before = (name: string) => cents(String((x.accumulators as Record<string, string | number>)[name]));
        const delta = (name: string) => cents(String(result.accumulators[name] ?? "0"));
        expect(before("out_of_pocket") + delta("out_of_pocket")).toBeLessThanOrEqual(3000_00);
        expect(before("oon_out_of_pocket") + delta("oon_out_of_pocket")).toBeLessThanOrEqual(6000_00);
        expect(before("deductible") + delta("deductible")).toBeLessThanOrEqual(500_00);
        expect(before("oon_deductible") + delta("oon_deductible")).toBeLessThanOrEqual(1000_00);
        const patient = cents(result.totals.patientResponsibility);
        expect(delta("out_of_pocket") + delta("oon_out_of_pocket")).toBe(patient);
      }),
      { numRuns: 300 },
    );
  });

  it("compiled evaluator ≡ reference interpreter, with and without the trace", () => {
    fc.assert(
      fc.property(claim, context, (c, x) => {
        const compiled = run(c, x, { trace: true, evaluator: "compiled" });
        const reference = run(c, x, { trace: true, evaluator: "reference" });
        expect(compiled).toEqual(reference);
        // untraced, the compiled evaluator runs generated code instead of closures
        expect(run(c, x, { evaluator: "compiled" })).toEqual(run(c, x, { evaluator: "reference" }));
      }),
      { numRuns: 300 },
    );
  });

  it("generated claims exercise the edits (the generator is not vacuous)", () => {
    const reasons = new Set<string>();
    fc.assert(
      fc.property(claim, context, (c, x) => {
        for (const line of run(c, x).lines) reasons.add(line.reason ?? "paid");
      }),
      { numRuns: 400, seed: 42 },
    );
    for (const r of ["paid", "CO-26", "CO-27", "CO-204", "CO-236", "CO-151", "CO-50", "CO-197"]) expect(reasons).toContain(r);
  });
});
