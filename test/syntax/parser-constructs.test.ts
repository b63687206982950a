// Parser tests: the shipped packs, exact spans, operator precedence, every expression form and every declaration kind.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isSpan, markSpans as stripSpans } from "./support.js";
import { parse } from "../../src/syntax/parser.js";
import type * as A from "../../src/syntax/ast.js";

const CMS = "rules/cms-edits/edits.edict";
const PPO = "rules/demo-ppo/plan.edict";

function parseOk(text: string, file = "test.edict"): A.SourceFile {
  const out = parse(text, file);
  expect(out.diagnostics).toEqual([]);
  return out.ast;
}

function only<K extends A.Declaration["kind"]>(text: string, kind: K): Extract<A.Declaration, { kind: K }> {
  const ast = parseOk(text);
  expect(ast.declarations).toHaveLength(1);
  expect(ast.declarations[0].kind).toBe(kind);
  return ast.declarations[0] as Extract<A.Declaration, { kind: K }>;
}

/** the `when` condition of a one-rule file, spans removed */
function expr(condition: string): unknown {
  return stripSpans(only(`rule r phase validity when ${condition} then deny CO-1`, "rule").when);
}

// tiny AST builders (span-free) for expected values
const id = (name: string) => ({ kind: "ident", name });
const int = (text: string) => ({ kind: "integer", text });
const code = (text: string) => ({ kind: "code", text });
const name = (text: string) => ({ text });
const field = (object: unknown, f: string) => ({ kind: "field", object, field: name(f) });
const bin = (op: string, left: unknown, right: unknown) => ({ kind: "binary", op, left, right });
const paren = (inner: unknown) => ({ kind: "paren", inner });

describe("the shipped packs", () => {
  const kinds = (ast: A.SourceFile) => {
    const counts: Record<string, number> = {};
    for (const d of ast.declarations) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
    return counts;
  };

  it("cms-edits parses with no diagnostics", () => {
    const ast = parseOk(readFileSync(CMS, "utf8"), CMS);
    expect(ast.file).toBe(CMS);
    expect(kinds(ast)).toEqual({ pack: 1, table: 8, valueset: 1, rule: 10 });
    expect(ast.declarations.filter((d) => d.kind === "table").map((d) => (d as A.TableDecl).name.text)).toEqual([
      "procedures",
      "hcpcs",
      "diagnoses",
      "modifiers",
      "sex_age",
      "ptp",
      "mue",
      "necessity",
    ]);
    expect(ast.declarations.filter((d): d is A.RuleDecl => d.kind === "rule").map((d) => [d.name.text, d.phase.value])).toEqual([
      ["invalid_procedure", "validity"],
      ["invalid_diagnosis", "validity"],
      ["invalid_modifier", "validity"],
      ["sex_conflict", "sex_age"],
      ["age_conflict", "sex_age"],
      ["ncci_ptp", "ptp"],
      ["ncci_ptp_history", "ptp"],
      ["mue_line", "mue"],
      ["mue_day", "mue"],
      ["not_medically_necessary", "necessity"],
    ]);
    // the pack's comments are all kept: 6 header lines + 5 section rules + 1 note on the modifiers
    expect(ast.comments.length).toBe(12);
    expect(ast.comments[0].text).toMatch(/^\/\/ CMS-style payer edits/);
  });

  it("demo-ppo parses with no diagnostics", () => {
    const ast = parseOk(readFileSync(PPO, "utf8"), PPO);
    expect(kinds(ast)).toEqual({ pack: 1, include: 1, table: 1, parameter: 2, accumulator: 5, plan: 1, rule: 4, valueset: 3, benefit: 4 });
    expect(ast.declarations.map((d) => d.kind).slice(0, 4)).toEqual(["pack", "include", "table", "parameter"]);
    const pack = ast.declarations[0] as A.PackHeader;
    expect(stripSpans(pack)).toEqual({
      kind: "pack",
      name: { value: "demo-ppo" },
      version: { value: "2026.1" },
      effective: { from: { kind: "date", text: "2026-01-01" }, to: { kind: "date", text: "2026-12-31" } },
    });
    const accumulators = ast.declarations.filter((d): d is A.AccumulatorDecl => d.kind === "accumulator");
    // `deductible` and `out_of_pocket` are keywords, yet fine as accumulator names
    expect(accumulators.map((a) => [a.name.text, a.unit])).toEqual([
      ["deductible", "money"],
      ["out_of_pocket", "money"],
      ["oon_deductible", "money"],
      ["oon_out_of_pocket", "money"],
      ["pt_visits", "count"],
    ]);
    const benefits = ast.declarations.filter((d): d is A.BenefitDecl => d.kind === "benefit");
    expect(benefits.map((b) => b.name.text)).toEqual(["office_visits", "preventive_visits", "screening_colonoscopy", "physical_therapy"]);
  });

  it("the cms modifier valueset keeps ranges and bare numbers as written", () => {
    const ast = parseOk(readFileSync(CMS, "utf8"), CMS);
    const vs = ast.declarations.find((d): d is A.ValueSetDecl => d.kind === "valueset")!;
    expect(vs.codeKind).toBe("modifier");
    expect(vs.items.slice(0, 3).map((i) => [i.from, i.to])).toEqual([
      ["E1", "E4"],
      ["FA", undefined],
      ["F1", "F9"],
    ]);
    expect(vs.items.map((i) => i.from)).toContain("24");
    expect(vs.items.length).toBe(25);
  });
});

