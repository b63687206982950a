// No recursion limits on flat input: long `or`/`and` chains, long runs of `not` or of signs, and
// long sums parse, check, format, build, export and evaluate — both evaluators, traced or not,
// with coverage — with the results a short chain of the same meaning gives. Real nesting
// (brackets, `where`) past its limit is a positioned error, never a stack overflow.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { compilePack, format, makeRuleset, type Ruleset } from "../../src/index.js";
import { parse } from "../../src/syntax/parser.js";
import { decodeProgram, encodeProgram } from "../../src/artifact/artifact.js";
import { exportJsonRulesEngine } from "../../src/interop/json-rules-engine.js";
import { CoverageCollector } from "../../src/testing/coverage.js";
import { nodeHasher } from "../../src/node/index.js";

const EXAMPLE = "examples/claims/01-office-visit-in-network";
const claim = JSON.parse(readFileSync(`${EXAMPLE}/claim.json`, "utf8")); // one line, 1 unit, 99213; without a plan, a line no rule denies is pended (unpriced)
const context = { ...JSON.parse(readFileSync(`${EXAMPLE}/context.json`, "utf8")), accumulators: {} };

function packWith(condition: string): { ruleset: Ruleset; source: string } {
  const source = `pack "d" version "1"\nrule r phase validity when ${condition} then deny CO-4\n`;
  const out = compilePack("d", { "d/a.edict": source });
  if (!out.ok) throw new Error(out.diagnostics.map((d) => d.message).join("\n"));
  return { ruleset: out.ruleset, source };
}

/** the line's status under every way of running the rules; they must all agree */
function statuses(ruleset: Ruleset): string[] {
  const out: string[] = [];
  for (const options of [{}, { trace: true }, { evaluator: "reference" as const }, { evaluator: "reference" as const, trace: true }]) {
    const r = ruleset.adjudicate(claim, context, options);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    out.push(r.result.lines[0].status);
  }
  const decoded = decodeProgram(encodeProgram(ruleset.program, nodeHasher), nodeHasher);
  if (!decoded.ok) throw new Error(decoded.message);
  const fromArtifact = makeRuleset(decoded.program).adjudicate(claim, context);
  out.push(fromArtifact.ok ? fromArtifact.result.lines[0].status : "refused");
  return out;
}

const n = (count: number, term: (i: number) => string, op: string) => Array.from({ length: count }, (_, i) => term(i)).join(` ${op} `);

describe("long chains", () => {
  it("a flat `or` of 5,000 terms: denied when its last term holds, not when none does", () => {
    const hit = packWith(`${n(5000, (i) => `line.units = ${i + 2}`, "or")} or line.units = 1`);
    expect(statuses(hit.ruleset)).toEqual(Array(5).fill("denied"));
    const miss = packWith(n(5000, (i) => `line.units = ${i + 2}`, "or"));
    expect(statuses(miss.ruleset)).toEqual(Array(5).fill("pended"));
  });

  it("a flat `and` of 5,000 terms, and a mixed and/or chain", () => {
    expect(statuses(packWith(n(5000, () => "line.units = 1", "and")).ruleset)).toEqual(Array(5).fill("denied"));
    expect(statuses(packWith(`${n(5000, () => "line.units = 1", "and")} and line.units = 2`).ruleset)).toEqual(Array(5).fill("pended"));
    expect(statuses(packWith(n(3000, (i) => `line.units = ${i + 5} and line.code = 99213`, "or") + " or line.code = 99213").ruleset)).toEqual(
      Array(5).fill("denied"),
    );
  });

  it("2,000 and 2,001 `not`s mean what two and one do", () => {
    expect(statuses(packWith(`${"not ".repeat(2000)}line.units = 1`).ruleset)).toEqual(Array(5).fill("denied"));
    expect(statuses(packWith(`${"not ".repeat(2001)}line.units = 1`).ruleset)).toEqual(Array(5).fill("pended"));
  });

  it("sums of 5,000 terms and runs of 3,000 signs", () => {
    expect(statuses(packWith(`${n(5000, () => "line.units", "+")} = 5000`).ruleset)).toEqual(Array(5).fill("denied"));
    expect(statuses(packWith(`${"-".repeat(3000)}line.units = 1`).ruleset)).toEqual(Array(5).fill("denied"));
    expect(statuses(packWith(`${"-".repeat(3001)}line.units = 1`).ruleset)).toEqual(Array(5).fill("pended"));
  });

  it("formats, exports and measures coverage of a long chain", () => {
    const { ruleset, source } = packWith(n(5000, (i) => `line.units = ${i + 1}`, "or"));
    const once = format(source, "a.edict");
    expect(once.diagnostics).toEqual([]);
    expect(format(once.text, "a.edict").text).toBe(once.text);
    const exported = exportJsonRulesEngine(ruleset.program);
    expect(exported.diagnostics).toEqual([]);
    const any = (exported.rules[0].conditions as { any: unknown[] }).any;
    expect(any).toHaveLength(5000);
    // coverage observes every link of the chain, and both evaluators see the same
    const counts = (evaluator: "compiled" | "reference") => {
      const collector = new CoverageCollector(ruleset.program);
      ruleset.adjudicate(claim, context, { observer: collector, evaluator, trace: true });
      return collector.report().branches;
    };
    expect(counts("compiled")).toEqual(counts("reference"));
    expect(counts("compiled").total).toBeGreaterThan(10_000);
  });
});

describe("real nesting has a limit, reported where it is passed", () => {
  it("parentheses and `where`s past 100 levels are one positioned error", () => {
    const parens = `pack "d" version "1"\nrule r phase validity when ${"(".repeat(150)}line.units = 1${")".repeat(150)} then deny CO-4\n`;
    const p = parse(parens, "a.edict");
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]).toMatchObject({ message: "expressions are nested more than 100 deep here", span: { line: 2, col: 128 } });
    const wheres = `pack "d" version "1"\nrule r phase validity when ${Array.from({ length: 120 }, (_, i) => `any x${i} in claim.lines where`).join(" ")} line.units = 1 then deny CO-4\n`;
    expect(parse(wheres, "a.edict").diagnostics[0].message).toBe("expressions are nested more than 100 deep here");
    // 90 levels are fine
    const ok = `pack "d" version "1"\nrule r phase validity when ${"(".repeat(90)}line.units = 1${")".repeat(90)} then deny CO-4\n`;
    expect(parse(ok, "a.edict").diagnostics).toEqual([]);
  });

  it("a field named like a keyword (`.disable`) does not swallow the next declaration", () => {
    const text = `override rule a
  phase eligibility
  when line.units > 1
  then set allowed (not a).disable

override parameter p = $0
`;
    const parsed = parse(text, "a.edict");
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.ast.declarations.map((d) => d.kind)).toEqual(["rule", "parameter"]);
  });
});
