// The generated code of untraced evaluation: made only of codegen.ts's own fragments and integers
// (no text from a rule or a claim ever becomes code), and the same results as the closures.
import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { compilePack, formatDiagnostic, parseClaim, parseContext, type Program } from "../../src/index.js";
import { generateSource } from "../../src/compile/codegen.js";
import { phaseRunnerSource } from "../../src/compile/driver.js";
import { PHASES } from "../../src/common/phases.js";
import { compiledEvaluator } from "../../src/compile/evaluator.js";
import { KeyRecord } from "../../src/compile/closures.js";
import { adjudicate } from "../../src/engine/adjudicate.js";
import type { IrExpr } from "../../src/ir/ir.js";
import { shippedPack } from "../support/packs.js";
import { HOSTILE, HOSTILE_IN_EDICT, hostilePack } from "../support/hostile.js";
import { foreignTokens, RUNNER_WORDS } from "../support/generated.js";
import { claim as claimArb, context as contextArb, DIAGNOSES, PROCEDURES } from "../support/arbitraries.js";

/** the shipped packs' sources, read once */
let shippedSources: Record<string, string> | null = null;

/** compiles a pack `q` (rules/q/q.edict, its own files beside it) over the shipped packs' sources */
function packQ(rules: string, own: Record<string, string> = {}) {
  if (shippedSources === null) {
    shippedSources = {};
    for (const pack of ["cms-edits", "demo-ppo"])
      for (const name of readdirSync(`rules/${pack}`, { recursive: true }) as string[])
        if (name.endsWith(".edict") || name.endsWith(".csv")) shippedSources[`rules/${pack}/${name}`] = readFileSync(`rules/${pack}/${name}`, "utf8");
  }
  const compiled = compilePack("rules/q", { ...shippedSources, ...own, "rules/q/q.edict": rules });
  if (!compiled.ok) throw new Error(compiled.diagnostics.map(formatDiagnostic).join("\n"));
  return compiled;
}

function expressions(program: Program): IrExpr[] {
  return [
    ...program.rules.flatMap((r) => (r.action.kind === "setAllowed" ? [r.when, r.action.amount] : [r.when])),
    ...program.benefits.flatMap((b) => (b.when ? [b.when] : [])),
  ];
}

/** each phase's runner source, for the phases with rules */
function runnerSources(program: Program): Array<{ source: string; constants: unknown[] }> {
  return PHASES.flatMap((phase, p) => {
    const indices = program.rules.flatMap((r, i) => (r.phase === phase ? [i] : []));
    return indices.length ? [phaseRunnerSource(program.rules, p, indices)] : [];
  });
}

function hostileProgram(): Program {
  const escaped = HOSTILE_IN_EDICT;
  return hostilePack(`rule r "${escaped}"
  phase validity
  cite "${escaped}"
  when claim.id = "${escaped}" and member.id != "\`\${globalThis.pwned = true}\`"
       and not (any row in t[line.code] where row.note = "${escaped}")
       and (count d in line.diagnoses where d matches M54*) >= 0
  then deny CO-16

rule r2 "${escaped}"
  phase pricing
  when claim.id != "${escaped}"
  then set allowed line.charge * 50% remark N130

rule r3 "${escaped}"
  phase validity
  when member.id = "${escaped}"
  then pend

rule r4 "${escaped}"
  phase validity
  when member.id = "${escaped}"
  then remark M15
`);
}

