// The generated stage driver (src/compile/driver.ts stageDriver): the engine's stages called in
// order from a call site each, made of the generator's own fragments and integers, steps and
// phases as constants; and the engine's results through it the same as through its loop.
import { describe, expect, it } from "vitest";
import { stageDriver, stageDriverSource, type DriverItem } from "../../src/compile/driver.js";
import { adjudicate } from "../../src/engine/adjudicate.js";
import { STAGES } from "../../src/engine/stages.js";
import { runRules } from "../../src/engine/phases/rules.js";
import { compiledEvaluator } from "../../src/compile/evaluator.js";
import { parseClaim, parseContext } from "../../src/index.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { shippedPack } from "../support/packs.js";
import { foreignTokens } from "../support/generated.js";

type Log = string[];

describe("the stage driver", () => {
  it("calls each step with its phase and each phase's runner, in the items' order, skipping a phase with no runner", () => {
    const calls: Log = [];
    const step = (name: string) => (state: Log, phase: never) => void state.push(`${name}:${phase}`);
    const runner = (name: string) =>
      ((lines: unknown[], claim: unknown, context: unknown, actions: unknown) =>
        calls.push(`${name}(${lines.length},${String(claim)},${String(context)},${String(actions)})`)) as never;
    const items: Array<DriverItem<Log>> = [
      { kind: "step", step: step("a"), phase: "one" },
      { kind: "rules", phase: 2 },
      { kind: "rules", phase: 0 },
      { kind: "rules", phase: 1 },
      { kind: "step", step: step("b"), phase: "two" },
      { kind: "rules", phase: 5 },
    ];
    const driver = stageDriver<Log, never>(items);
    expect(driver).not.toBeNull();
    driver!(calls, [1, 2] as never[], "claim" as never, "context" as never, [runner("r0"), null, runner("r2")], "A" as never);
    expect(calls).toEqual(["a:one", "r2(2,claim,context,A)", "r0(2,claim,context,A)", "b:two"]);
  });

  it("is made of its own fragments only: steps and phases are constants, never code", () => {
    const hostile = '`${globalThis.pwned = true}`"; pwned()';
    const named = function pwnedStep() {
      // a step whose name must not reach the source
    };
    const { source, constants } = stageDriverSource<unknown>([
      { kind: "step", step: named, phase: hostile },
      { kind: "rules", phase: 3 },
    ]);
    // generated names: s, p and r with an integer
    expect(foreignTokens(source, "K R A d state lines claim context").filter((w) => !/^[spr]\d+$/.test(w))).toEqual([]);
    expect(source).not.toContain("pwned");
    expect(constants).toEqual([named, hostile]);
  });

  it("runs the engine's STAGES: every rule step a runner, every other step a constant", () => {
    const items = STAGES.flatMap((stage) => stage.steps.map((s) => (s === runRules ? "rules" : "step")));
    const { source, constants } = stageDriverSource<unknown>(
      STAGES.flatMap((stage) =>
        stage.steps.map(
          (step): DriverItem<unknown> => (step === runRules ? { kind: "rules", phase: 0 } : { kind: "step", step: step as never, phase: stage.phase }),
        ),
      ),
    );
    expect((source.match(/\bs\d+\(state/g) ?? []).length).toBe(items.filter((i) => i === "step").length);
    expect((source.match(/\br\d+\(lines/g) ?? []).length).toBe(items.filter((i) => i === "rules").length);
    expect(constants.filter((c) => typeof c === "function")).toEqual(STAGES.flatMap((s) => s.steps.filter((x) => x !== runRules)));
  });

  it("gives the example claims the same results as the engine's loop", () => {
    const ruleset = shippedPack("demo-ppo");
    const program = ruleset.program;
    const evaluator = compiledEvaluator(program);
    // the loop: the same evaluator with no phase runners, so each rule's check runs (src/engine/phases/rules.ts)
    const { phaseRunners: _, ...looped } = evaluator;
    let compared = 0;
    for (const dir of readdirSync("examples/claims")) {
      if (!existsSync(`examples/claims/${dir}/context.json`)) continue;
      const claim = parseClaim(JSON.parse(readFileSync(`examples/claims/${dir}/claim.json`, "utf8")));
      const context = parseContext(JSON.parse(readFileSync(`examples/claims/${dir}/context.json`, "utf8")), { accumulators: program.accumulators });
      if (!claim.ok || !context.ok) continue;
      const driven = adjudicate(program, evaluator, claim.claim, context.context);
      expect(JSON.stringify(driven)).toBe(JSON.stringify(adjudicate(program, looped, claim.claim, context.context)));
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});