describe("spans", () => {
  const text = [
    'rule dup "Duplicate"', //
    "  phase duplicates",
    "  when any o in claim.lines where ptp[o.code, line.code] on line.serviceDate",
    "  then deny CO-18",
  ].join("\n");
  const rule = () => only(text, "rule");
  const line3 = text.indexOf("  when");

  it("a rule name", () => {
    expect(rule().name).toEqual({
      text: "dup",
      span: { file: "test.edict", line: 1, col: 6, endLine: 1, endCol: 9, offset: 5, endOffset: 8 },
    });
    expect(rule().title?.span).toMatchObject({ line: 1, col: 10, endCol: 21 });
    expect(rule().phase.span).toMatchObject({ line: 2, col: 9, endLine: 2, endCol: 19 });
  });

  it("a field access and a lookup", () => {
    const q = rule().when as A.Quantifier;
    expect(q.kind).toBe("quantifier");
    expect(q.span).toMatchObject({ line: 3, col: 8, endLine: 3, endCol: 77 });
    expect(q.collection.kind).toBe("field");
    expect(q.collection.span).toEqual({ file: "test.edict", line: 3, col: 17, endLine: 3, endCol: 28, offset: line3 + 16, endOffset: line3 + 27 });
    expect(text.slice(q.collection.span.offset, q.collection.span.endOffset)).toBe("claim.lines");
    const lookup = q.where as A.Lookup;
    expect(lookup.kind).toBe("lookup");
    expect(lookup.span).toMatchObject({ line: 3, col: 35, endLine: 3, endCol: 77 });
    expect(text.slice(lookup.span.offset, lookup.span.endOffset)).toBe("ptp[o.code, line.code] on line.serviceDate");
    expect(lookup.table.span).toMatchObject({ line: 3, col: 35, endCol: 38 });
    expect(lookup.keys[1].span).toMatchObject({ line: 3, col: 47, endCol: 56 });
    expect(lookup.on?.span).toMatchObject({ line: 3, col: 61, endCol: 77 });
  });

  it("the whole rule and its action", () => {
    const r = rule();
    expect(r.span).toMatchObject({ line: 1, col: 1, endLine: 4, endCol: 18, offset: 0, endOffset: text.length });
    expect(r.action.span).toMatchObject({ line: 4, col: 8, endLine: 4, endCol: 18 });
    expect((r.action as Extract<A.Action, { kind: "deny" }>).reason).toMatchObject({ group: "CO", code: "18", span: { col: 13, endCol: 18 } });
  });

  it("every node's offsets slice out exactly its text", () => {
    const spans: A.Span[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === "object") {
        if (isSpan(x)) spans.push(x as A.Span);
        else Object.values(x).forEach(walk);
      }
    };
    const src = readFileSync(PPO, "utf8");
    walk(parseOk(src, PPO).declarations);
    expect(spans.length).toBeGreaterThan(200);
    const lines = src.split("\n");
    const offsetOf = (line: number, col: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
    for (const s of spans) {
      expect(s.file).toBe(PPO);
      expect(s.endOffset).toBeGreaterThan(s.offset);
      expect(offsetOf(s.line, s.col)).toBe(s.offset);
      expect(offsetOf(s.endLine, s.endCol)).toBe(s.endOffset);
      expect(/^\s|\s$/.test(src.slice(s.offset, s.endOffset))).toBe(false);
    }
  });
});

