// The stage list (src/engine/stages.ts) is the phase order of grammar/SEMANTICS.md §2, read in
// one place; the engine runs exactly it.
import { describe, expect, it } from "vitest";
import { PHASES } from "../../src/common/phases.js";
import { STAGES } from "../../src/engine/stages.js";
import { runRules } from "../../src/engine/phases/rules.js";
import { price } from "../../src/engine/phases/pricing.js";
import { findBenefits } from "../../src/engine/phases/benefits.js";

describe("the stage list", () => {
  it("names every phase once, in the order of PHASES", () => {
    expect(STAGES.map((s) => s.phase)).toEqual([...PHASES]);
  });

  it("runs a phase's rules after its built-in step, except in pricing, where a `set allowed` must come first", () => {
    const stage = (phase: string) => STAGES.find((s) => s.phase === phase)!.steps;
    expect(stage("benefits")).toEqual([findBenefits, runRules]);
    expect(stage("pricing")).toEqual([runRules, price]);
    expect(stage("cost_share")).not.toContain(runRules);
  });
});
