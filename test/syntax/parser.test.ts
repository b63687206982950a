import { describe, it, expect } from "vitest";
import type * as A from "../../src/syntax/ast.js";
import { parse } from "../../src/syntax/parser.js";
import { PACKS, allSpans, positionsOf, stripSpans } from "./support.js";

function parseOk(text: string): A.SourceFile {
  const { ast, diagnostics } = parse(text, "test.edict");
  expect(diagnostics).toEqual([]);
  return ast;
}

/** the condition of a one-rule file */
function condition(expr: string): A.Expr {
  const rule = parseOk(`rule r phase ptp when ${expr} then deny CO-1`).declarations[0] as A.RuleDecl;
  return rule.when;
}

/** an expression as a compact, fully parenthesised string, to check structure */
function tree(e: A.Expr): string {
  switch (e.kind) {
    case "binary":
      return `(${tree(e.left)} ${e.op} ${tree(e.right)})`;
    case "unary":
      return `(${e.op} ${tree(e.operand)})`;
    case "ident":
      return e.name;
    case "field":
      return `${tree(e.object)}.${e.field.text}`;
    case "in":
      return `(${tree(e.element)} ${e.negated ? "not in" : "in"} ${e.set.kind === "codeset" ? "{…}" : tree(e.set)}${e.on ? ` on ${tree(e.on)}` : ""})`;
    case "missing":
      return `(${tree(e.operand)} is ${e.negated ? "not " : ""}missing)`;
    case "quantifier":
      return `(${e.quantifier} ${e.variable.text} in ${tree(e.collection)}${e.where ? ` where ${tree(e.where)}` : ""})`;
    case "count":
      return `(count ${e.variable.text} in ${tree(e.collection)}${e.where ? ` where ${tree(e.where)}` : ""})`;
    case "sum":
      return `(sum ${tree(e.body)} for ${e.variable.text} in ${tree(e.collection)}${e.where ? ` where ${tree(e.where)}` : ""})`;
    case "lookup":
      return `${e.table.text}[${e.keys.map(tree).join(", ")}]${e.on ? ` on ${tree(e.on)}` : ""}`;
    case "call":
      return `${e.fn.text}(${e.args.map(tree).join(", ")})`;
    case "paren":
      return `[${tree(e.inner)}]`;
    case "integer":
    case "code":
    case "money":
    case "percent":
    case "date":
      return e.text;
    case "duration":
      return `${e.amount}${e.unit}`;
    case "string":
      return JSON.stringify(e.value);
    case "boolean":
      return String(e.value);
  }
}

describe("the shipped packs", () => {
  for (const pack of PACKS) {
    it(`${pack.path} parses with no diagnostics`, () => {
      const { ast, diagnostics } = parse(pack.text, pack.path);
      expect(diagnostics).toEqual([]);
      expect(ast.declarations.length).toBeGreaterThan(10);
      expect(ast.comments.length).toBeGreaterThan(3);
    });

    it(`${pack.path}: every span agrees with its offsets and covers its text`, () => {
      const { ast } = parse(pack.text, pack.path);
      const at = positionsOf(pack.text);
      for (const { path, span } of allSpans(ast)) {
        expect(span.file, path).toBe(pack.path);
        expect({ line: span.line, col: span.col }, path).toEqual(at(span.offset));
        expect({ line: span.endLine, col: span.endCol }, path).toEqual(at(span.endOffset));
        expect(span.endOffset, path).toBeGreaterThan(span.offset);
      }
    });
  }
});

describe("spans", () => {
  const text = [
    "// fees",
    'parameter office_copay "Copay" = $25.00',
    "",
    'rule late "Late claim"',
    "  phase eligibility",
    "  when claim.receivedDate > line.serviceDate + 365 days",
    "  then deny CO-29 remark N362",
  ].join("\n");
  const ast = parseOk(text);
  const [parameter, rule] = ast.declarations as [A.ParameterDecl, A.RuleDecl];

  it("are exact, 1-based, end exclusive", () => {
    expect(parameter.span).toEqual({ file: "test.edict", line: 2, col: 1, endLine: 2, endCol: 40, offset: 8, endOffset: 47 });
    expect(parameter.value.span).toMatchObject({ line: 2, col: 34, endCol: 40 });
    expect(rule.span).toMatchObject({ line: 4, col: 1, endLine: 7, endCol: 30 });
    expect(rule.phase.span).toMatchObject({ line: 5, col: 9, endLine: 5, endCol: 20 });
    expect(rule.when.span).toMatchObject({ line: 6, col: 8, endLine: 6, endCol: 56 });
    const sum = (rule.when as A.Binary).right as A.Binary;
    expect(sum.right.span).toMatchObject({ line: 6, col: 48, endCol: 56 }); // "365 days"
    expect(rule.action.span).toMatchObject({ line: 7, col: 8, endLine: 7, endCol: 30 });
    expect(rule.action.remarks[0].span).toMatchObject({ line: 7, col: 26, endCol: 30 });
  });

  it("of the text a span covers is the node's own text", () => {
    expect(text.slice(rule.when.span.offset, rule.when.span.endOffset)).toBe("claim.receivedDate > line.serviceDate + 365 days");
    expect(ast.comments).toEqual([{ text: "// fees", span: { file: "test.edict", line: 1, col: 1, endLine: 1, endCol: 8, offset: 0, endOffset: 7 } }]);
  });
});

