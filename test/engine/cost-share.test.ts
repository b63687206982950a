// The cost-share step (src/engine/phases/cost-share.ts): copay, then deductible, then
// coinsurance on the rest, each within the out-of-pocket room, lines sharing accumulators.
import { describe, expect, it } from "vitest";
import { price } from "../../src/engine/phases/pricing.js";
import { shareCosts } from "../../src/engine/phases/cost-share.js";
import { adjustmentsOf } from "../../src/engine/state.js";
import { PLAN, claimJson, contextJson, program, stateOf, withBenefits } from "./support.js";

const p = program(
  PLAN(`
benefit office "Office" { codes { 99213 } in_network: copay $20.00, deductible waived, coinsurance 0% }
benefit surgery "Surgery" { codes { 10060 } }
`),
  "99213,80.00\n10060,200.00\n",
);

function share(lines: Parameters<typeof claimJson>[0], accumulators: Record<string, string> = {}) {
  const state = withBenefits(stateOf(p, claimJson(lines), contextJson({ accumulators })));
  price(state);
  shareCosts(state);
  return state;
}

describe("sharing costs", () => {
  it("takes copay only where the deductible is waived", () => {
    const state = share([{ code: "99213" }]);
    expect(adjustmentsOf(state.lines[0]!)).toEqual([
      { group: "CO", reason: "45", amount: 2000 },
      { group: "PR", reason: "3", amount: 2000 },
    ]);
  });

  it("takes the deductible, then 20% coinsurance of the rest, across lines, up to the out-of-pocket maximum", () => {
    const state = share([
      { code: "10060", charge: "200.00" },
      { code: "10060", charge: "200.00" },
    ]);
    // line 1: deductible 100.00, coinsurance 20.00 (120.00 of 150.00); line 2: 20% is 40.00, 30.00 is left
    expect(state.lines.map(adjustmentsOf)).toEqual([
      [
        { group: "PR", reason: "1", amount: 10000 },
        { group: "PR", reason: "2", amount: 2000 },
      ],
      [{ group: "PR", reason: "2", amount: 3000 }],
    ]);
    expect(Object.fromEntries(state.moneyDeltas)).toEqual({ deductible: 10000, oop: 15000 });
  });

  it("never lets the member pay past the out-of-pocket maximum", () => {
    const state = share([{ code: "10060", charge: "200.00" }], { deductible: "100.00", oop: "140.00" });
    expect(adjustmentsOf(state.lines[0]!)).toEqual([{ group: "PR", reason: "2", amount: 1000 }]);
  });
});
