// The order-of-benefits step (src/engine/phases/order.ts): this plan's place among the member's
// coverages on each line's date, pair by pair by the precedence rules; CO-22 when a plan that
// pays first has no payment on the claim, a pend when no rule decides.
import { describe, expect, it } from "vitest";
import { orderBenefits } from "../../src/engine/phases/order.js";
import { claimJson, contextJson, program, stateOf, statuses } from "./support.js";

// a member covered by this plan and others; the rules rank self over dependent, then by start date
const p = program(`
precedence self_first "The member's own plan pays first"
  cite "Model rule 1"
  when first.relationship = "self" and second.relationship != "self"
precedence earlier_first "The plan that began earlier pays first"
  when first.from < second.from
`);

const mine = (extra: Record<string, unknown> = {}) => ({ planId: "THIS", from: "2024-01-01", to: null, relationship: "spouse", ...extra });
const other = (planId: string, extra: Record<string, unknown> = {}) => ({ planId, from: "2025-01-01", to: null, relationship: "self", ...extra });
const priorPayer = (payerId: string) => ({ payerId, lines: [{ lineNumber: 1, allowed: "80.00", paid: "40.00", adjustments: [] }] });

function order(
  coverage: object[],
  otherCoverage: object[],
  options: { priorPayers?: object[]; lines?: Parameters<typeof claimJson>[0]; trace?: boolean; evaluator?: "compiled" | "reference" } = {},
) {
  const claim = claimJson(options.lines ?? [{ code: "99213" }], options.priorPayers ? { priorPayers: options.priorPayers } : {});
  const state = stateOf(p, claim, contextJson({ coverage, otherCoverage }), { trace: options.trace, evaluator: options.evaluator });
  orderBenefits(state);
  return state;
}

describe("the order of benefits", () => {
  it("denies CO-22 when another plan pays first and its payment is not on the claim", () => {
    expect(statuses(order([mine()], [other("OWN")]))).toEqual(["denied CO-22"]);
  });

  it("lets the line through when the plans before this one have paid", () => {
    expect(statuses(order([mine()], [other("OWN")], { priorPayers: [priorPayer("OWN")] }))).toEqual(["paid"]);
  });

  it("counts every plan ahead: third of three needs two prior payments", () => {
    const others = [other("OWN"), other("OLDER", { relationship: "spouse", from: "2020-01-01" })];
    expect(statuses(order([mine()], others, { priorPayers: [priorPayer("OWN")] }))).toEqual(["denied CO-22"]);
    expect(statuses(order([mine()], others, { priorPayers: [priorPayer("OWN"), priorPayer("OLDER")] }))).toEqual(["paid"]);
  });

  it("takes the first rule, in declaration order, that puts one of the two first", () => {
    // the other plan began later but covers the member as herself: rule 1 decides before rule 2
    const state = order([mine()], [other("OWN")], { trace: true });
    expect(state.trace!.build()[0]).toMatchObject({ rule: "t/self_first", action: "OWN pays before this plan (THIS)", cites: ["Model rule 1"] });
  });

  it("skips a rule that holds both ways, and pends the line when no rule decides", () => {
    const both = order([mine({ relationship: "self" })], [other("TWIN", { from: "2024-01-01" })], { trace: true });
    expect(statuses(both)).toEqual(["pended CO-133"]);
    const entries = both.trace!.build();
    expect(entries.map((e) => e.action)).toEqual([
      "no precedence rule puts TWIN or this plan (THIS) first",
      "pend CO-133: the order of benefits is not decided",
    ]);
  });

  it("weighs only the coverage in force on the line's date", () => {
    const ended = other("OWN", { from: "2020-01-01", to: "2026-01-31" });
    const state = order([mine()], [ended], {
      lines: [
        { code: "99213", serviceDate: "2026-01-15" },
        { code: "99213", serviceDate: "2026-02-15" },
      ],
    });
    expect(statuses(state)).toEqual(["denied CO-22", "paid"]);
  });

  it("does nothing without other coverage, without this plan's coverage on the date, or without precedence rules", () => {
    expect(statuses(order([mine()], []))).toEqual(["paid"]);
    expect(statuses(order([mine({ from: "2026-06-01" })], [other("OWN")]))).toEqual(["paid"]);
    const plain = program(`rule r "R" phase eligibility when false then deny CO-27`);
    const state = stateOf(plain, claimJson([{ code: "99213" }]), contextJson({ otherCoverage: [other("OWN")] }), { trace: true });
    orderBenefits(state);
    expect(statuses(state)).toEqual(["paid"]);
    expect(state.trace!.build()).toEqual([]);
  });

  it("traces each pair, with the facts the deciding rule read, and this plan's place", () => {
    const state = order([mine()], [other("OWN"), other("LATER", { relationship: "child", from: "2025-06-01" })], {
      trace: true,
      priorPayers: [priorPayer("OWN")],
    });
    const entries = state.trace!.build();
    expect(entries[0]).toMatchObject({
      phase: "eligibility",
      facts: [
        { fact: "first", value: "OWN" },
        { fact: "second", value: "THIS" },
        { fact: "first.relationship", value: "self" },
        { fact: "second.relationship", value: "spouse" },
      ],
    });
    expect(entries[1]).toMatchObject({ rule: "t/earlier_first", action: "this plan (THIS) pays before LATER" });
    expect(entries[2]).toMatchObject({
      rule: "t/plan",
      action: "this plan pays 2nd of 3",
      facts: [
        { fact: "coverage of this plan", value: "THIS" },
        { fact: "other coverage on the date", value: ["OWN", "LATER"] },
        { fact: "prior payers on the claim", value: 1 },
      ],
    });
    expect(
      order([mine({ relationship: "self" })], [other("SPOUSE", { relationship: "spouse" })], { trace: true })
        .trace!.build()
        .at(-1)!.action,
    ).toBe("this plan pays first (primary)");
    expect(
      order([mine()], [other("OWN")], { trace: true })
        .trace!.build()
        .at(-1)!.action,
    ).toBe("deny CO-22: this plan pays 2nd of 2, and the claim carries no prior payment");
  });

  it("decides the same on the reference interpreter and the compiled evaluator", () => {
    const cases: Array<[object[], object[]]> = [
      [[mine()], [other("OWN")]],
      [[mine({ relationship: "self" })], [other("A", { from: "2020-01-01" }), other("B", { relationship: "child" })]],
      [[mine({ relationship: "self" })], [other("TWIN", { from: "2024-01-01" })]],
    ];
    for (const [coverage, others] of cases) {
      const compiled = order(coverage, others, { trace: true, evaluator: "compiled" });
      const reference = order(coverage, others, { trace: true, evaluator: "reference" });
      expect(statuses(compiled)).toEqual(statuses(reference));
      expect(compiled.trace!.build()).toEqual(reference.trace!.build());
    }
  });
});