describe("expression precedence", () => {
  it("and binds tighter than or", () => {
    expect(tree(condition("a or b and c"))).toBe("(a or (b and c))");
    expect(tree(condition("a and b or c"))).toBe("((a and b) or c)");
  });

  it("chains are left-associative", () => {
    expect(tree(condition("a - b - c = d / e / f"))).toBe("(((a - b) - c) = ((d / e) / f))");
    expect(tree(condition("a + b * c"))).toBe("(a + (b * c))");
  });

  it("a where-body reaches as far right as it can", () => {
    expect(tree(condition("any x in l where p and q"))).toBe("(any x in l where (p and q))");
    expect(tree(condition("p and any x in l where q or r"))).toBe("(p and (any x in l where (q or r)))");
    expect(tree(condition("(any x in l where p) and q"))).toBe("([(any x in l where p)] and q)");
  });

  it("a quantifier without where stops at its collection", () => {
    expect(tree(condition("any x in necessity[line.code] and no d in l where d = 1"))).toBe("((any x in necessity[line.code]) and (no d in l where (d = 1)))");
  });

  it("count and sum are values whose where also reaches right", () => {
    expect(tree(condition("count x in l where p > 3"))).toBe("(count x in l where (p > 3))");
    expect(tree(condition("(count x in l where p) > 3"))).toBe("([(count x in l where p)] > 3)");
    expect(tree(condition("count x in l > 3"))).toBe("((count x in l) > 3)");
    expect(tree(condition("sum o.units for o in claim.lines = 2"))).toBe("((sum o.units for o in claim.lines) = 2)");
  });

  it("not x in S negates the membership; x not in S is a negated membership", () => {
    expect(tree(condition("not x in s"))).toBe("(not (x in s))");
    expect(tree(condition("x not in s"))).toBe("(x not in s)");
    expect(tree(condition("not not x"))).toBe("(not (not x))");
  });

  it("reads membership, lookups with dates, missing tests and matches", () => {
    expect(tree(condition("line.code not in procedures on line.serviceDate"))).toBe("(line.code not in procedures on line.serviceDate)");
    expect(tree(condition("any e in ptp[o.code, line.code] on line.serviceDate where e.m = 0"))).toBe(
      "(any e in ptp[o.code, line.code] on line.serviceDate where (e.m = 0))",
    );
    expect(tree(condition("c.to is missing or c.to is not missing"))).toBe("((c.to is missing) or (c.to is not missing))");
    expect(tree(condition("d matches support.diagnosis"))).toBe("(d matches support.diagnosis)");
    expect(tree(condition("line.code in { 99202..99205, 45378 }"))).toBe("(line.code in {…})");
    expect(tree(condition("-x * -2 < years_between(a, b)"))).toBe("(((- x) * (- 2)) < years_between(a, b))");
  });

  it("reads literals: money and percent without their signs, durations in the plural", () => {
    const values = (condition('f($25.00, 20%, 12.5%, 1 day, 2 months, 3 year, 2026-01-01, Z12.11, 0001F, "a\\"b", true)') as A.Call).args;
    expect(stripSpans(values)).toEqual([
      { kind: "money", text: "25.00" },
      { kind: "percent", text: "20" },
      { kind: "percent", text: "12.5" },
      { kind: "duration", amount: "1", unit: "days" },
      { kind: "duration", amount: "2", unit: "months" },
      { kind: "duration", amount: "3", unit: "years" },
      { kind: "date", text: "2026-01-01" },
      { kind: "code", text: "Z12.11" },
      { kind: "code", text: "0001F" },
      { kind: "string", value: 'a"b' },
      { kind: "boolean", value: true },
    ]);
  });

  it("accepts soft keywords as names and any word after a dot", () => {
    expect(tree(condition("any limit in sex_age[line.code] where limit.sex != member.sex and c.to > c.from"))).toBe(
      "(any limit in sex_age[line.code] where ((limit.sex != member.sex) and (c.to > c.from)))",
    );
    expect(tree(condition("claim.plan = x.count"))).toBe("(claim.plan = x.count)");
  });
});