describe("generated code", () => {
  it("is made of its own fragments only, for every rule of the shipped packs", () => {
    for (const name of ["demo-ppo", "cms-edits"] as const) {
      const all = expressions(shippedPack(name).program);
      expect(all.length).toBeGreaterThan(5);
      for (const expr of all) expect(foreignTokens(generateSource(expr).source, RUNNER_WORDS), expr.text).toEqual([]);
    }
  });

  it("carries hostile rule text as constants, never as code", () => {
    const program = hostileProgram();
    for (const expr of expressions(program)) {
      const { source, constants } = generateSource(expr);
      expect(foreignTokens(source, RUNNER_WORDS)).toEqual([]);
      expect(source).not.toContain("pwned");
      // every condition names the hostile text (a `set allowed` amount is money only)
      if (program.rules.some((r) => r.when === expr)) expect(constants).toContain(HOSTILE);
    }
  });

  it("writes phase runners of its own fragments only: rules, statuses and values are constants", () => {
    for (const name of ["demo-ppo", "cms-edits", "medicare-demo"] as const) {
      const sources = runnerSources(shippedPack(name).program);
      expect(sources.length).toBeGreaterThan(0);
      for (const { source } of sources) expect(foreignTokens(source, RUNNER_WORDS), source).toEqual([]);
    }
    const program = hostileProgram();
    const sources = runnerSources(program);
    expect(sources.map((s) => s.source).join(" ")).toMatch(/A\.deny.*A\.pend.*A\.remark.*A\.setAllowed/s);
    for (const { source, constants } of sources) {
      expect(foreignTokens(source, RUNNER_WORDS)).toEqual([]);
      expect(source).not.toContain("pwned");
      expect(constants).toContain("denied");
    }
  });

  it("gives a long condition a function of its own in a runner, with the same results", () => {
    const clauses = Array.from({ length: 300 }, (_, i) => `line.units = ${i + 1000}`).join(" or ");
    const compiled = compilePack("p", {
      "p/rules.edict": `pack "p" version "1"\n\nrule long\n  phase validity\n  when ${clauses} or line.code = 99214\n  then deny CO-16\n`,
    });
    if (!compiled.ok) throw new Error(compiled.diagnostics.map(formatDiagnostic).join("\n"));
    const program = compiled.ruleset.program;
    const validity = runnerSources(program).find((s) => s.source.includes("R.phases[2]"))!;
    expect(validity.source).toMatch(/function w\d+\(f\)/);
    expect(foreignTokens(validity.source, RUNNER_WORDS)).toEqual([]);
    const dir = "examples/claims/01-office-visit-in-network";
    const json = JSON.parse(readFileSync(`${dir}/claim.json`, "utf8"));
    json.lines = [
      { ...json.lines[0], lineNumber: 1, code: "99214" },
      { ...json.lines[0], lineNumber: 2, code: "99213" },
    ];
    const claim = parseClaim(json);
    const context = parseContext(JSON.parse(readFileSync(`${dir}/context.json`, "utf8")), { accumulators: shippedPack("demo-ppo").program.accumulators });
    if (!claim.ok || !context.ok) throw new Error("the example is invalid");
    const viaRunners = adjudicate(program, compiledEvaluator(program), claim.claim, context.context);
    expect(viaRunners.lines.map((l) => l.reason === "CO-16")).toEqual([true, false]);
    expect(viaRunners).toEqual(adjudicate(program, compiledEvaluator(program, { codegen: false }), claim.claim, context.context));
  });

  it("reads the roots' fields in the `where` of a quantifier over a claim or context list once a call, with the reference's results", () => {
    const rules = [
      'pack "q" version "1"',
      'include "../demo-ppo"',
      "",
      "rule same_day_history",
      "  phase duplicates",
      '  when any h in history where h.status = "paid" and h.serviceDate = line.serviceDate and h.providerNpi = provider.npi and h.code = line.code',
      "  then deny CO-18",
      "",
      "rule same_day_lines",
      "  phase validity",
      "  when (count o in claim.lines where o.serviceDate = line.serviceDate and o.code = line.code) > 1",
      "  then pend",
      "",
      "rule units_over",
      "  phase mue",
      "  when any r in mue[line.code] where r.mue < line.units",
      "  then deny CO-151",
      "",
    ].join("\n");
    const compiled = packQ(rules);
    const program = compiled.ruleset.program;
    const sourceOf = (id: string) => generateSource(program.rules.find((r) => r.id === id && r.pack === "q")!.when).source;
    // over a list of the context or claim: the line's date and code and the provider's NPI read before the loop, never in it
    for (const id of ["same_day_history", "same_day_lines"]) {
      const source = sourceOf(id);
      expect(foreignTokens(source, RUNNER_WORDS)).toEqual([]);
      const loop = source.indexOf("for (");
      expect(loop).toBeGreaterThan(0);
      expect(source.slice(0, loop)).toMatch(/t\d+ = \(f\[1\]\.serviceDate \?\? null\)/);
      expect(source.slice(0, loop)).toMatch(/t\d+ = \(f\[1\]\.code \?\? null\)/);
      expect(source.slice(loop)).not.toContain("f[1].");
    }
    expect(sourceOf("same_day_history").slice(0, sourceOf("same_day_history").indexOf("for ("))).toContain("npi ?? null");
    // over a table's rows for a key (mostly one or none): read in the loop, as before
    const rows = sourceOf("units_over");
    expect(rows.slice(rows.indexOf("for ("))).toContain("f[1].units");
    // history entries copied from the claim's own lines, so the same-day rule has something to find
    const input = fc
      .tuple(claimArb, contextArb, fc.array(fc.tuple(fc.nat(), fc.constantFrom("paid", "denied"), fc.boolean()), { maxLength: 4 }))
      .map(([c, x, picks]) => {
        const lines = c.lines as Array<{ serviceDate: string; code: string }>;
        const copied = picks.map(([i, status, otherNpi]) => ({
          claimId: "C-OLD",
          serviceDate: lines[i % lines.length]!.serviceDate,
          code: lines[i % lines.length]!.code,
          modifiers: [],
          providerNpi: otherNpi ? "1987654321" : (c.provider as { npi: string }).npi,
          status,
        }));
        return [c, { ...x, history: [...x.history, ...copied] }] as const;
      });
    let duplicates = 0;
    fc.assert(
      fc.property(input, ([c, x]) => {
        const generated = compiled.ruleset.adjudicate(c, x);
        expect(generated).toEqual(compiled.ruleset.adjudicate(c, x, { evaluator: "reference" }));
        if (generated.ok) duplicates += generated.result.lines.filter((l) => l.reason === "CO-18").length;
      }),
      { numRuns: 150, seed: 1 },
    );
    expect(duplicates).toBeGreaterThan(0);
  });

  it("gives the reference's results for the date functions, each argument in its place", () => {
    const rules = [
      'pack "q" version "1"',
      'include "../demo-ppo"',
      "",
      "rule older",
      "  phase validity",
      "  when years_between(member.birthDate, line.serviceDate) >= 40",
      "  then deny CO-6",
      "",
      "rule days_older",
      "  phase eligibility",
      "  when days_between(member.birthDate, line.serviceDate) < 7300",
      "  then deny CO-7",
      "",
      "rule born_late_in_year",
      "  phase mue",
      "  when month_day(member.birthDate) > 700",
      "  then deny CO-9",
      "",
    ].join("\n");
    const compiled = packQ(rules);
    const program = compiled.ruleset.program;
    for (const id of ["older", "days_older", "born_late_in_year"]) {
      const source = generateSource(program.rules.find((r) => r.id === id && r.pack === "q")!.when).source;
      expect(foreignTokens(source)).toEqual([]);
      expect(source).toContain("H.callFunction(");
    }
    const seen = new Set<string>();
    fc.assert(
      fc.property(claimArb, contextArb, (c, x) => {
        const generated = compiled.ruleset.adjudicate(c, x);
        expect(generated).toEqual(compiled.ruleset.adjudicate(c, x, { evaluator: "reference" }));
        if (generated.ok) for (const l of generated.result.lines) seen.add(l.reason ?? l.status);
      }),
      { numRuns: 200, seed: 1 },
    );
    // each function decided some line (an argument swapped or dropped would change which)
    expect([...seen]).toEqual(expect.arrayContaining(["CO-6", "CO-7", "CO-9"]));
  });

  it("gives the reference's results for quantifiers inside quantifiers, reading the outer variable or not, and for a sum's body", () => {
    const rules = [
      'pack "q" version "1"',
      'include "../demo-ppo"',
      "",
      // the inner count reads the outer variable o (a function of its own reading o's slot)
      "rule other_day_busy",
      "  phase validity",
      "  when any o in claim.lines where o.code != line.code and (count p in claim.lines where p.serviceDate = o.serviceDate) > 1",
      "  then pend",
      "",
      // the inner count reads only its own variable and the line
      "rule many_units_with_back_pain",
      "  phase mue",
      "  when any o in claim.lines where o.units > 1 and (count d in line.diagnoses where d matches M54*) >= 1",
      "  then deny CO-151",
      "",
      // a sum's body reads its variable too
      "rule same_day_units",
      "  phase mue",
      "  when (sum o.units for o in claim.lines where o.serviceDate = line.serviceDate) > 3",
      "  then deny CO-151",
      "",
    ].join("\n");
    const compiled = packQ(rules);
    const program = compiled.ruleset.program;
    // lines on a few dates, so that the counts and sums above have something to find
    const input = fc.tuple(claimArb, contextArb, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 6 })).map(([c, x, days]) => {
      const lines = (c.lines as Array<Record<string, unknown>>).map((l, i) => ({ ...l, serviceDate: `2026-02-0${1 + days[i % days.length]!}` }));
      return [{ ...c, lines }, x] as const;
    });
    const fired = new Map<string, number>();
    let parsed = 0;
    fc.assert(
      fc.property(input, ([c, x]) => {
        const claim = parseClaim(c);
        const context = parseContext(x, { accumulators: program.accumulators });
        if (!claim.ok || !context.ok) return;
        parsed++;
        const generated = compiled.ruleset.adjudicateWithDecisions(claim.claim, context.context);
        const reference = compiled.ruleset.adjudicateWithDecisions(claim.claim, context.context, { evaluator: "reference" });
        expect(generated).toEqual(reference);
        for (const d of generated.decisions.decidedBy) fired.set(d.rule ?? "", (fired.get(d.rule ?? "") ?? 0) + 1);
      }),
      // a fixed seed: the rules above decide lines only on some claims, and every one must be seen
      { numRuns: 200, seed: 14 },
    );
    expect(parsed).toBeGreaterThan(150);
    // each kind of quantifier above decided some line
    for (const id of ["q/other_day_busy", "q/many_units_with_back_pain", "q/same_day_units"]) expect(fired.get(id) ?? 0, id).toBeGreaterThan(0);
  });

  it("probes a pair table through the claim lines' code records, with the reference's results", () => {
    // pairs among the codes the claims are made of (some with two rows of other periods), so the probes find some
    const csv = ["column1,column2,effective,deletion,indicator"];
    PROCEDURES.forEach((a, i) =>
      PROCEDURES.forEach((b, j) => {
        if ((i * 7 + j * 3) % 11 === 0) csv.push(`${a},${b},2026-01-01,${(i + j) % 3 === 0 ? "2026-06-01" : ""},${(i + j) % 2}`);
        if ((i * 5 + j) % 23 === 0) csv.push(`${a},${b},2026-06-01,,0`);
      }),
    );
    const files = { "rules/q/tables/pairs.csv": `${csv.join("\n")}\n` };
    const rules = [
      'pack "q" version "1"',
      'include "../demo-ppo"',
      "",
      'table pairs "pairs" from "tables/pairs.csv" {',
      "  key column1: procedure",
      "  key column2: procedure",
      "  indicator: integer",
      "  active from effective until deletion",
      "}",
      "",
      "rule other_first",
      "  phase ptp",
      "  when any o in claim.lines where o.lineNumber != line.lineNumber and any p in pairs[o.code, line.code] on line.serviceDate where p.indicator = 0",
      "  then deny CO-97",
      "",
      "rule line_first",
      "  phase ptp",
      "  when any o in claim.lines where o.lineNumber != line.lineNumber and any p in pairs[line.code, o.code] on o.serviceDate where p.indicator = 1",
      "  then remark N20",
      "",
      "rule from_history",
      "  phase ptp",
      '  when any h in history where h.status = "paid" and any p in pairs[h.code, line.code] on line.serviceDate',
      "  then pend",
      "",
    ].join("\n");
    const compiled = packQ(rules, files);
    const program = compiled.ruleset.program;
    // a key read as `x.code` passes x along (the line, another line, a history entry)
    const ptp = PHASES.indexOf("ptp");
    const { source } = phaseRunnerSource(
      program.rules,
      ptp,
      program.rules.flatMap((r, i) => (r.phase === "ptp" ? [i] : [])),
    );
    expect(foreignTokens(source, RUNNER_WORDS)).toEqual([]);
    expect(source).toContain("H.claimLines(lines)");
    // the shipped pack's two PTP rules and the three above
    expect(source.match(/H\.lookupCodes2\(/g)?.length).toBe(5);
    expect(source).toMatch(/H\.lookupCodes2\(K\[\d+\], \(f\[1\]\.code \?\? null\), [^;]*, f\[1\], \(f\[\d+\] \?\? null\), /);
    expect(source).not.toContain("H.lookup2(");
    // history entries copied from the claim's own lines: the same codes, other objects
    const input = fc.tuple(claimArb, contextArb, fc.array(fc.tuple(fc.nat(), fc.constantFrom("paid", "denied")), { maxLength: 3 })).map(([c, x, picks]) => {
      const lines = c.lines as Array<{ serviceDate: string; code: string }>;
      const copied = picks.map(([i, status]) => ({
        claimId: "C-OLD",
        serviceDate: lines[i % lines.length]!.serviceDate,
        code: lines[i % lines.length]!.code,
        modifiers: [],
        providerNpi: (c.provider as { npi: string }).npi,
        status,
      }));
      return [c, { ...x, history: [...x.history, ...copied] }] as const;
    });
    const packed = vi.spyOn(KeyRecord.prototype, "pack");
    const seen = { denied: 0, remarked: 0, pended: 0 };
    try {
      fc.assert(
        fc.property(input, ([c, x]) => {
          const generated = compiled.ruleset.adjudicate(c, x);
          expect(generated).toEqual(compiled.ruleset.adjudicate(c, x, { evaluator: "reference" }));
          if (!generated.ok) return;
          for (const l of generated.result.lines) {
            if (l.reason === "CO-97") seen.denied++;
            if (l.status === "pended") seen.pended++;
            if ((l.remarks ?? []).some((r) => r === "N20")) seen.remarked++;
          }
        }),
        { numRuns: 200, seed: 1 },
      );
      // the records were read: each code's key packed once, not once a probe
      expect(packed).toHaveBeenCalled();
    } finally {
      packed.mockRestore();
    }
    expect(seen.denied).toBeGreaterThan(0);
    expect(seen.remarked).toBeGreaterThan(0);
    expect(seen.pended).toBeGreaterThan(0);
  });

  it("gives the reference's results for the necessity rule's shape over random exact and wildcard patterns, undated and dated", () => {
    const rules = [
      'pack "q" version "1"',
      'include "../demo-ppo"',
      "",
      'table nec "necessity" from "tables/nec.csv" {',
      "  key code: procedure",
      "  diagnosis: pattern",
      "}",
      "",
      'table dated "necessity by period" from "tables/dated.csv" {',
      "  key code: procedure",
      "  diagnosis: pattern",
      "  active from effective until deletion",
      "}",
      "",
      // the shipped necessity rule's shape, over the table above (in the first phase, so that
      // lines the shipped rules deny later reach it)
      "rule not_supported",
      "  phase validity",
      "  when any listed in nec[line.code]",
      "    and no d in line.diagnoses where any s in nec[line.code] where d matches s.diagnosis",
      "  then deny CO-50",
      "",
      // `no` over the rows active on the line's date (a filtered list where some rows are not)
      "rule a_diagnosis_unlisted",
      "  phase validity",
      "  when any d in line.diagnoses where no s in dated[line.code] on line.serviceDate where d matches s.diagnosis",
      "  then remark N20",
      "",
    ].join("\n");
    // diagnoses as the claims carry them (normalised), their prefixes, and codes no claim has
    const codes = DIAGNOSES.map((d) => d.replace(".", ""));
    const pattern = fc.oneof(
      fc.constantFrom(...codes, "Q990", "A00"),
      fc.tuple(fc.constantFrom(...codes, "Q990"), fc.nat(7)).map(([c, n]) => `${c.slice(0, Math.max(1, Math.min(n, c.length)))}*`),
    );
    const period = fc.constantFrom("2026-01-01,", "2026-01-01,2026-03-01", "2026-03-01,");
    const table = fc.array(fc.tuple(fc.constantFrom(...PROCEDURES.slice(0, 12)), pattern, period), { minLength: 1, maxLength: 60 });
    const claims = fc.array(fc.tuple(claimArb, contextArb), { minLength: 12, maxLength: 12 });
    const seen = { denied: 0, remarked: 0, supported: 0 };
    let checked = 0;
    fc.assert(
      fc.property(table, claims, (rows, inputs) => {
        const csv = ["code,diagnosis", ...rows.map(([c, p]) => `${c},${p}`)];
        const dated = ["code,diagnosis,effective,deletion", ...rows.map(([c, p, d]) => `${c},${p},${d}`)];
        const tables = { "rules/q/tables/nec.csv": `${csv.join("\n")}\n`, "rules/q/tables/dated.csv": `${dated.join("\n")}\n` };
        const compiled = packQ(rules, tables);
        for (const [c, x] of inputs) {
          // every line on one of the table's procedure codes, so that most probes find rows
          const lines = (c.lines as Array<Record<string, unknown>>).map((l, i) => ({ ...l, code: rows[i % rows.length]![0] }));
          const claim = { ...c, lines };
          const generated = compiled.ruleset.adjudicate(claim, x);
          expect(generated).toEqual(compiled.ruleset.adjudicate(claim, x, { evaluator: "reference" }));
          if (!generated.ok) continue;
          checked++;
          for (const l of generated.result.lines) {
            if (l.reason === "CO-50") seen.denied++;
            else if (l.status !== "denied") seen.supported++;
            if ((l.remarks ?? []).some((r) => r === "N20")) seen.remarked++;
          }
        }
      }),
      { numRuns: 40, seed: 1 },
    );
    expect(checked).toBeGreaterThan(300);
    expect(seen.denied).toBeGreaterThan(0);
    expect(seen.remarked).toBeGreaterThan(0);
    expect(seen.supported).toBeGreaterThan(0);
    // the rule's generated text holds only the vocabulary
    const one = {
      "rules/q/tables/nec.csv": "code,diagnosis\n99213,M54*\n",
      "rules/q/tables/dated.csv": "code,diagnosis,effective,deletion\n99213,M54*,2026-01-01,\n",
    };
    const compiled = packQ(rules, one);
    const rule = compiled.ruleset.program.rules.find((r) => r.id.endsWith("not_supported"))!;
    const { source } = generateSource(rule.when);
    expect(foreignTokens(source)).toEqual([]);
    expect(source).toContain("H.matchesPattern(");
  });

  it("keeps closures, and the same results, where the host forbids generating code", () => {
    const program = shippedPack("demo-ppo").program;
    const real = globalThis.Function;
    // biome-ignore lint/complexity/useArrowFunction: called with `new`, which an arrow function refuses
    const forbidden = function () {
      throw new EvalError("Code generation from strings disallowed for this context");
    } as unknown as FunctionConstructor;
    globalThis.Function = forbidden;
    let evaluator: ReturnType<typeof compiledEvaluator>;
    try {
      evaluator = compiledEvaluator(program);
    } finally {
      globalThis.Function = real;
    }
    expect(evaluator.phaseRunners).toBeUndefined();
    const dir = "examples/claims/01-office-visit-in-network";
    const claim = parseClaim(JSON.parse(readFileSync(`${dir}/claim.json`, "utf8")));
    const context = parseContext(JSON.parse(readFileSync(`${dir}/context.json`, "utf8")), { accumulators: program.accumulators });
    if (!claim.ok || !context.ok) throw new Error("the example is invalid");
    expect(adjudicate(program, evaluator, claim.claim, context.context)).toEqual(adjudicate(program, compiledEvaluator(program), claim.claim, context.context));
  });

  it("reads only the contract's field names as properties: any other field name is a constant", () => {
    const line: IrExpr = { op: "var", slot: 1, text: "line", type: "line" } as unknown as IrExpr;
    const field = (name: string) => ({ op: "field", object: line, field: name, text: `line.${name}`, type: "text" }) as unknown as IrExpr;
    expect(generateSource(field("serviceDate")).source).toContain("f[1].serviceDate");
    for (const name of [HOSTILE, "constructor", "__proto__", "a; globalThis.pwned = 1", "toString"]) {
      const { source, constants } = generateSource(field(name));
      expect(foreignTokens(source, RUNNER_WORDS)).toEqual([]);
      expect(source).toContain("f[1][K[0]]");
      expect(constants).toEqual([name]);
    }
  });

  it("runs hostile claims and rules as data, untraced as traced", () => {
    const program = hostileProgram();
    const claim = parseClaim({
      id: HOSTILE,
      receivedDate: "2026-03-01",
      member: { id: "${process.exit(1)}", birthDate: "1980-01-01", sex: "F" },
      provider: { npi: "1234567893", network: "in" },
      diagnoses: ["J06.9"],
      lines: [{ lineNumber: 1, serviceDate: "2026-02-01", code: "99214", modifiers: [], units: 1, charge: 100, placeOfService: "11", diagnosisPointers: [1] }],
    });
    const context = parseContext({ asOf: "2026-03-01", coverage: [] }, { accumulators: [] });
    if (!claim.ok || !context.ok) throw new Error("the test claim is invalid");
    const untraced = adjudicate(program, compiledEvaluator(program), claim.claim, context.context);
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
    expect(untraced.lines[0].reason).toBe("CO-16");
    const { trace, ...traced } = adjudicate(program, compiledEvaluator(program), claim.claim, context.context, { trace: true });
    expect(trace!.length).toBeGreaterThan(0);
    expect(untraced).toEqual(traced);
  });

  it("gives the closures' results on every example (and closures remain for hosts that forbid generated code)", () => {
    const program = shippedPack("demo-ppo").program;
    const generated = compiledEvaluator(program);
    const closures = compiledEvaluator(program, { codegen: false });
    const examples = readdirSync("examples/claims", { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(examples.length).toBeGreaterThanOrEqual(25);
    for (const example of examples) {
      const dir = `examples/claims/${example.name}`;
      const claim = parseClaim(JSON.parse(readFileSync(`${dir}/claim.json`, "utf8")));
      const context = parseContext(JSON.parse(readFileSync(`${dir}/context.json`, "utf8")), { accumulators: program.accumulators });
      if (!claim.ok || !context.ok) continue; // the malformed-input examples
      const viaCode = adjudicate(program, generated, claim.claim, context.context);
      expect(viaCode, example.name).toEqual(adjudicate(program, closures, claim.claim, context.context));
      const expected = JSON.parse(readFileSync(`${dir}/expected.json`, "utf8"));
      expect(viaCode.lines, example.name).toEqual(expected.lines);
    }
  });
});