describe("precedence and expression forms", () => {
  it("`or` binds looser than `and`", () => {
    expect(expr("a or b and c")).toEqual(bin("or", id("a"), bin("and", id("b"), id("c"))));
    expect(expr("a and b or c")).toEqual(bin("or", bin("and", id("a"), id("b")), id("c")));
  });

  it("`and` and `or` are left-associative", () => {
    expect(expr("a and b and c")).toEqual(bin("and", bin("and", id("a"), id("b")), id("c")));
    expect(expr("a or b or c")).toEqual(bin("or", bin("or", id("a"), id("b")), id("c")));
  });

  it("arithmetic: * before +, left-associative, unary minus tightest", () => {
    expect(expr("a + b * c = d - e - f")).toEqual(bin("=", bin("+", id("a"), bin("*", id("b"), id("c"))), bin("-", bin("-", id("d"), id("e")), id("f"))));
    expect(expr("-a * b > 0")).toEqual(bin(">", bin("*", { kind: "unary", op: "-", operand: id("a") }, id("b")), int("0")));
    expect(expr("a / b / c < 1")).toEqual(bin("<", bin("/", bin("/", id("a"), id("b")), id("c")), int("1")));
  });

  it("a quantifier's `where` takes the rest of the condition", () => {
    expect(expr("any x in claim.lines where p and q")).toEqual({
      kind: "quantifier",
      quantifier: "any",
      variable: name("x"),
      collection: field(id("claim"), "lines"),
      where: bin("and", id("p"), id("q")),
    });
  });

  it("`any … in …` without `where` ends at its collection", () => {
    expect(expr("any x in l and q")).toEqual(bin("and", { kind: "quantifier", quantifier: "any", variable: name("x"), collection: id("l") }, id("q")));
    expect(expr("no h in history")).toEqual({ kind: "quantifier", quantifier: "no", variable: name("h"), collection: id("history") });
  });

  it("`not x in S` negates the membership; `x not in S` is a negated membership", () => {
    expect(expr("not x in s")).toEqual({ kind: "unary", op: "not", operand: { kind: "in", negated: false, element: id("x"), set: id("s") } });
    expect(expr("x not in s")).toEqual({ kind: "in", negated: true, element: id("x"), set: id("s") });
  });

  it("`not` binds tighter than `and`", () => {
    expect(expr("not a and b")).toEqual(bin("and", { kind: "unary", op: "not", operand: id("a") }, id("b")));
    expect(expr("not not a")).toEqual({ kind: "unary", op: "not", operand: { kind: "unary", op: "not", operand: id("a") } });
  });

  it("a parenthesised count compared with a number", () => {
    expect(expr("(count o in claim.lines where o.code = line.code) > 1")).toEqual(
      bin(
        ">",
        paren({
          kind: "count",
          variable: name("o"),
          collection: field(id("claim"), "lines"),
          where: bin("=", field(id("o"), "code"), field(id("line"), "code")),
        }),
        int("1"),
      ),
    );
  });

  it("a sum with a body, a collection and a where", () => {
    expect(expr("(sum o.units for o in claim.lines where o.code = line.code and o.units > 0) > line.units")).toEqual(
      bin(
        ">",
        paren({
          kind: "sum",
          body: field(id("o"), "units"),
          variable: name("o"),
          collection: field(id("claim"), "lines"),
          where: bin("and", bin("=", field(id("o"), "code"), field(id("line"), "code")), bin(">", field(id("o"), "units"), int("0"))),
        }),
        field(id("line"), "units"),
      ),
    );
    expect(expr("sum o.units * 2 + 1 for o in claim.lines > 3")).toEqual(
      bin(
        ">",
        { kind: "sum", body: bin("+", bin("*", field(id("o"), "units"), int("2")), int("1")), variable: name("o"), collection: field(id("claim"), "lines") },
        int("3"),
      ),
    );
  });

  it("a lookup with two keys and a date", () => {
    expect(expr("ptp[a, b] on d")).toEqual({ kind: "lookup", table: name("ptp"), keys: [id("a"), id("b")], on: id("d") });
    expect(expr("any e in ptp[o.code, line.code] on line.serviceDate where e.mai = 1")).toMatchObject({
      kind: "quantifier",
      collection: { kind: "lookup", keys: [field(id("o"), "code"), field(id("line"), "code")], on: field(id("line"), "serviceDate") },
      where: bin("=", field(id("e"), "mai"), int("1")),
    });
    expect(expr("mue[line.code].mai = 1")).toEqual(bin("=", field({ kind: "lookup", table: name("mue"), keys: [field(id("line"), "code")] }, "mai"), int("1")));
  });

  it("membership in a dated table, in an inline set, in a list", () => {
    expect(expr("x in procedures on d")).toEqual({ kind: "in", negated: false, element: id("x"), set: id("procedures"), on: id("d") });
    expect(expr("line.code in { 99202..99205, 45378, Z12.* }")).toEqual({
      kind: "in",
      negated: false,
      element: field(id("line"), "code"),
      set: {
        kind: "codeset",
        items: [{ from: "99202", to: "99205" }, { from: "45378" }, { from: "Z12.*" }],
      },
    });
    expect(expr("Z12.11 in line.diagnoses")).toEqual({ kind: "in", negated: false, element: code("Z12.11"), set: field(id("line"), "diagnoses") });
  });

  it("missing tests, with keywords as field names", () => {
    expect(expr("c.to is not missing")).toEqual({ kind: "missing", negated: true, operand: field(id("c"), "to") });
    expect(expr("member.sex is missing")).toEqual({ kind: "missing", negated: false, operand: field(id("member"), "sex") });
    expect(expr("support.diagnosis = line.units")).toEqual(bin("=", field(id("support"), "diagnosis"), field(id("line"), "units")));
  });

  it("`matches` is a comparison", () => {
    expect(expr("d matches support.diagnosis")).toEqual(bin("matches", id("d"), field(id("support"), "diagnosis")));
  });

  it("calls with zero, one and several arguments", () => {
    expect(expr("f() = g(a) + h(a, b.c, 1)")).toEqual(
      bin(
        "=",
        { kind: "call", fn: name("f"), args: [] },
        bin("+", { kind: "call", fn: name("g"), args: [id("a")] }, { kind: "call", fn: name("h"), args: [id("a"), field(id("b"), "c"), int("1")] }),
      ),
    );
  });

  it("literals of every kind", () => {
    expect(expr('x = "a \\"q\\" \\\\ b"')).toEqual(bin("=", id("x"), { kind: "string", value: 'a "q" \\ b' }));
    expect(expr("x = $25")).toEqual(bin("=", id("x"), { kind: "money", text: "25" }));
    expect(expr("x = $3000.00")).toEqual(bin("=", id("x"), { kind: "money", text: "3000.00" }));
    expect(expr("x = 12.5%")).toEqual(bin("=", id("x"), { kind: "percent", text: "12.5" }));
    expect(expr("x = 2026-01-01")).toEqual(bin("=", id("x"), { kind: "date", text: "2026-01-01" }));
    expect(expr("x = 0001F")).toEqual(bin("=", id("x"), code("0001F")));
    expect(expr("x = true or x = false")).toEqual(
      bin("or", bin("=", id("x"), { kind: "boolean", value: true }), bin("=", id("x"), { kind: "boolean", value: false })),
    );
  });

  it("durations: singular and plural units are both accepted and stored plural", () => {
    expect(expr("a > b + 365 days")).toEqual(bin(">", id("a"), bin("+", id("b"), { kind: "duration", amount: "365", unit: "days" })));
    expect(expr("a > b + 1 year")).toEqual(bin(">", id("a"), bin("+", id("b"), { kind: "duration", amount: "1", unit: "years" })));
    expect(expr("a > b - 6 months")).toEqual(bin(">", id("a"), bin("-", id("b"), { kind: "duration", amount: "6", unit: "months" })));
    expect(expr("a > 1 day")).toEqual(bin(">", id("a"), { kind: "duration", amount: "1", unit: "days" }));
    expect(expr("a > 1 month")).toEqual(bin(">", id("a"), { kind: "duration", amount: "1", unit: "months" }));
  });

  it("comparisons do not chain without parentheses", () => {
    expect(parse("rule r phase ptp when a = b = c then deny CO-1", "t").diagnostics.map((d) => d.code)).toContain("syntax");
    expect(expr("(a = b) = c")).toEqual(bin("=", paren(bin("=", id("a"), id("b"))), id("c")));
  });

  it("the cms ncci rule: nested quantifiers and parenthesised negations", () => {
    const ast = parseOk(readFileSync(CMS, "utf8"), CMS);
    const rule = ast.declarations.find((d): d is A.RuleDecl => d.kind === "rule" && d.name.text === "ncci_ptp")!;
    const q = rule.when as A.Quantifier;
    expect(q).toMatchObject({ kind: "quantifier", quantifier: "any", variable: { text: "other" } });
    // where: a != b and c = d and (any edit in ptp[...] on ... where (… or (… and (no …) and (no …))))
    const where = q.where as A.Binary;
    expect(where.op).toBe("and");
    const inner = where.right as A.Quantifier;
    expect(inner.kind).toBe("quantifier");
    expect(inner.collection.kind).toBe("lookup");
    const or = inner.where as A.Binary;
    expect(or.op).toBe("or");
    expect(or.right.kind).toBe("paren");
  });
});

