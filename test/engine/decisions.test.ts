// The decisions recorded as a claim runs (src/engine/adjudicate.ts, adjudicateWithDecisions): the
// deciding rule of each line that is not paid and the authorization units the claim took are
// what the full trace says (read as src/batch/decide.ts reads it), with no trace asked for.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { claim, context } from "../support/arbitraries.js";
import { shippedPack } from "../support/packs.js";
import { parseClaim, parseContext, type Ruleset } from "../../src/index.js";
import { generateClaims } from "../../bench/gen-claims.js";
import { loadPackTables } from "../../bench/tables.js";
import { authorizationUnits, decidedBy, reasonSources } from "../../src/batch/decide.js";

/** recorded decisions against the trace's, for one claim; the untraced result is the traced one without its trace */
function agree(ruleset: Ruleset, claimJson: unknown, contextJson: unknown): { decided: number; authorized: number } {
  const c = parseClaim(claimJson);
  const x = parseContext(contextJson, { accumulators: ruleset.program.accumulators });
  if (!c.ok || !x.ok) throw new Error(`input rejected: ${JSON.stringify(c.ok ? x : c)}`);
  const { result, decisions } = ruleset.adjudicateWithDecisions(c.claim, x.context);
  const traced = ruleset.adjudicateParsed(c.claim, x.context, { trace: true });
  const { trace, ...withoutTrace } = traced;
  expect(result).toEqual(withoutTrace);
  expect(decisions.decidedBy).toEqual(decidedBy(traced, reasonSources(ruleset.program), trace));
  expect(decisions.authorizationUnits).toEqual(authorizationUnits(c.claim, trace ?? []));
  return { decided: decisions.decidedBy.length, authorized: decisions.authorizationUnits.size };
}

describe("decisions recorded without a trace", () => {
  it("name the deciding rule and the authorization units the trace names, on generated claims", () => {
    const ruleset = shippedPack("demo-ppo");
    let decided = 0;
    fc.assert(
      fc.property(claim, context, (c, x) => {
        decided += agree(ruleset, c, x).decided;
      }),
      { numRuns: 300, seed: 1 },
    );
    expect(decided).toBeGreaterThan(50); // the property is not vacuous
  });

  it("name them on the benchmark's claim mix, where physical therapy takes authorized units", () => {
    const ruleset = shippedPack("demo-ppo");
    let decided = 0;
    let authorized = 0;
    for (const r of generateClaims(15, 1500, loadPackTables("rules/demo-ppo"))) {
      const n = agree(ruleset, r.claim, r.context);
      decided += n.decided;
      authorized += n.authorized;
    }
    expect(decided).toBeGreaterThan(50);
    expect(authorized).toBeGreaterThan(20);
  });

  it("agree with the trace on every test claim of the shipped packs", () => {
    const packs = ["demo-ppo", "cms-edits", "demo-ppo-nondup", "medicare-demo", "order-of-benefits"] as const;
    let decided = 0;
    for (const name of packs) {
      const ruleset = shippedPack(name);
      for (const file of readdirSync(`rules/${name}/tests`).filter((f) => f.endsWith(".json"))) {
        const test = JSON.parse(readFileSync(`rules/${name}/tests/${file}`, "utf8"));
        if (!test.claim || !test.context) continue;
        decided += agree(ruleset, test.claim, test.context).decided;
      }
    }
    expect(decided).toBeGreaterThan(20);
  });

  it("names a rule for every line that is not paid", () => {
    const ruleset = shippedPack("demo-ppo");
    fc.assert(
      fc.property(claim, context, (c, x) => {
        const pc = parseClaim(c);
        const px = parseContext(x, { accumulators: ruleset.program.accumulators });
        if (!pc.ok || !px.ok) throw new Error("generated input rejected");
        const { result, decisions } = ruleset.adjudicateWithDecisions(pc.claim, px.context);
        expect(decisions.decidedBy.map((d) => d.lineNumber)).toEqual(result.lines.filter((l) => l.status !== "paid").map((l) => l.lineNumber));
        for (const d of decisions.decidedBy) expect(d.rule).toMatch(/^[a-z0-9-]+\/[a-z0-9_]+$/);
      }),
      { numRuns: 150 },
    );
  });
});