describe("declarations", () => {
  it("pack header and include", () => {
    const ast = parseOk('pack "p" version "1" effective 2026-01-01 to 2026-12-31\ninclude "../x"');
    expect(stripSpans(ast.declarations)).toEqual([
      {
        kind: "pack",
        name: { value: "p" },
        version: { value: "1" },
        effective: { from: { kind: "date", text: "2026-01-01" }, to: { kind: "date", text: "2026-12-31" } },
      },
      { kind: "include", path: { value: "../x" } },
    ]);
  });

  it("value sets keep codes as written", () => {
    const ast = parseOk('valueset v "V" = diagnosis { Z12.11, C50.*, 99202..99205, E1..E4, }');
    expect(stripSpans(ast.declarations[0])).toEqual({
      kind: "valueset",
      name: { text: "v" },
      title: { value: "V" },
      codeKind: "diagnosis",
      items: [{ from: "Z12.11" }, { from: "C50.*" }, { from: "99202", to: "99205" }, { from: "E1", to: "E4" }],
    });
    expect(stripSpans(parseOk("valueset e = modifier {}").declarations[0])).toMatchObject({ items: [] });
  });

  it("tables", () => {
    const ast = parseOk('table t "T" from "t.csv" {\n key code: procedure\n sex: text?\n active from effective until deletion\n}');
    expect(stripSpans(ast.declarations[0])).toEqual({
      kind: "table",
      name: { text: "t" },
      title: { value: "T" },
      path: { value: "t.csv" },
      columns: [
        { name: { text: "code" }, type: "procedure", key: true, optional: false },
        { name: { text: "sex" }, type: "text", key: false, optional: true },
      ],
      active: { from: { text: "effective" }, until: { text: "deletion" } },
    });
  });

  it("parameters and accumulators", () => {
    const ast = parseOk('parameter p "P" = 365 days\naccumulator deductible "D": money\naccumulator v: count');
    expect(stripSpans(ast.declarations)).toEqual([
      { kind: "parameter", name: { text: "p" }, title: { value: "P" }, value: { kind: "duration", amount: "365", unit: "days" } },
      { kind: "accumulator", name: { text: "deductible" }, title: { value: "D" }, unit: "money" },
      { kind: "accumulator", name: { text: "v" }, unit: "count" },
    ]);
  });

  it("plans", () => {
    const ast = parseOk(
      'plan "P" {\n fee schedule fees.amount\n network in { deductible $500.00 accumulator deductible coinsurance 20% }\n network out { out_of_pocket oop accumulator x }\n}',
    );
    expect(stripSpans(ast.declarations[0])).toEqual({
      kind: "plan",
      title: { value: "P" },
      feeSchedule: { table: { text: "fees" }, column: { text: "amount" } },
      tiers: [
        {
          network: "in",
          deductible: { amount: { kind: "money", text: "500.00" }, accumulator: { text: "deductible" } },
          coinsurance: { rate: { kind: "percent", text: "20" } },
        },
        { network: "out", outOfPocket: { amount: { kind: "ident", name: "oop" }, accumulator: { text: "x" } } },
      ],
    });
  });

  it("benefits: a value set name or inline codes, cost shares, limit, authorization, cites", () => {
    const ast = parseOk(
      'benefit b "B" {\n codes office_visit_codes\n codes { 45378 }\n when Z12.11 in line.diagnoses\n in_network: copay office_copay, deductible waived, coinsurance 0%\n out_of_network: no cost share\n limit 20 visits per year accumulator pt_visits\n requires authorization\n cite "C"\n}',
    );
    const b = ast.declarations[0] as A.BenefitDecl;
    expect(b.requiresAuthorization).toMatchObject({ line: 8, col: 2, endCol: 24 });
    expect(stripSpans(b)).toEqual({
      kind: "benefit",
      name: { text: "b" },
      title: { value: "B" },
      codes: [{ text: "office_visit_codes" }, { kind: "codeset", items: [{ from: "45378" }] }],
      when: {
        kind: "in",
        negated: false,
        element: { kind: "code", text: "Z12.11" },
        set: { kind: "field", object: { kind: "ident", name: "line" }, field: { text: "diagnoses" } },
      },
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
        { network: "out", none: true, terms: [] },
      ],
      limit: { amount: { kind: "integer", text: "20" }, unit: "visits", accumulator: { text: "pt_visits" } },
      requiresAuthorization: true,
      cites: [{ value: "C" }],
    });
  });

  it("rules with every kind of action", () => {
    const actions = ["deny CO-236 remark N362, M15", "pend", "pend CO-133", "pend remark N1", "remark N362", "set allowed $10.00 * line.units remark N1"].map(
      (a) => (parseOk(`rule r "R" phase pricing cite "a" cite "b" when true then ${a}`).declarations[0] as A.RuleDecl).action,
    );
    expect(stripSpans(actions)).toEqual([
      { kind: "deny", reason: { group: "CO", code: "236" }, remarks: [{ text: "N362" }, { text: "M15" }] },
      { kind: "pend", remarks: [] },
      { kind: "pend", reason: { group: "CO", code: "133" }, remarks: [] },
      { kind: "pend", remarks: [{ text: "N1" }] },
      { kind: "remark", remarks: [{ text: "N362" }] },
      {
        kind: "setAllowed",
        amount: {
          kind: "binary",
          op: "*",
          left: { kind: "money", text: "10.00" },
          right: { kind: "field", object: { kind: "ident", name: "line" }, field: { text: "units" } },
        },
        remarks: [{ text: "N1" }],
      },
    ]);
    const rule = parseOk('rule r "R" phase authorization cite "a" cite "b" when true then pend').declarations[0] as A.RuleDecl;
    expect(rule.phase.value).toBe("authorization");
    expect(rule.cites.map((c) => c.value)).toEqual(["a", "b"]);
  });
});
