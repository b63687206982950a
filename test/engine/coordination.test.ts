// The coordination step (src/engine/phases/coordination.ts): a secondary plan's payment by its
// method, the line rewritten so it still balances, and the trace's quantities. The Medicare
// cases are the published worked examples in ./msp-cases (each file cites its source).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { price } from "../../src/engine/phases/pricing.js";
import { shareCosts } from "../../src/engine/phases/cost-share.js";
import { coordinate } from "../../src/engine/phases/coordination.js";
import { findBenefits } from "../../src/engine/phases/benefits.js";
import { adjustmentsOf, type LineState } from "../../src/engine/state.js";
import { claimJson, contextJson, program, stateOf } from "./support.js";

/** a plan with a $100.00 deductible, 20% coinsurance and the given coordination line */
const plan = (coordination: string, fee = "100.00", deductible = "100.00") =>
  program(
    `
table fees "Fees" from "fees.csv" { key code: procedure amount: money }
accumulator deductible "Deductible met": money
accumulator oop "Out of pocket": money
plan "P" {
  fee schedule fees.amount
  ${coordination}
  network in { deductible $${deductible} accumulator deductible out_of_pocket $5000.00 accumulator oop coinsurance 20% }
  network out { deductible $${deductible} accumulator deductible out_of_pocket $5000.00 accumulator oop coinsurance 20% }
}
benefit visits "Visits" { codes { 99213 } }
benefit lab "Lab" { codes { 81002 } in_network: no cost share }
`,
    `99213,${fee}\n81002,5.00\n`,
  );

type Prior = {
  payerId?: string;
  lines: Array<{ lineNumber?: number; allowed: string; paid: string; adjustments?: Array<{ group: string; reason: string; amount: string }> }>;
};

function coordinated(
  p: ReturnType<typeof plan>,
  lines: Parameters<typeof claimJson>[0],
  priors: Prior[],
  accumulators: Record<string, string> = {},
  trace = false,
) {
  const priorPayers = priors.map((x, i) => ({ payerId: x.payerId ?? `PAYER-${i + 1}`, lines: x.lines.map((l) => ({ lineNumber: 1, adjustments: [], ...l })) }));
  const state = stateOf(p, claimJson(lines, { priorPayers }), contextJson({ accumulators }), { trace });
  findBenefits(state);
  price(state);
  shareCosts(state);
  coordinate(state);
  return state;
}

const money = (cents: number) => (cents / 100).toFixed(2);
const adjustments = (s: LineState) => adjustmentsOf(s).map((a) => `${a.group}-${a.reason} ${money(a.amount)}`);

describe("the standard method (NAIC)", () => {
  const p = plan("coordination standard");

  it("pays the allowable expense less the prior payments when that is less than the normal benefit", () => {
    // allowed 100.00, deductible met: normal benefit 80.00; the prior plan allowed 120.00 and paid 90.00
    const [s] = coordinated(p, [{ code: "99213", charge: "150.00" }], [{ lines: [{ allowed: "120.00", paid: "90.00" }] }], { deductible: "100.00" }).lines;
    expect(adjustments(s!)).toEqual(["CO-45 30.00", "OA-23 90.00"]); // paid 30.00 = 120.00 − 90.00; the member owes nothing
  });

  it("pays the normal benefit when the gap is larger, and leaves the member the rest of the gap", () => {
    const [s] = coordinated(p, [{ code: "99213", charge: "150.00" }], [{ lines: [{ allowed: "100.00", paid: "5.00" }] }], { deductible: "100.00" }).lines;
    // normal benefit 80.00 < 100.00 − 5.00; member owes 100.00 − 5.00 − 80.00 = 15.00 of the 20.00 coinsurance
    expect(adjustments(s!)).toEqual(["CO-45 50.00", "OA-23 5.00", "PR-2 15.00"]);
  });

  it("never counts more than the charge as the allowable expense", () => {
    const [s] = coordinated(p, [{ code: "99213", charge: "100.00" }], [{ lines: [{ allowed: "150.00", paid: "50.00" }] }], { deductible: "100.00" }).lines;
    // allowable expense min(100.00, 150.00) = 100.00; 100.00 − 50.00 = 50.00 < 80.00
    expect(adjustments(s!)).toEqual(["OA-23 50.00"]);
  });
});

describe("the non-duplication method", () => {
  const p = plan("coordination non_duplication");

  it("pays the normal benefit less the prior payments, and the member keeps the normal cost share", () => {
    const [s] = coordinated(p, [{ code: "99213", charge: "150.00" }], [{ lines: [{ allowed: "120.00", paid: "50.00" }] }], { deductible: "100.00" }).lines;
    expect(adjustments(s!)).toEqual(["CO-45 50.00", "OA-23 50.00", "PR-2 20.00"]); // pays 30.00
  });

  it("pays nothing when the prior payments reach the normal benefit; the member owes what is left of the allowed", () => {
    const [s] = coordinated(p, [{ code: "99213", charge: "150.00" }], [{ lines: [{ allowed: "120.00", paid: "90.00" }] }], { deductible: "100.00" }).lines;
    expect(adjustments(s!)).toEqual(["CO-45 50.00", "OA-23 90.00", "PR-2 10.00"]);
  });
});

