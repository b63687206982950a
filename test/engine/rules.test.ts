// The rule step (src/engine/phases/rules.ts): the most severe action wins, the first rule to
// take it gives the reason, remarks accumulate, the first `set allowed` wins, skips are honoured.
import { describe, expect, it } from "vitest";
import { runRules } from "../../src/engine/phases/rules.js";
import { claimJson, program, stateOf, statuses } from "./support.js";

const EDITS = `
rule r_pend "Pend colonoscopies" phase validity when line.code = 45378 then pend CO-133 remark N20
rule r_deny "Deny two units" phase validity when line.units > 1 then deny CO-151 remark N362
rule r_deny2 "Deny big charges" phase validity when line.charge > $500.00 then deny CO-4
rule r_remark "Remark on office visits" phase validity when line.code = 99213 then remark M15
`;

describe("running a phase's rules", () => {
  const p = program(EDITS);

  it("lets deny win over pend, and keeps the first deny's reason", () => {
    const state = stateOf(p, claimJson([{ code: "45378", units: 2, charge: "900.00" }, { code: "45378" }, { code: "99213" }]));
    runRules(state, "validity");
    expect(statuses(state)).toEqual(["denied CO-151", "pended CO-133", "paid"]);
    expect(state.lines[0]!.decisionRemarks).toEqual(["N362"]);
    expect([...(state.lines[2]!.remarks ?? [])]).toEqual(["M15"]);
  });

  it("runs only the named phase", () => {
    const state = stateOf(p, claimJson([{ code: "45378", units: 2 }]));
    runRules(state, "eligibility");
    expect(statuses(state)).toEqual(["paid"]);
  });

  it("skips phases and single rules when asked", () => {
    const skippedPhase = stateOf(p, claimJson([{ code: "45378", units: 2 }]), undefined, { skip: { phases: ["validity"] } });
    runRules(skippedPhase, "validity");
    expect(statuses(skippedPhase)).toEqual(["paid"]);
    const skippedRule = stateOf(p, claimJson([{ code: "45378", units: 2 }]), undefined, { skip: { rules: ["t/r_deny"] } });
    runRules(skippedRule, "validity");
    expect(statuses(skippedRule)).toEqual(["pended CO-133"]);
  });

  it("traces every rule that fired, saying when it changed nothing", () => {
    const state = stateOf(p, claimJson([{ code: "45378", units: 2, charge: "900.00" }]), undefined, { trace: true });
    runRules(state, "validity");
    expect(state.trace!.build().map((t) => `${t.rule}: ${t.action}`)).toEqual([
      "t/r_pend: pend CO-133 remark N20",
      "t/r_deny: deny CO-151 remark N362",
      "t/r_deny2: deny CO-4 (already denied CO-151)",
    ]);
  });

  it("gives the same decisions on both evaluators", () => {
    const claim = claimJson([{ code: "45378", units: 2 }, { code: "45378" }, { code: "99213", charge: "600.00" }]);
    const compiled = stateOf(p, claim);
    const reference = stateOf(p, claim, undefined, { evaluator: "reference" });
    runRules(compiled, "validity");
    runRules(reference, "validity");
    expect(statuses(compiled)).toEqual(statuses(reference));
  });

  it("takes the first `set allowed`, never below zero", () => {
    const q = program(`
rule a "Half" phase pricing when line.code = 99213 then set allowed line.charge - $150.00
rule b "Other" phase pricing when line.code = 99213 then set allowed $10.00
`);
    const state = stateOf(q, claimJson([{ code: "99213", charge: "100.00" }]));
    runRules(state, "pricing");
    expect(state.lines[0]!.allowedOverride).toBe(0);
  });
});
