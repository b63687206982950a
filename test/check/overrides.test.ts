// Pack overrides: a payer pack includes a base pack and disables a rule, replaces a rule or
// changes a parameter, each by name. The checker rejects an override of something that does not
// exist (with file:line:col and a suggestion); both evaluators run the overridden ruleset; the
// trace names the pack a rule came from.
import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { compilePack, formatDiagnostic } from "../../src/index.js";
import { loadPack } from "../../src/node/index.js";

const BASE = `pack "base" version "1"

parameter copay = $25.00

parameter max_units = 4

rule too_many_units "Too many units"
  phase mue
  when line.units > max_units
  then deny CO-151

rule weekend "Weekend service"
  phase validity
  when line.code = 99999
  then deny CO-4

rule late "Claim received late"
  phase eligibility
  when claim.receivedDate > line.serviceDate + 30 days
  then deny CO-29
`;

function compile(payer: string, extra: Record<string, string> = {}) {
  const files = { "base/base.edict": BASE, "payer/payer.edict": `pack "payer" version "1"\n\ninclude "../base"\n\n${payer}`, ...extra };
  const out = compilePack("payer", files);
  const lines = files["payer/payer.edict"].split("\n");
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
  return { out, lineOf, text: out.diagnostics.map(formatDiagnostic).join("\n") };
}

const ids = (out: ReturnType<typeof compilePack>) => (out.ok ? out.ruleset.program.rules.map((r) => `${r.pack}/${r.id}`) : []);

const CLAIM = {
  id: "C-1",
  receivedDate: "2026-03-20",
  member: { id: "M-1", birthDate: "1980-01-01", sex: "F" },
  provider: { npi: "1458937020", network: "in" },
  diagnoses: ["J06.9"],
  lines: [
    { lineNumber: 1, serviceDate: "2026-03-10", code: "99213", modifiers: [], units: 5, charge: "100.00", placeOfService: "11", diagnosisPointers: [1] },
    { lineNumber: 2, serviceDate: "2026-01-10", code: "99213", modifiers: [], units: 1, charge: "100.00", placeOfService: "11", diagnosisPointers: [1] },
  ],
};
const CONTEXT = { asOf: "2026-03-20", coverage: [{ planId: "P", from: "2026-01-01", to: null }], accumulators: {}, authorizations: [], history: [] };

