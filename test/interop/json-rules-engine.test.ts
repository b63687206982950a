// json-rules-engine as an independent oracle: generated rules in the exportable subset, run by
// json-rules-engine on the exported JSON and by Edict, fire on exactly the same claim lines.
// Also: refusals carry positions, and import → check → export round-trips.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { readFileSync } from "node:fs";
import { compilePack, formatDiagnostic, parseClaim, parseContext } from "../../src/index.js";
import { exportJsonRulesEngine, importJsonRulesEngine, jreFacts } from "../../src/interop/json-rules-engine.js";
import { shippedPack } from "../support/packs.js";
import { claim, context } from "../support/arbitraries.js";

const atom = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map((n) => `line.units > ${n}`),
  fc.integer({ min: 1, max: 5 }).map((n) => `line.units <= ${n}`),
  fc.integer({ min: 0, max: 900 }).map((n) => `line.charge >= $${n}.25`),
  fc.constantFrom("99213", "97110", "45378", "G0121").map((c) => `line.code = ${c}`),
  fc.constant("line.code in { 99211..99215, 97110, 97530 }"),
  fc.constant("line.code not in { 45378, 45380 }"),
  fc.constantFrom('"F"', '"M"').map((s) => `member.sex = ${s}`),
  fc.constant('provider.network != "in"'),
  fc.constant('line.placeOfService = "11"'),
  fc.constantFrom("2026-01-15", "2026-06-30").map((d) => `line.serviceDate < ${d}`),
  fc.constant("claim.receivedDate >= line.serviceDate"),
  fc.constant("member.birthDate > line.serviceDate"),
  fc.constantFrom("25", "59", "LT").map((m) => `${m} in line.modifiers`),
  fc.constant("Z12.11 in line.diagnoses"),
  fc.constant("M54.50 not in line.diagnoses"),
  fc.integer({ min: 1, max: 4 }).map((n) => `line.lineNumber = ${n}`),
);

const condition: fc.Arbitrary<string> = fc.letrec<{ cond: string }>((tie) => ({
  cond: fc.oneof(
    { depthSize: "small" },
    atom,
    fc.tuple(tie("cond"), tie("cond")).map(([a, b]) => `(${a} and ${b})`),
    fc.tuple(tie("cond"), tie("cond")).map(([a, b]) => `(${a} or ${b})`),
    tie("cond").map((a) => `not (${a})`),
  ),
})).cond;

function pack(conditions: string[]): string {
  const rules = conditions.map((c, i) => `rule r${i}\n  phase validity\n  when ${c}\n  then deny CO-16\n`);
  return `pack "gen" version "1"\n\n${rules.join("\n")}`;
}

async function jreFired(rules: unknown[], facts: Record<string, unknown>): Promise<string[]> {
  const engine = new Engine(rules as never[], { allowUndefinedFacts: true });
  const { events } = await engine.run(facts);
  return events.map((e) => String((e.params as { rule: string }).rule)).sort();
}

describe("json-rules-engine differential", () => {
  it("fires the same rules on the same lines as Edict", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(condition, { minLength: 1, maxLength: 6 }), claim, context, async (conditions, c, x) => {
        const compiled = compilePack("gen", { "gen/rules.edict": pack(conditions) });
        if (!compiled.ok) throw new Error(compiled.diagnostics.map(formatDiagnostic).join("\n"));
        const exported = exportJsonRulesEngine(compiled.ruleset.program);
        expect(exported.diagnostics).toEqual([]);
        const parsedClaim = parseClaim(c);
        const parsedContext = parseContext(x, { accumulators: [], allowUnknown: true });
        if (!parsedClaim.ok || !parsedContext.ok) throw new Error("generated input rejected");
        const result = compiled.ruleset.adjudicateParsed(parsedClaim.claim, parsedContext.context, { trace: true });
        for (const line of parsedClaim.claim.lines) {
          const edict = [...new Set(result.trace!.filter((t) => t.lineNumber === line.lineNumber && t.phase === "validity").map((t) => t.rule))].sort();
          const jre = await jreFired(exported.rules, jreFacts(parsedClaim.claim, line, parsedContext.context));
          expect(jre).toEqual(edict);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("round-trips generated rules: export → import → check → export", () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), (conditions) => {
        const first = compilePack("gen", { "gen/rules.edict": pack(conditions) });
        if (!first.ok) throw new Error("generated pack does not compile");
        const exported = exportJsonRulesEngine(first.ruleset.program);
        const imported = importJsonRulesEngine(exported.rules, "gen");
        expect(imported.diagnostics).toEqual([]);
        const second = compilePack("gen", { "gen/rules.edict": imported.source });
        if (!second.ok) throw new Error(second.diagnostics.map(formatDiagnostic).join("\n") + "\n" + imported.source);
        const again = exportJsonRulesEngine(second.ruleset.program);
        expect(again.rules.map((r) => r.conditions)).toEqual(exported.rules.map((r) => r.conditions));
      }),
      { numRuns: 100 },
    );
  });
});

describe("json-rules-engine export of the shipped packs", () => {
  it("exports what it can and refuses the rest with positioned diagnostics", async () => {
    const program = shippedPack("demo-ppo").program;
    const exported = exportJsonRulesEngine(program);
    expect(exported.rules.length + exported.diagnostics.length).toBe(program.rules.length + program.benefits.length);
    const ptp = exported.diagnostics.find((d) => d.message.startsWith("rule `ncci_ptp`"))!;
    expect(ptp.message).toContain("json-rules-engine cannot express `any … in …`");
    expect(`${ptp.span.file}:${ptp.span.line}`).toMatch(/^rules\/cms-edits\/edits\.edict:\d+$/);
    // the exported benefits run in json-rules-engine as they are and pick the same benefit as Edict
    const engine = new Engine(exported.rules as never[], { allowUndefinedFacts: true });
    for (const name of [
      "01-office-visit-in-network",
      "06-colonoscopy-screening-in-network",
      "07-colonoscopy-without-screening-diagnosis",
      "09-pt-deductible-then-coinsurance",
    ]) {
      const c = parseClaim(JSON.parse(readFileSync(`examples/claims/${name}/claim.json`, "utf8")));
      const x = parseContext(JSON.parse(readFileSync(`examples/claims/${name}/context.json`, "utf8")), { accumulators: program.accumulators });
      if (!c.ok || !x.ok) throw new Error(name);
      const result = shippedPack("demo-ppo").adjudicateParsed(c.claim, x.context, { trace: true });
      for (const line of c.claim.lines) {
        const { events } = await engine.run(jreFacts(c.claim, line, x.context));
        const jreBenefits = events.filter((e) => e.type === "benefit").map((e) => (e.params as { benefit: string }).benefit);
        const edictBenefit = result.trace!.find((t) => t.lineNumber === line.lineNumber && t.phase === "benefits" && t.action.startsWith("covered by"));
        expect(jreBenefits.slice(0, 1)).toEqual(edictBenefit ? [edictBenefit.rule] : []);
      }
    }
  });

  it("imports a hand-written json-rules-engine file into source that edict check accepts", () => {
    const imported = importJsonRulesEngine(JSON.parse(readFileSync("examples/interop/payer-edits.jre.json", "utf8")), "payer-edits");
    expect(imported.diagnostics).toEqual([]);
    const compiled = compilePack("payer-edits", { "payer-edits/rules.edict": imported.source });
    expect(compiled.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(compiled.ok).toBe(true);
    expect(imported.source).toContain("rule units_over_ten");
  });
});