describe("keywords as names", () => {
  it("after a dot any keyword is a field name", () => {
    for (const word of [
      "units",
      "to",
      "from",
      "diagnosis",
      "code",
      "in",
      "count",
      "missing",
      "where",
      "then",
      "when",
      "not",
      "on",
      "key",
      "active",
      "year",
      "days",
    ]) {
      expect(expr(`x.${word} = 1`)).toEqual(bin("=", field(id("x"), word), int("1")));
    }
  });

  it("declaration keywords after a dot are field names too, and do not cut the rule in two", () => {
    // `plan`, `table`, `rule`, … start a declaration, but not after "."
    for (const word of ["plan", "rule", "table", "include", "pack", "benefit", "valueset", "parameter", "accumulator"]) {
      const out = parse(`rule r phase eligibility when member.${word} = "gold" then pend`, "t.edict");
      expect(
        out.diagnostics.map((d) => d.message),
        `member.${word}`,
      ).toEqual([]);
      expect(out.ast.declarations.map((d) => d.kind)).toEqual(["rule"]);
    }
  });

  it("soft keywords as column names", () => {
    const t = only(
      'table t from "t.csv" {\n  key code: procedure\n  modifier: modifier\n  units: integer\n  from: text\n  to: date\n  money: money\n  key diagnosis: diagnosis\n}',
      "table",
    );
    expect(t.columns.map((c) => [c.name.text, c.type, c.key])).toEqual([
      ["code", "procedure", true],
      ["modifier", "modifier", false],
      ["units", "integer", false],
      ["from", "text", false],
      ["to", "date", false],
      ["money", "money", false],
      ["diagnosis", "diagnosis", true],
    ]);
  });

  it("a reserved word as a column name is one diagnostic at that word", () => {
    const out = parse('table t from "t.csv" {\n  key code: procedure\n  then: text\n}', "t.edict");
    expect(out.diagnostics.map((d) => d.code)).toEqual(["syntax"]);
    expect(out.diagnostics[0].span).toMatchObject({ line: 3, col: 3 });
  });
});