describe("every method", () => {
  for (const method of ["standard", "non_duplication", "medicare_secondary"]) {
    const p = plan(`coordination ${method}`);

    it(`${method}: a line the prior payer did not list pays its normal benefit`, () => {
      const state = coordinated(
        p,
        [
          { code: "99213", charge: "150.00" },
          { code: "81002", charge: "9.00" },
        ],
        [{ lines: [{ lineNumber: 1, allowed: "100.00", paid: "80.00" }] }],
        { deductible: "100.00" },
      );
      expect(adjustments(state.lines[1]!)).toEqual(["CO-45 4.00"]);
    });

    it(`${method}: leaves denied lines alone and moves no accumulator differently`, () => {
      const state = coordinated(
        p,
        [
          { code: "99213", charge: "150.00" },
          { code: "99999", charge: "40.00" },
        ],
        [{ lines: [{ lineNumber: 1, allowed: "100.00", paid: "60.00" }] }],
      );
      expect(state.lines[1]!.status).toBe("denied");
      expect(adjustmentsOf(state.lines[1]!)).toEqual([]);
      // the deductible and out-of-pocket credit is what the plan's own cost share took: 100.00
      expect(Object.fromEntries(state.moneyDeltas)).toEqual({ deductible: 10000, oop: 10000 });
    });
  }

  it("changes nothing without prior payers", () => {
    const p = plan("coordination standard");
    const plain = coordinated(p, [{ code: "99213", charge: "150.00" }], []);
    expect(adjustments(plain.lines[0]!)).toEqual(["CO-45 50.00", "PR-1 100.00"]);
  });

  it("a plan without a coordination line coordinates by the standard method", () => {
    const implicit = coordinated(
      plan(""),
      [{ code: "99213", charge: "150.00" }],
      [{ lines: [{ allowed: "120.00", paid: "90.00" }] }],
      { deductible: "100.00" },
      true,
    );
    expect(adjustments(implicit.lines[0]!)).toEqual(["CO-45 30.00", "OA-23 90.00"]);
    expect(implicit.trace!.build().at(-1)!.facts[0]).toEqual({ fact: "coordination method", value: "standard" });
  });
});

describe("the trace of coordination", () => {
  it("shows every quantity of the formula and which term bound the payment", () => {
    const state = coordinated(
      plan("coordination standard"),
      [{ code: "99213", charge: "150.00" }],
      [{ payerId: "SPOUSE", lines: [{ allowed: "120.00", paid: "90.00" }] }],
      { deductible: "100.00" },
      true,
    );
    const entry = state.trace!.build().find((e) => e.phase === "coordination")!;
    expect(entry.rule).toBe("t/plan");
    expect(entry.action).toBe("pays 30.00 (bound: allowable expense − prior payments); OA-23 90.00; member owes 0.00");
    expect(entry.facts).toEqual([
      { fact: "coordination method", value: "standard" },
      { fact: "line.charge", value: "150.00" },
      { fact: "allowed by this plan", value: "100.00" },
      { fact: "SPOUSE allowed", value: "120.00" },
      { fact: "SPOUSE paid", value: "90.00" },
      { fact: "prior payments", value: "90.00" },
      { fact: "allowable expense (the highest allowed, at most the charge)", value: "120.00" },
      { fact: "normal benefit (paid as primary)", value: "80.00" },
      { fact: "allowable expense − prior payments", value: "30.00" },
    ]);
  });

  it("says when the floor at zero bound", () => {
    const state = coordinated(
      plan("coordination non_duplication"),
      [{ code: "99213", charge: "150.00" }],
      [{ lines: [{ allowed: "120.00", paid: "100.00" }] }],
      { deductible: "100.00" },
      true,
    );
    const entry = state.trace!.build().find((e) => e.phase === "coordination")!;
    expect(entry.action).toBe("pays 0.00 (bound: never below zero); OA-23 100.00; member owes 0.00");
    expect(entry.facts).toContainEqual({ fact: "normal benefit − prior payments", value: "-20.00" });
  });
});

interface MspCase {
  source: string;
  description: string;
  charge: string;
  medicareFee: string;
  unmetDeductible: string;
  primary: { allowed: string; paid: string; adjustments: Array<{ group: string; reason: string; amount: string }> };
  expect: { terms: string[]; paid: string; bound: string[] };
}

describe("Medicare as secondary payer: published worked examples (./msp-cases)", () => {
  const dir = "test/engine/msp-cases";
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const c = JSON.parse(readFileSync(`${dir}/${file}`, "utf8")) as MspCase;
    it(`${file}: ${c.source.split(" (")[0]}`, () => {
      expect(c.source).toMatch(/\S/);
      const p = plan("coordination medicare_secondary", c.medicareFee, "283.00");
      const met = (28300 - Math.round(Number(c.unmetDeductible) * 100)) / 100;
      for (const evaluator of ["compiled", "reference"] as const) {
        const priorPayers = [{ payerId: "PRIMARY", lines: [{ lineNumber: 1, ...c.primary }] }];
        const state = stateOf(
          p,
          claimJson([{ code: "99213", charge: c.charge }], { priorPayers }),
          contextJson({ accumulators: { deductible: met.toFixed(2) } }),
          { trace: true, evaluator },
        );
        findBenefits(state);
        price(state);
        shareCosts(state);
        coordinate(state);
        const s = state.lines[0]!;
        const adjusted = adjustmentsOf(s).reduce((n, a) => n + a.amount, 0);
        expect(money(s.line.charge - adjusted), "Medicare's payment").toBe(c.expect.paid);
        const entry = state.trace!.build().find((e) => e.phase === "coordination")!;
        const terms = entry.facts.filter((f) => /^\(\d\)/.test(f.fact)).map((f) => f.value);
        expect(terms).toEqual(c.expect.terms);
        expect(entry.action).toContain(`(bound: ${c.expect.bound.join(" and ")})`);
        expect(adjustmentsOf(s).find((a) => a.group === "OA")).toEqual({ group: "OA", reason: "23", amount: Math.round(Number(c.primary.paid) * 100) });
      }
    });
  }
});
