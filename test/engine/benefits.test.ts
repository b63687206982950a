// The benefit step (src/engine/phases/benefits.ts): first benefit in declaration order whose
// codes and `when` hold; none → CO-204; no plan → every line pends; denied lines are left alone.
import { describe, expect, it } from "vitest";
import { findBenefits } from "../../src/engine/phases/benefits.js";
import { deny } from "../../src/engine/state.js";
import { PLAN, claimJson, program, stateOf, statuses } from "./support.js";

const p = program(
  PLAN(`
benefit screening "Screening" { codes { 45378 } when Z12.11 in line.diagnoses in_network: no cost share }
benefit scopes "Scopes" { codes { 45378, 45380 } }
benefit office "Office" { codes { 99211..99215 } in_network: copay $20.00, deductible waived }
`),
  "99213,80.00\n45378,500.00\n",
);

describe("finding each line's benefit", () => {
  it("takes the first benefit whose codes and condition hold", () => {
    const screening = stateOf(p, claimJson([{ code: "45378" }], { diagnoses: ["Z12.11"] }));
    findBenefits(screening);
    expect(screening.lines[0]!.benefit!.id).toBe("screening");
    const diagnostic = stateOf(p, claimJson([{ code: "45378" }, { code: "99213" }]));
    findBenefits(diagnostic);
    expect(diagnostic.lines.map((s) => s.benefit?.id)).toEqual(["scopes", "office"]);
  });

  it("denies CO-204 when no benefit covers the code, and leaves denied lines alone", () => {
    const state = stateOf(p, claimJson([{ code: "97110" }, { code: "99213" }]), undefined, { trace: true });
    deny(state.lines[1]!, { group: "CO", carc: "18" }, [], state.plan);
    findBenefits(state);
    expect(statuses(state)).toEqual(["denied CO-204", "denied CO-18"]);
    expect(state.lines[1]!.benefit).toBe(null);
    expect(state.trace!.build().map((t) => t.action)).toEqual(["deny CO-204: no benefit covers 97110"]);
  });

  it("pends every line when the ruleset has edits but no plan", () => {
    const edits = program(`rule r "R" phase validity when line.units > 5 then deny CO-151`);
    const state = stateOf(edits, claimJson([{ code: "99213" }]));
    findBenefits(state);
    expect(statuses(state)).toEqual(["pended CO-133"]);
  });
});
