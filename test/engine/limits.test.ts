// The limit step (src/engine/phases/limits.ts): visits are distinct dates, units are units, both
// counted on top of the accumulator; lines past the limit are denied CO-119.
import { describe, expect, it } from "vitest";
import { checkLimits } from "../../src/engine/phases/limits.js";
import { PLAN, claimJson, contextJson, program, stateOf, statuses, withBenefits } from "./support.js";

const p = program(
  PLAN(`
accumulator visits "Visits": count
accumulator units "Units": count
benefit pt "PT" { codes { 97110 } limit 3 visits per year accumulator visits }
benefit inj "Injections" { codes { 96372 } limit 4 units per year accumulator units }
`),
  "97110,40.00\n96372,20.00\n",
);

const run = (lines: Parameters<typeof claimJson>[0], accumulators: Record<string, number>) => {
  const state = withBenefits(stateOf(p, claimJson(lines), contextJson({ accumulators })));
  checkLimits(state);
  return statuses(state);
};

describe("checking benefit limits", () => {
  it("counts visits as distinct dates of service", () => {
    const lines = [
      { code: "97110", serviceDate: "2026-02-01" },
      { code: "97110", serviceDate: "2026-02-01" },
      { code: "97110", serviceDate: "2026-02-02" },
      { code: "97110", serviceDate: "2026-02-03" },
    ];
    expect(run(lines, { visits: 1 })).toEqual(["paid", "paid", "paid", "denied CO-119"]);
  });

  it("counts units, denying a line that would pass the limit", () => {
    expect(
      run(
        [
          { code: "96372", units: 3 },
          { code: "96372", units: 2 },
          { code: "96372", units: 1 },
        ],
        { units: 0 },
      ),
    ).toEqual(["paid", "denied CO-119", "paid"]);
  });
});
