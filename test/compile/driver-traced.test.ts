// The traced phase runners (src/compile/driver-traced.ts): made only of the generators' own
// fragments and integers, and the same results and traces, byte for byte, as the engine's own
// traced step over the rule checks (src/engine/phases/rules.ts) and as the closures.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compilePack, formatDiagnostic, parseClaim, parseContext, type Program } from "../../src/index.js";
import { tracedRunnerSource } from "../../src/compile/driver-traced.js";
import { compiledEvaluator } from "../../src/compile/evaluator.js";
import { PHASES } from "../../src/common/phases.js";
import { adjudicate } from "../../src/engine/adjudicate.js";
import type { Evaluator } from "../../src/runtime/evaluator.js";
import { claim, context } from "../support/arbitraries.js";
import { claimJson } from "../engine/support.js";
import { shippedPack } from "../support/packs.js";
import { HOSTILE, HOSTILE_IN_EDICT, hostilePack } from "../support/hostile.js";
import { generateClaims } from "../../bench/gen-claims.js";
import { loadPackTables } from "../../bench/tables.js";
import { foreignTokens, RUNNER_WORDS } from "../support/generated.js";

function runnerSources(program: Program): Array<{ source: string; constants: unknown[] }> {
  return PHASES.flatMap((phase, p) => {
    const indices = program.rules.flatMap((r, i) => (r.phase === phase ? [i] : []));
    return indices.length ? [tracedRunnerSource(program.rules, p, indices)] : [];
  });
}

/** the evaluator without its traced runners: the engine tests each rule check itself */
function withoutRunners(evaluator: Evaluator): Evaluator {
  return { ...evaluator, tracedPhaseRunner: undefined };
}

/** the evaluator, counting the traced runners it gives */
function counting(evaluator: Evaluator): { evaluator: Evaluator; runs: () => number } {
  let runs = 0;
  const inner = evaluator.tracedPhaseRunner!;
  return {
    evaluator: {
      ...evaluator,
      tracedPhaseRunner: (phase) => {
        const runner = inner(phase);
        if (runner) runs++;
        return runner;
      },
    },
    runs: () => runs,
  };
}

function traced(program: Program, evaluator: Evaluator, c: unknown, x: unknown): string {
  const parsed = parseClaim(c);
  const ctx = parseContext(x, { accumulators: program.accumulators });
  if (!parsed.ok || !ctx.ok) throw new Error("a generated claim was rejected");
  return JSON.stringify(adjudicate(program, evaluator, parsed.claim, ctx.context, { trace: true }));
}

const CLAIM = claimJson([{ code: "99213" }, { code: "99214", units: 2, charge: "150.00" }]);

describe("traced phase runners", () => {
  it("are made of the generators' fragments only, for every rule of the shipped packs", () => {
    for (const name of ["demo-ppo", "cms-edits", "medicare-demo", "demo-ppo-nondup"] as const) {
      const sources = runnerSources(shippedPack(name).program);
      expect(sources.length).toBeGreaterThan(0);
      for (const { source } of sources) {
        expect(foreignTokens(source, RUNNER_WORDS), source).toEqual([]);
        expect(source).toContain("A.push(s, rules[k])");
      }
    }
  });

  it("carry hostile rule text as constants, never as code", () => {
    const escaped = HOSTILE_IN_EDICT;
    const program = hostilePack(`rule r "${escaped}"
  phase validity
  cite "${escaped}"
  when claim.id = "${escaped}" and member.id != "\`\${globalThis.pwned = true}\`"
       and not (any row in t[line.code] where row.note = "${escaped}")
  then deny CO-16
`);
    const sources = runnerSources(program);
    expect(sources.length).toBe(1);
    const { source, constants } = sources[0]!;
    expect(foreignTokens(source, RUNNER_WORDS)).toEqual([]);
    expect(source).not.toContain("pwned");
    expect(constants).toContain(HOSTILE);
  });

  it("show every rule that fires, also where it cannot change the line, as the rule checks do", () => {
    const compiled = compilePack("p", {
      "p/rules.edict": `pack "p" version "1"
rule first phase validity when line.units >= 1 then deny CO-16
rule again phase validity when line.units >= 1 then deny CO-16
rule held phase validity when line.units >= 1 then pend
rule noted phase validity when line.units >= 2 then remark N362
rule never phase validity when line.units >= 99 then deny CO-16
`,
    });
    if (!compiled.ok) throw new Error(compiled.diagnostics.map(formatDiagnostic).join("\n"));
    const program = compiled.ruleset.program;
    const x = { asOf: "2026-03-01", coverage: [] };
    const { evaluator, runs } = counting(compiledEvaluator(program));
    const viaRunner = traced(program, evaluator, CLAIM, x);
    expect(runs()).toBeGreaterThan(0);
    expect(viaRunner).toBe(traced(program, withoutRunners(compiledEvaluator(program)), CLAIM, x));
    expect(viaRunner).toBe(traced(program, compiledEvaluator(program, { codegen: false }), CLAIM, x));
    const shown = (JSON.parse(viaRunner).trace as Array<{ rule: string; line?: number }>).filter((e) => e.rule.startsWith("p/") && e.rule !== "p/plan");
    expect(shown.map((e) => e.rule)).toEqual(["p/first", "p/again", "p/held", "p/first", "p/again", "p/held", "p/noted"]);
  });

  it("give the rule checks' and the closures' results and traces, byte for byte, on generated claims (demo-ppo + cms-edits)", () => {
    const program = shippedPack("demo-ppo").program;
    const { evaluator, runs } = counting(compiledEvaluator(program));
    const checks = withoutRunners(compiledEvaluator(program));
    const closures = compiledEvaluator(program, { codegen: false });
    fc.assert(
      fc.property(claim, context, (c, x) => {
        const viaRunner = traced(program, evaluator, c, x);
        expect(viaRunner).toBe(traced(program, checks, c, x));
        expect(viaRunner).toBe(traced(program, closures, c, x));
      }),
      { numRuns: 150 },
    );
    // the benchmark's claim generator: PTP pairs, MUE units, history, authorizations
    const records = generateClaims(20261202, 400, loadPackTables("rules/demo-ppo"));
    let edits = 0;
    for (const r of records) {
      const viaRunner = traced(program, evaluator, r.claim, r.context);
      expect(viaRunner).toBe(traced(program, checks, r.claim, r.context));
      expect(viaRunner).toBe(traced(program, closures, r.claim, r.context));
      edits += (JSON.parse(viaRunner).trace as Array<{ rule: string }>).filter((e) => e.rule.startsWith("cms-edits/")).length;
    }
    expect(edits).toBeGreaterThan(20); // the edits fired, so their facts were compared
    expect(runs()).toBeGreaterThan(400);
  });
});
