// Differential test on generated rules: random conditions and actions, built from every kind of
// expression the language has, must give the same results (and traces) in the compiled
// evaluator as in the reference interpreter, on generated claims.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { compilePack, formatDiagnostic } from "../../src/index.js";
import { claim, context } from "../support/arbitraries.js";

function packFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = `${d}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}

const shipped = { ...packFiles("rules/cms-edits"), ...packFiles("rules/demo-ppo") };

const atom = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map((n) => `line.units > ${n}`),
  fc.integer({ min: 0, max: 300 }).map((n) => `line.charge >= $${n}.50`),
  fc.constantFrom("99213", "97110", "45378").map((c) => `line.code = ${c}`),
  fc.constant("line.code in { 99211..99215, 97110, 97530 }"),
  fc.constant("line.code not in office_visit_codes"),
  fc.constantFrom('"F"', '"M"').map((s) => `member.sex = ${s}`),
  fc.constant('provider.network = "out"'),
  fc.integer({ min: 1, max: 90 }).map((n) => `years_between(member.birthDate, line.serviceDate) < ${n}`),
  fc.integer({ min: 1, max: 400 }).map((n) => `line.serviceDate + ${n} days < claim.receivedDate`),
  fc.integer({ min: 1, max: 13 }).map((n) => `claim.receivedDate - ${n} months > line.serviceDate`),
  fc.constant("any m in line.modifiers where m in { 25, 59, XU }"),
  fc.constant("no m in line.modifiers where m = LT"),
  fc.constant("any d in line.diagnoses where d matches M54*"),
  fc.constant("Z12.11 in line.diagnoses"),
  fc.integer({ min: 0, max: 2 }).map((n) => `(count o in claim.lines where o.code = line.code) > ${n}`),
  fc.integer({ min: 1, max: 8 }).map((n) => `(sum o.units for o in claim.lines where o.serviceDate = line.serviceDate) > ${n}`),
  fc.constant("(sum o.charge for o in claim.lines) > line.charge * 2"),
  fc.constant("line.code in procedures on line.serviceDate"),
  fc.constant("any r in mue[line.code] where r.mue < line.units"),
  fc.constant(
    "any o in claim.lines where o.lineNumber != line.lineNumber and any e in ptp[o.code, line.code] on line.serviceDate where e.modifier_indicator != 9",
  ),
  fc.constant("any h in history where h.code = line.code and h.modifiers = line.modifiers"),
  fc.constant("claim.priorAuthorization is missing"),
  fc.constant("any c in context.coverage where c.to is not missing and c.to < line.serviceDate"),
  fc.constant("any a in context.authorizations where line.code in a.codes and a.units - a.used < line.units"),
  fc.constant("any s in sex_age[line.code] where s.sex != member.sex or s.max_age < years_between(member.birthDate, line.serviceDate)"),
);

const condition: fc.Arbitrary<string> = fc.letrec<{ cond: string }>((tie) => ({
  cond: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.tuple(tie("cond"), tie("cond")).map(([a, b]) => `(${a} and ${b})`),
    fc.tuple(tie("cond"), tie("cond")).map(([a, b]) => `(${a} or ${b})`),
    tie("cond").map((a) => `not (${a})`),
  ),
})).cond;

const PHASES = ["eligibility", "duplicates", "validity", "sex_age", "ptp", "mue", "necessity", "benefits", "authorization", "limits", "pricing"];
const rule = fc.record({
  phase: fc.constantFrom(...PHASES),
  when: condition,
  action: fc.constantFrom("deny CO-16", "deny CO-96 remark N130", "pend", "remark M15", "set allowed line.charge * 50%", "set allowed $40.00 * line.units"),
});

function generatedPack(rules: Array<{ phase: string; when: string; action: string }>): string {
  const body = rules
    .map((r, i) => {
      const phase = r.action.startsWith("set allowed") ? "pricing" : r.phase;
      return `rule generated_${i}\n  phase ${phase}\n  when ${r.when}\n  then ${r.action}\n`;
    })
    .join("\n");
  return `pack "generated" version "1"\ninclude "../demo-ppo"\n\n${body}`;
}

describe("generated rules: compiled ≡ reference", () => {
  it("agrees on results and traces", () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 5 }), fc.array(fc.tuple(claim, context), { minLength: 1, maxLength: 4 }), (rules, inputs) => {
        const compiled = compilePack("rules/generated", { ...shipped, "rules/generated/gen.edict": generatedPack(rules) });
        if (!compiled.ok) throw new Error(compiled.diagnostics.map(formatDiagnostic).join("\n") + "\n" + generatedPack(rules));
        for (const [c, x] of inputs) {
          const fast = compiled.ruleset.adjudicate(c, x, { trace: true });
          const slow = compiled.ruleset.adjudicate(c, x, { trace: true, evaluator: "reference" });
          expect(fast).toEqual(slow);
          // untraced, the compiled evaluator runs generated code instead of closures
          expect(compiled.ruleset.adjudicate(c, x)).toEqual(compiled.ruleset.adjudicate(c, x, { evaluator: "reference" }));
        }
      }),
      { numRuns: 60 },
    );
  });
});