describe("pack overrides", () => {
  it("disables a rule, replaces a rule in place and changes a parameter, each by name", () => {
    const { out, text } = compile(`override parameter max_units "Payer's unit limit" = 6

disable rule late
  cite "Payer contract §3: no filing limit"

override rule weekend "Payer's own validity edit"
  phase validity
  when line.code = 99998
  then deny CO-4
`);
    expect(text).toBe("");
    expect(ids(out)).toEqual(["payer/weekend", "base/too_many_units"]);
    if (!out.ok) return;
    const replaced = out.ruleset.program.rules[0];
    expect(replaced.replaces).toBe("base/weekend");
    expect(replaced.span.file).toBe("payer/payer.edict");
    expect(replaced.title).toBe("Payer's own validity edit");
    // the base rule reads the payer's value of the parameter
    const units = out.ruleset.program.rules[1].when;
    expect(units.op === "compare" && units.right.op === "const" ? units.right.value : null).toBe(6);
  });

  it("a replacing rule takes the replaced rule's place in its phase", () => {
    const { out, text } = compile(`rule payer_first "Declared before the override"
  phase validity
  when line.units > 100
  then deny CO-16

override rule weekend
  phase validity
  when line.code = 99998
  then deny CO-4
`);
    expect(text).toBe("");
    // base rules come first inside a phase, and the replacement keeps the base rule's place
    expect(ids(out)).toEqual(["base/late", "payer/weekend", "payer/payer_first", "base/too_many_units"]);
  });

  it("both evaluators adjudicate the overridden rules, and the trace names the overriding pack and its source", () => {
    const { out, lineOf } = compile(`override parameter max_units = 6

disable rule late

override rule too_many_units "Payer: more than 4 units"
  phase mue
  cite "Payer policy 12"
  when line.units > 4
  then deny CO-151 remark N362
`);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const results = (["reference", "compiled"] as const).map((evaluator) => {
      const r = out.ruleset.adjudicate(CLAIM, CONTEXT, { trace: true, evaluator });
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      return r.result;
    });
    expect(results[0]).toEqual(results[1]);
    const [result] = results;
    // line 1: 5 units > 4 (the payer's rule); line 2: 69 days old, but `late` is disabled
    expect(result.lines.map((l) => `${l.status} ${l.reason}`)).toEqual(["denied CO-151", "pended CO-133"]);
    const entry = result.trace!.find((t) => t.lineNumber === 1 && t.phase === "mue")!;
    expect(entry.rule).toBe("payer/too_many_units");
    expect(entry.at).toBe(`payer/payer.edict:${lineOf("override rule too_many_units")}:1`);
    expect(entry.cites).toEqual(["Payer policy 12"]);
    expect(result.trace!.some((t) => t.rule === "base/late")).toBe(false);
  });

  it("rejects an override of a rule that does not exist, at the name, with a suggestion", () => {
    const { out, lineOf, text } = compile(`disable rule weekends\n`);
    expect(out.ok).toBe(false);
    expect(out.diagnostics.map((d) => d.code)).toEqual(["unknown-override"]);
    const [d] = out.diagnostics;
    expect(formatDiagnostic(d)).toBe(
      `payer/payer.edict:${lineOf("disable rule weekends")}:14: error: \`disable rule weekends\`: there is no rule \`weekends\` in the packs payer includes\n  hint: did you mean \`weekend\`?`,
    );
    expect(text).toContain("did you mean `weekend`?");
  });

  it("rejects a replacing rule and a parameter override whose target does not exist", () => {
    const rule = compile(`override rule to_many_units\n  phase mue\n  when line.units > 9\n  then deny CO-151\n`);
    expect(rule.out.diagnostics.map((d) => [d.code, d.message, d.hint, d.span.line, d.span.col])).toEqual([
      [
        "unknown-override",
        "`override rule to_many_units`: there is no rule `to_many_units` in the packs payer includes",
        "did you mean `too_many_units`?",
        rule.lineOf("override rule"),
        15,
      ],
    ]);
    const parameter = compile(`override parameter copy = $30.00\n`);
    expect(parameter.out.diagnostics.map((d) => [d.code, d.message, d.hint, d.span.line, d.span.col])).toEqual([
      [
        "unknown-override",
        "`override parameter copy`: there is no parameter `copy` in the packs payer includes",
        "did you mean `copay`?",
        parameter.lineOf("override parameter"),
        20,
      ],
    ]);
  });

  it("rejects an override of the pack's own rule or parameter", () => {
    const { out } = compile(`parameter own = 3

override parameter own = 4
`);
    expect(out.diagnostics.map((d) => d.code)).toEqual(["override-own"]);
    expect(out.diagnostics[0].message).toMatch(/^parameter `own` is declared in this pack \(payer\/payer\.edict:5:11\)/);
    const twice = compile(`disable rule late\n\ndisable rule late\n`);
    expect(twice.out.diagnostics.map((d) => d.code)).toEqual(["override-disabled"]);
  });

  it("rejects an override of a pack that is not included", () => {
    const out = compilePack("top", {
      "base/base.edict": BASE,
      "a/a.edict": 'pack "a" version "1"\ninclude "../base"\nrule mine phase validity when line.units > 9 then deny CO-16\n',
      "b/b.edict": 'pack "b" version "1"\ninclude "../base"\ndisable rule mine\n',
      "top/top.edict": 'pack "top" version "1"\ninclude "../a"\ninclude "../b"\n',
    });
    expect(out.diagnostics.map((d) => d.code)).toEqual(["override-not-included"]);
    expect(out.diagnostics[0].message).toContain("rule `mine` comes from pack a (a/a.edict:3:6), which b does not include");
  });

  it("layers overrides: an outer pack may override what an inner pack overrode", () => {
    const out = compilePack("outer", {
      "base/base.edict": BASE,
      "payer/payer.edict":
        'pack "payer" version "1"\ninclude "../base"\noverride parameter copay = $30.00\noverride rule late phase eligibility when line.units > 50 then deny CO-29\n',
      "outer/outer.edict":
        'pack "outer" version "1"\ninclude "../payer"\noverride parameter copay = $35.00\noverride rule late phase eligibility when line.units > 60 then deny CO-29\n',
    });
    expect(out.diagnostics).toEqual([]);
    const late = out.ok ? out.ruleset.program.rules.find((r) => r.id === "late")! : null;
    expect(late?.pack).toBe("outer");
    expect(late?.replaces).toBe("payer/late");
  });

  it("an override must keep the parameter's type", () => {
    const { out, lineOf } = compile(`override parameter copay = 30\n`);
    expect(out.diagnostics.map((d) => d.code)).toEqual(["type"]);
    expect(out.diagnostics[0].message).toBe("parameter `copay` is money, so its override must be too, not integer");
    expect(out.diagnostics[0].span.line).toBe(lineOf("override parameter"));
  });

  it("still checks the body of a replacing rule whose target is unknown", () => {
    const { out } = compile(`override rule nothing\n  phase mue\n  when line.unit > 9\n  then deny CO-151\n`);
    expect(out.diagnostics.map((d) => d.code).sort()).toEqual(["unknown-field", "unknown-override"].sort());
  });

  it("a second declaration of an included rule suggests `override rule`", () => {
    const { out } = compile(`rule late\n  phase eligibility\n  when line.units > 9\n  then deny CO-29\n`);
    expect(out.diagnostics.map((d) => d.code)).toEqual(["duplicate-name"]);
    expect(out.diagnostics[0].hint).toBe("to replace pack base's rule, write `override rule late`");
  });

  it("rules/acme-payer: one override of each kind over demo-ppo and cms-edits", () => {
    const out = loadPack("rules/acme-payer");
    expect(out.diagnostics.map(formatDiagnostic)).toEqual([]);
    if (!out.ok) return;
    const program = out.ruleset.program;
    const base = loadPack("rules/demo-ppo");
    if (!base.ok) throw new Error("demo-ppo does not compile");
    const baseIds = base.ruleset.program.rules.map((r) => `${r.pack}/${r.id}`);
    expect(program.rules.map((r) => `${r.pack}/${r.id}`)).toEqual(
      baseIds.filter((id) => id !== "demo-ppo/timely_filing_limit").map((id) => (id === "demo-ppo/duplicate_of_paid" ? "acme-payer/duplicate_of_paid" : id)),
    );
    const copay = program.benefits.find((b) => b.id === "office_visits")!.costShare.in.copay;
    expect(copay).toBe(3000);
    // packs that use no override carry no trace of the feature in their IR
    expect(JSON.stringify(base.ruleset.program.rules)).not.toContain("replaces");
  });

  it("the shipped packs declare no overrides", () => {
    for (const pack of ["rules/demo-ppo", "rules/cms-edits"]) {
      for (const file of readdirSync(pack).filter((f) => f.endsWith(".edict"))) {
        expect(readFileSync(`${pack}/${file}`, "utf8")).not.toMatch(/^(override|disable) /m);
      }
    }
  });
});
