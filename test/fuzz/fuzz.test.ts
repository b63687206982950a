// A short, seeded pass of every fuzz target (./targets.ts) in the normal test run: the same
// inputs each time, so a failure here is reproducible; `npm run fuzz` runs them longer.
import { describe, it, expect } from "vitest";
import { TARGETS } from "./targets.js";

const SEED = 20261201;
const RUNS: Record<string, number> = { parser: 150, checker: 40, contract: 150, tables: 150, artifact: 150, records: 150, grammar: 60 };

describe("fuzzing, a short seeded pass", () => {
  for (const target of TARGETS) {
    it(`${target.name}: ${target.about}`, () => {
      let results = 0;
      let refused = 0;
      for (let i = 0; i < RUNS[target.name]; i++) {
        const seed = SEED + i;
        let outcome: "result" | "refused";
        try {
          outcome = target.check(target.make(seed));
        } catch (e) {
          throw new Error(`${target.name}, seed ${seed}: ${(e as Error).message}`);
        }
        if (outcome === "result") results++;
        else refused++;
      }
      expect(results + refused).toBe(RUNS[target.name]);
      // a damaged artifact is always refused; elsewhere both kinds of answer occur, so the pass is not vacuous
      if (target.name === "artifact") expect(refused).toBe(RUNS.artifact);
      else {
        expect(results).toBeGreaterThan(0);
        expect(refused).toBeGreaterThan(0);
      }
    });
  }
});
