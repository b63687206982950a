// The limit step (src/engine/phases/limits.ts): visits are distinct dates, units are units, both
// counted on top of the accumulator; lines past the limit are denied CO-119.
import fc from "fast-check";
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

  // traced or not, a line is past the limit exactly when the member's visits and the claim's
  // distinct earlier dates of the benefit reach it
  it("denies the lines past the limit by distinct earlier dates, traced or not", () => {
    const line = fc.record({ code: fc.constantFrom("97110", "96372", "99999"), day: fc.integer({ min: 1, max: 6 }) });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 5 }), (drawn, visits) => {
        const lines = drawn.map((l) => ({ code: l.code, serviceDate: `2026-02-0${l.day}` }));
        const count = (trace: boolean) => {
          const state = withBenefits(stateOf(p, claimJson(lines), contextJson({ accumulators: { visits } }), { trace }));
          checkLimits(state);
          return statuses(state);
        };
        const untraced = count(false);
        expect(untraced).toEqual(count(true));
        // and by hand: a line past the limit is one whose date has `visits` + (distinct earlier dates) ≥ 3
        const days = drawn.map((l, i) => (l.code === "97110" && untraced[i] !== "denied CO-204" ? l.day : null));
        drawn.forEach((l, i) => {
          if (l.code !== "97110") return;
          const earlier = new Set(days.filter((d) => d !== null && d < l.day)).size;
          expect(untraced[i]).toBe(visits + earlier >= 3 ? "denied CO-119" : "paid");
        });
      }),
      { numRuns: 300 },
    );
  });
});
