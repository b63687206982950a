// Properties of coordination over generated claims with prior payers, for the three shipped
// methods (demo-ppo: standard, demo-ppo-nondup: non_duplication, medicare-demo:
// medicare_secondary): a secondary plan never pays more than its normal benefit (what it pays
// for the same claim as primary) nor more than the balance the prior payers left; the line
// still balances; and without prior payers the coordination and order steps change nothing.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { claim, context } from "../support/arbitraries.js";
import { shippedPack } from "../support/packs.js";
import { parseMoney } from "../../src/model/money.js";
import type { Result } from "../../src/index.js";
import { STAGES } from "../../src/engine/stages.js";
import { newClaimState } from "../../src/engine/adjudicate.js";
import { buildResult } from "../../src/engine/result.js";
import { orderBenefits } from "../../src/engine/phases/order.js";
import { coordinate } from "../../src/engine/phases/coordination.js";
import { compiledEvaluator } from "../../src/compile/evaluator.js";
import { parseClaim, parseContext } from "../../src/model/schemas.js";

const cents = (v: unknown) => {
  const r = parseMoney(v, { allowNegative: true });
  if (!r.ok) throw new Error(`not money: ${String(v)}`);
  return r.cents;
};
const show = (c: number) => (c / 100).toFixed(2);

type Json = Record<string, unknown>;

/** one or two payers before this plan; each lists some lines, never paying more than the charge in all */
const withPriorPayers = fc.tuple(claim, context).chain(([c, x]) => {
  const lines = c.lines as Json[];
  const share = fc.record({
    listed: fc.boolean(),
    allowed: fc.integer({ min: 0, max: 100 }),
    paid: fc.integer({ min: 0, max: 100 }),
    contractual: fc.boolean(),
  });
  return fc.array(fc.array(share, { minLength: lines.length, maxLength: lines.length }), { minLength: 1, maxLength: 2 }).map((payers) => {
    const paidSoFar = lines.map(() => 0);
    const priorPayers = payers.map((shares, p) => ({
      payerId: `PAYER-${p + 1}`,
      lines: lines.flatMap((line, i) => {
        const s = shares[i]!;
        if (!s.listed) return [];
        const charge = cents(line.charge);
        const allowed = Math.floor((charge * s.allowed) / 100);
        const paid = Math.min(Math.floor((allowed * s.paid) / 100), charge - paidSoFar[i]!);
        paidSoFar[i]! += paid;
        const adjustments = [];
        if (s.contractual && charge > allowed) adjustments.push({ group: "CO", reason: "45", amount: show(charge - allowed) });
        if (allowed > paid) adjustments.push({ group: "PR", reason: "2", amount: show(allowed - paid) });
        return [{ lineNumber: line.lineNumber, allowed: show(allowed), paid: show(paid), adjustments }];
      }),
    }));
    return { claim: { ...c, priorPayers }, primary: c, context: x };
  });
});

/** medicare-demo declares one accumulator, the deductible */
const medicareContext = (x: Json) => ({ ...x, accumulators: { deductible: show(Math.min(28300, cents((x.accumulators as Json).deductible))) } });

const PACKS = [
  { name: "demo-ppo" as const, context: (x: Json) => x },
  { name: "demo-ppo-nondup" as const, context: (x: Json) => x },
  { name: "medicare-demo" as const, context: medicareContext },
];

function run(pack: (typeof PACKS)[number]["name"], c: unknown, x: unknown, options = {}): Result {
  const out = shippedPack(pack).adjudicate(c, x, options);
  if (!out.ok) throw new Error(`generated input rejected: ${JSON.stringify(out.issues)}`);
  return out.result;
}

