// The fee step (src/engine/phases/pricing.ts): allowed = min(billed, fee × units) or a rule's
// amount; the difference is CO-45; a code with no fee pends to be priced by hand.
import { describe, expect, it } from "vitest";
import { price } from "../../src/engine/phases/pricing.js";
import { adjustmentsOf } from "../../src/engine/state.js";
import { PLAN, claimJson, program, stateOf, statuses, withBenefits } from "./support.js";

const p = program(PLAN(`benefit all "All" { codes { 99211..99215, 97110 } }`), "99213,80.00\n");

describe("pricing", () => {
  it("allows the lesser of billed and fee × units, writing off the rest as CO-45", () => {
    const state = withBenefits(
      stateOf(
        p,
        claimJson([
          { code: "99213", charge: "200.00", units: 2 },
          { code: "99213", charge: "50.00" },
        ]),
      ),
    );
    price(state);
    expect(state.lines.map((s) => s.allowed)).toEqual([16000, 5000]);
    expect(adjustmentsOf(state.lines[0]!)).toEqual([{ group: "CO", reason: "45", amount: 4000 }]);
    expect(adjustmentsOf(state.lines[1]!)).toEqual([]);
  });

  it("uses a rule's allowed amount instead of the fee", () => {
    const state = withBenefits(stateOf(p, claimJson([{ code: "99213", charge: "200.00" }])));
    state.lines[0]!.allowedOverride = 1234;
    price(state);
    expect(state.lines[0]!.allowed).toBe(1234);
  });

  it("pends a line with no fee-schedule amount", () => {
    const state = withBenefits(stateOf(p, claimJson([{ code: "97110" }]), undefined, { trace: true }));
    price(state);
    expect(statuses(state)).toEqual(["pended CO-133"]);
    expect(state.trace!.build()[0]!.action).toBe("pend CO-133: no fee-schedule amount for 97110; price by hand");
  });
});