describe("declarations", () => {
  it("pack header with and without effective dates; include", () => {
    expect(stripSpans(only('pack "p" version "1.0"', "pack"))).toEqual({ kind: "pack", name: { value: "p" }, version: { value: "1.0" } });
    expect(stripSpans(only('pack "p" version "1.0" effective 2026-01-01 to 2026-12-31', "pack"))).toMatchObject({
      effective: { from: { text: "2026-01-01" }, to: { text: "2026-12-31" } },
    });
    expect(stripSpans(only('include "../cms-edits"', "include"))).toEqual({ kind: "include", path: { value: "../cms-edits" } });
  });

  it("valueset with a title, ranges, prefixes and a trailing comma", () => {
    const vs = only('valueset screening "Screening" = diagnosis { Z12.11, Z12.*, C50.*, Z12*, A00..A09, }', "valueset");
    expect(stripSpans(vs)).toEqual({
      kind: "valueset",
      name: { text: "screening" },
      title: { value: "Screening" },
      codeKind: "diagnosis",
      items: [{ from: "Z12.11" }, { from: "Z12.*" }, { from: "C50.*" }, { from: "Z12*" }, { from: "A00", to: "A09" }],
    });
    expect(only("valueset empty = procedure { }", "valueset").items).toEqual([]);
    expect(only("valueset mods = modifier { 25, 59, E1..E4, 0001F }", "valueset").items.map((i) => i.from)).toEqual(["25", "59", "E1", "0001F"]);
  });

  it("table with key, optional columns, keyword column names and active dates", () => {
    const t = only(
      `table ptp "Pairs" from "tables/ptp.csv" {
        key column1: procedure
        key column2: procedure
        modifier: modifier
        code: code
        diagnosis: pattern
        note: text?
        units: integer
        amount: money
        rate: percent?
        flag: boolean
        effective: date
        deletion: date?
        active from effective until deletion
      }`,
      "table",
    );
    expect(t.name.text).toBe("ptp");
    expect(t.title?.value).toBe("Pairs");
    expect(t.path.value).toBe("tables/ptp.csv");
    expect(t.columns.map((c) => [c.name.text, c.type, c.key, c.optional])).toEqual([
      ["column1", "procedure", true, false],
      ["column2", "procedure", true, false],
      ["modifier", "modifier", false, false],
      ["code", "code", false, false],
      ["diagnosis", "pattern", false, false],
      ["note", "text", false, true],
      ["units", "integer", false, false],
      ["amount", "money", false, false],
      ["rate", "percent", false, true],
      ["flag", "boolean", false, false],
      ["effective", "date", false, false],
      ["deletion", "date", false, true],
    ]);
    expect(t.active && [t.active.from.text, t.active.until.text]).toEqual(["effective", "deletion"]);
    expect(only('table t from "t.csv" { }', "table").columns).toEqual([]);
  });

  it("parameters of several literal kinds", () => {
    expect(stripSpans(only('parameter office_copay "Copay" = $25.00', "parameter"))).toEqual({
      kind: "parameter",
      name: { text: "office_copay" },
      title: { value: "Copay" },
      value: { kind: "money", text: "25.00" },
    });
    expect(only("parameter filing = 365 days", "parameter").value).toMatchObject({ kind: "duration", amount: "365", unit: "days" });
    expect(only("parameter rate = 20%", "parameter").value).toMatchObject({ kind: "percent", text: "20" });
    expect(only("parameter start = 2026-01-01", "parameter").value).toMatchObject({ kind: "date", text: "2026-01-01" });
    expect(only('parameter label = "x"', "parameter").value).toMatchObject({ kind: "string", value: "x" });
    expect(only("parameter on_hold = false", "parameter").value).toMatchObject({ kind: "boolean", value: false });
  });

  it("accumulators in money and count", () => {
    expect(stripSpans(only('accumulator ded "Deductible": money', "accumulator"))).toEqual({
      kind: "accumulator",
      name: { text: "ded" },
      title: { value: "Deductible" },
      unit: "money",
    });
    expect(only("accumulator visits_used: count", "accumulator").unit).toBe("count");
  });

  it("plan with a fee schedule and two tiers", () => {
    const plan = only(
      `plan "Gold" {
        fee schedule fees.amount
        network in {
          deductible $500.00 accumulator deductible
          out_of_pocket oop_limit accumulator out_of_pocket
          coinsurance 20%
        }
        network out {
          deductible $1000 accumulator oon_ded
          coinsurance 40%
        }
      }`,
      "plan",
    );
    expect(stripSpans(plan)).toEqual({
      kind: "plan",
      title: { value: "Gold" },
      feeSchedule: { table: { text: "fees" }, column: { text: "amount" } },
      tiers: [
        {
          network: "in",
          deductible: { amount: { kind: "money", text: "500.00" }, accumulator: { text: "deductible" } },
          outOfPocket: { amount: { kind: "ident", name: "oop_limit" }, accumulator: { text: "out_of_pocket" } },
          coinsurance: { rate: { kind: "percent", text: "20" } },
        },
        {
          network: "out",
          deductible: { amount: { kind: "money", text: "1000" }, accumulator: { text: "oon_ded" } },
          coinsurance: { rate: { kind: "percent", text: "40" } },
        },
      ],
    });
    expect(only("plan { }", "plan")).toMatchObject({ tiers: [] });
  });

  it("benefit with every item", () => {
    const b = only(
      `benefit pt "Physical therapy" {
        codes pt_codes
        codes { 97110, 97112..97140 }
        when line.placeOfService = "11" and not member.pending
        in_network: copay office_copay, deductible waived, coinsurance 0%
        out_of_network: deductible applies, coinsurance 40%
        limit 20 visits per year accumulator pt_visits
        requires authorization
        cite "SBC page 3"
        cite "Rider 2"
      }`,
      "benefit",
    );
    expect(stripSpans(b)).toEqual({
      kind: "benefit",
      name: { text: "pt" },
      title: { value: "Physical therapy" },
      codes: [{ text: "pt_codes" }, { kind: "codeset", items: [{ from: "97110" }, { from: "97112", to: "97140" }] }],
      when: bin("and", bin("=", field(id("line"), "placeOfService"), { kind: "string", value: "11" }), {
        kind: "unary",
        op: "not",
        operand: field(id("member"), "pending"),
      }),
      costShares: [
        {
          network: "in",
          none: false,
          terms: [
            { kind: "copay", amount: { kind: "ident", name: "office_copay" } },
            { kind: "deductible", applies: false },
            { kind: "coinsurance", rate: { kind: "percent", text: "0" } },
          ],
        },
        {
          network: "out",
          none: false,
          terms: [
            { kind: "deductible", applies: true },
            { kind: "coinsurance", rate: { kind: "percent", text: "40" } },
          ],
        },
      ],
      limit: { amount: { kind: "integer", text: "20" }, unit: "visits", accumulator: { text: "pt_visits" } },
      requiresAuthorization: "<span>",
      cites: [{ value: "SBC page 3" }, { value: "Rider 2" }],
    });
    const free = only("benefit prev { codes prev_codes in_network: no cost share limit 4 units per year accumulator prev_units }", "benefit");
    expect(free.costShares).toMatchObject([{ network: "in", none: true, terms: [] }]);
    expect(free.limit).toMatchObject({ unit: "units" });
    expect(free.requiresAuthorization).toBeUndefined();
  });

  it("rule with a title, several cites and each action kind", () => {
    const rule = (action: string) => only(`rule r "T" phase pricing cite "a" cite "b" when x then ${action}`, "rule");
    const r = rule("deny CO-236 remark N362, M15");
    expect(r.title?.value).toBe("T");
    expect(r.cites.map((c) => c.value)).toEqual(["a", "b"]);
    expect(stripSpans(r.action)).toEqual({ kind: "deny", reason: { group: "CO", code: "236" }, remarks: [{ text: "N362" }, { text: "M15" }] });
    expect(stripSpans(rule("deny PR-1").action)).toEqual({ kind: "deny", reason: { group: "PR", code: "1" }, remarks: [] });
    expect(stripSpans(rule("pend").action)).toEqual({ kind: "pend", remarks: [] });
    expect(stripSpans(rule("pend OA-133").action)).toEqual({ kind: "pend", reason: { group: "OA", code: "133" }, remarks: [] });
    expect(stripSpans(rule("pend remark N1").action)).toEqual({ kind: "pend", remarks: [{ text: "N1" }] });
    expect(stripSpans(rule("pend CO-133 remark MA130").action)).toEqual({ kind: "pend", reason: { group: "CO", code: "133" }, remarks: [{ text: "MA130" }] });
    expect(stripSpans(rule("remark N362, M15, MA01").action)).toEqual({ kind: "remark", remarks: [{ text: "N362" }, { text: "M15" }, { text: "MA01" }] });
    expect(stripSpans(rule("set allowed line.charge * 80%").action)).toEqual({
      kind: "setAllowed",
      amount: bin("*", field(id("line"), "charge"), { kind: "percent", text: "80" }),
      remarks: [],
    });
    expect(stripSpans(rule("set allowed $10 remark N1").action)).toEqual({
      kind: "setAllowed",
      amount: { kind: "money", text: "10" },
      remarks: [{ text: "N1" }],
    });
  });

  it("every phase is accepted", () => {
    for (const phase of ["eligibility", "duplicates", "validity", "sex_age", "ptp", "mue", "necessity", "benefits", "authorization", "limits", "pricing"]) {
      expect(only(`rule r phase ${phase} when x then pend`, "rule").phase.value).toBe(phase);
    }
  });

  it("an empty file and a comment-only file have no declarations", () => {
    expect(parseOk("")).toEqual({ file: "test.edict", declarations: [], comments: [] });
    const ast = parseOk("// only a comment\n");
    expect(ast.declarations).toEqual([]);
    expect(ast.comments.map((c) => [c.text, c.span.line, c.span.col])).toEqual([["// only a comment", 1, 1]]);
  });
});