describe("coordination properties", () => {
  for (const pack of PACKS) {
    it(`${pack.name}: never more than the normal benefit nor the balance left; balanced; accumulators as primary`, () => {
      fc.assert(
        fc.property(withPriorPayers, ({ claim: secondaryClaim, primary, context: x }) => {
          const ctx = pack.context(x as Json);
          const secondary = run(pack.name, secondaryClaim, ctx);
          const alone = run(pack.name, primary, ctx);
          const priorPayers = (secondaryClaim as { priorPayers: Array<{ lines: Json[] }> }).priorPayers;
          for (const line of secondary.lines) {
            const asPrimary = alone.lines.find((l) => l.lineNumber === line.lineNumber)!;
            const priorPaid = priorPayers
              .flatMap((p) => p.lines)
              .filter((l) => l.lineNumber === line.lineNumber)
              .reduce((n, l) => n + cents(l.paid), 0);
            const paid = cents(line.paid);
            expect(line.status).toBe(asPrimary.status);
            expect(paid).toBeGreaterThanOrEqual(0);
            expect(paid).toBeLessThanOrEqual(cents(asPrimary.paid));
            expect(paid).toBeLessThanOrEqual(cents(line.billed) - priorPaid);
            expect(cents(line.patientResponsibility)).toBeLessThanOrEqual(cents(asPrimary.patientResponsibility));
            const adjusted = line.adjustments.reduce((n, a) => n + cents(a.amount), 0);
            if (line.status !== "pended") expect(paid + adjusted).toBe(cents(line.billed));
            expect(cents(line.patientResponsibility)).toBe(line.adjustments.filter((a) => a.group === "PR").reduce((n, a) => n + cents(a.amount), 0));
            if (line.status === "paid") {
              for (const a of line.adjustments) expect(cents(a.amount)).toBeGreaterThan(0);
              const oa23 = line.adjustments.find((a) => a.group === "OA" && a.reason === "23");
              expect(oa23 ? cents(oa23.amount) : 0).toBe(priorPaid);
            }
          }
          expect(secondary.accumulators).toEqual(alone.accumulators);
        }),
        { numRuns: 150 },
      );
    });
  }

  it("compiled evaluator ≡ reference interpreter on secondary claims, trace included", () => {
    fc.assert(
      fc.property(withPriorPayers, fc.constantFrom(...PACKS), ({ claim: c, context: x }, pack) => {
        const ctx = pack.context(x as Json);
        expect(run(pack.name, c, ctx, { trace: true })).toEqual(run(pack.name, c, ctx, { trace: true, evaluator: "reference" }));
      }),
      { numRuns: 100 },
    );
  });

  it("the generator is not vacuous: each bound of each method is reached", () => {
    const bounds = new Set<string>();
    fc.assert(
      fc.property(withPriorPayers, fc.constantFrom(...PACKS), ({ claim: c, context: x }, pack) => {
        for (const entry of run(pack.name, c, pack.context(x as Json), { trace: true }).trace ?? []) {
          if (entry.phase === "coordination") bounds.add(`${pack.name}: ${/\(bound: (.*)\); /.exec(entry.action)![1]}`);
        }
      }),
      { numRuns: 600, seed: 7 },
    );
    for (const b of [
      "demo-ppo: normal benefit (paid as primary)",
      "demo-ppo: allowable expense − prior payments",
      "demo-ppo-nondup: normal benefit − prior payments",
      "demo-ppo-nondup: never below zero",
      "medicare-demo: (1) charge or amount accepted in full − prior payments",
      "medicare-demo: (2) normal benefit (paid as primary)",
      "medicare-demo: (3) higher allowed − prior payments",
    ])
      expect(bounds).toContain(b);
  });

  it("without prior payers or other coverage, the order and coordination steps change nothing (trace included)", () => {
    const adjudicateWithout = (name: "demo-ppo" | "medicare-demo", c: unknown, x: unknown) => {
      const program = shippedPack(name).program;
      const pc = parseClaim(c);
      const px = parseContext(x, { accumulators: program.accumulators });
      if (!pc.ok || !px.ok) throw new Error("generated input rejected");
      const state = newClaimState(program, compiledEvaluator(program), pc.claim, px.context, { trace: true });
      for (const stage of STAGES) for (const step of stage.steps) if (step !== orderBenefits && step !== coordinate) step(state, stage.phase);
      return buildResult(program, pc.claim, state.lines, state.moneyDeltas, state.trace?.build());
    };
    fc.assert(
      fc.property(claim, context, fc.boolean(), (c, x, emptyList) => {
        const primary = emptyList ? { ...c, priorPayers: [] } : c;
        expect(JSON.stringify(run("demo-ppo", primary, x, { trace: true }))).toBe(JSON.stringify(adjudicateWithout("demo-ppo", c, x)));
        const mx = medicareContext(x as Json);
        expect(JSON.stringify(run("medicare-demo", primary, mx, { trace: true }))).toBe(JSON.stringify(adjudicateWithout("medicare-demo", c, mx)));
      }),
      { numRuns: 150 },
    );
  });
});
