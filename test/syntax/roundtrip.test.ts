// Printer round trip (fast-check): parse(print(ast)) equals ast for generated ASTs; format is idempotent and fixes the shipped packs.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { markSpans as stripSpans } from "./support.js";
import fc from "fast-check";
import * as Lexer from "../../src/syntax/lexer.js";
import { parse } from "../../src/syntax/parser.js";
import { format, print, printExpr } from "../../src/syntax/printer.js";
import type * as A from "../../src/syntax/ast.js";

const PACKS = ["rules/cms-edits/edits.edict", "rules/demo-ppo/plan.edict"];

// ---------------------------------------------------------------- helpers

/** every word the language reserves: the lexer's list, plus the grammar's words in case the lexer names them differently */
const GRAMMAR_WORDS = `pack version effective to include valueset table from key active until parameter accumulator plan fee schedule
  network deductible out_of_pocket out_of_network in_network coinsurance copay applies waived benefit codes when then cost share
  limit visits units per requires authorization cite rule phase deny pend remark set allowed and or not any no in out where count
  sum for is missing matches on true false days day months month years year procedure diagnosis modifier money code pattern text
  integer percent date boolean`.split(/\s+/);
const lexerKeywords = (Lexer as Record<string, unknown>).KEYWORDS;
const RESERVED = new Set<string>([...(Array.isArray(lexerKeywords) ? (lexerKeywords as string[]) : []), ...GRAMMAR_WORDS]);

const S: A.Span = { file: "gen.edict", line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 };

// ---------------------------------------------------------------- leaf arbitraries

const identifier = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        "line",
        "claim",
        "member",
        "o",
        "x",
        "serviceDate",
        "_tmp",
        "years_between",
        "index",
        "inx",
        "notes",
        "nothing",
        "order",
        "any_x",
        "count2",
        "a_b_c",
      ),
    },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z_][a-zA-Z0-9_]{0,7}$/) },
  )
  .filter((s) => !RESERVED.has(s));

/**
 * after "." any word is a field name, keywords included (`line.units`, `c.to`). The words that
 * start a declaration (`rule`, `plan`, `table`, …) are left out here: they currently split the
 * declaration (see "declaration keywords as field names" in parser.test.ts).
 */
const fieldName = fc.oneof(
  identifier,
  fc.constantFrom("units", "to", "from", "diagnosis", "code", "in", "count", "missing", "days", "when", "then", "effective", "not", "where", "on", "any"),
);

const name = (text: string): A.Name => ({ text, span: S });
const nameArb = identifier.map(name);

const CODES = ["E1", "Z12.11", "C50.*", "Z12*", "0001F", "G0121", "LT", "N362", "M54.50", "XU", "S83.511A"];
const stringValue = fc.string({ unit: fc.constantFrom("a", "b", " ", '"', "\\", "/", "é", "{", "}", "-", "1", "日"), maxLength: 12 });

const literal: fc.Arbitrary<A.Literal> = fc.oneof(
  stringValue.map((value): A.Literal => ({ kind: "string", value, span: S })),
  fc.nat(99999).map((n): A.Literal => ({ kind: "integer", text: String(n), span: S })),
  fc.constantFrom("25.00", "25", "3000.00", "0.50", "1").map((text): A.Literal => ({ kind: "money", text, span: S })),
  fc.constantFrom("20", "12.5", "0", "100").map((text): A.Literal => ({ kind: "percent", text, span: S })),
  fc.constantFrom("2026-01-01", "1999-12-31", "2026-02-28").map((text): A.Literal => ({ kind: "date", text, span: S })),
  fc
    .record({ amount: fc.nat(400).map(String), unit: fc.constantFrom("days" as const, "months" as const, "years" as const) })
    .map(({ amount, unit }): A.Literal => ({ kind: "duration", amount, unit, span: S })),
  fc.constantFrom(...CODES).map((text): A.Literal => ({ kind: "code", text, span: S })),
  fc.boolean().map((value): A.Literal => ({ kind: "boolean", value, span: S })),
);

const codeItem: fc.Arbitrary<A.CodeItem> = fc.oneof(
  fc.constantFrom(...CODES, "99213", "25", "45378").map((from): A.CodeItem => ({ from, span: S })),
  fc
    .constantFrom(["99202", "99205"], ["E1", "E4"], ["Z12.0", "Z12.9"], ["0001F", "0009F"], ["A00", "A09"])
    .map(([from, to]): A.CodeItem => ({ from, to, span: S })),
);
const codeSet = fc.array(codeItem, { maxLength: 4 }).map((items): A.CodeSetLit => ({ kind: "codeset", items, span: S }));

// ---------------------------------------------------------------- raw expressions (no parentheses yet)

const COMPARISON_OPS = ["=", "!=", "<", "<=", ">", ">=", "matches"] as const;
const BINARY_OPS: A.BinaryOp[] = ["or", "and", ...COMPARISON_OPS, "+", "-", "*", "/"];

const { rawExpr } = fc.letrec<{ rawExpr: A.Expr }>((tie) => {
  const sub = tie("rawExpr");
  const leaf = fc.oneof(
    literal as fc.Arbitrary<A.Expr>,
    identifier.map((n): A.Expr => ({ kind: "ident", name: n, span: S })),
  );
  return {
    rawExpr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: leaf },
      fc.record({ object: sub, field: fieldName.map(name) }).map((r): A.Expr => ({ kind: "field", ...r, span: S })),
      fc
        .record({ table: nameArb, keys: fc.array(sub, { minLength: 1, maxLength: 3 }), on: fc.option(sub, { nil: undefined }) })
        .map((r): A.Expr => ({ kind: "lookup", ...r, span: S })),
      fc.record({ fn: nameArb, args: fc.array(sub, { maxLength: 3 }) }).map((r): A.Expr => ({ kind: "call", ...r, span: S })),
      fc.record({ op: fc.constantFrom("not" as const, "-" as const), operand: sub }).map((r): A.Expr => ({ kind: "unary", ...r, span: S })),
      {
        weight: 3,
        arbitrary: fc.record({ op: fc.constantFrom(...BINARY_OPS), left: sub, right: sub }).map((r): A.Expr => ({ kind: "binary", ...r, span: S })),
      },
      fc
        .record({
          negated: fc.boolean(),
          element: sub,
          set: fc.oneof(codeSet as fc.Arbitrary<A.Expr | A.CodeSetLit>, sub),
          on: fc.option(sub, { nil: undefined }),
        })
        .map((r): A.Expr => ({ kind: "in", ...r, span: S })),
      fc.record({ negated: fc.boolean(), operand: sub }).map((r): A.Expr => ({ kind: "missing", ...r, span: S })),
      fc
        .record({ quantifier: fc.constantFrom("any" as const, "no" as const), variable: nameArb, collection: sub, where: fc.option(sub, { nil: undefined }) })
        .map((r): A.Expr => ({ kind: "quantifier", ...r, span: S })),
      fc.record({ variable: nameArb, collection: sub, where: fc.option(sub, { nil: undefined }) }).map((r): A.Expr => ({ kind: "count", ...r, span: S })),
      fc
        .record({ body: sub, variable: nameArb, collection: sub, where: fc.option(sub, { nil: undefined }) })
        .map((r): A.Expr => ({ kind: "sum", ...r, span: S })),
      fc.record({ inner: sub }).map((r): A.Expr => ({ kind: "paren", ...r, span: S })),
    ),
  };
});

// ---------------------------------------------------------------- inserting the parentheses the grammar needs

/**
 * Binding levels, loosest first (grammar/edict.ebnf): or 1, and 2, not/quantifier 3,
 * comparison/in/missing 4, + - 5, * / 6, unary minus 7, postfix and primaries 8.
 */
function level(e: A.Expr): number {
  switch (e.kind) {
    case "binary":
      if (e.op === "or") return 1;
      if (e.op === "and") return 2;
      if (e.op === "+" || e.op === "-") return 5;
      if (e.op === "*" || e.op === "/") return 6;
      return 4;
    case "unary":
      return e.op === "not" ? 3 : 7;
    case "quantifier":
      return 3;
    case "in":
    case "missing":
      return 4;
    default:
      return 8;
  }
}

/** what comes after an expression in its parent: nothing, `on` (a membership's date), or anything else */
type Follow = false | "on" | true;

/**
 * true when the printed form ends in something that would swallow what follows: a `where`, an
 * `on`, a collection that takes `.field`; a lookup without `on` takes a following `on`.
 */
function endsOpen(e: A.Expr, follow: Follow): boolean {
  switch (e.kind) {
    case "quantifier":
    case "count":
    case "sum":
      return true;
    case "lookup":
      return e.on !== undefined || follow === "on";
    case "in":
      return e.on !== undefined || (e.set.kind !== "codeset" && endsOpen(e.set as A.Expr, follow));
    case "unary":
      return endsOpen(e.operand, follow);
    case "binary":
      return endsOpen(e.right, follow);
    default:
      return false;
  }
}

const wrap = (inner: A.Expr): A.Expr => ({ kind: "paren", inner, span: S });

/**
 * Adds `paren` nodes so that printing then parsing gives the same tree: a child binding looser
 * than its position allows, or one that ends open and is followed by more text, is wrapped.
 */
function fix(e: A.Expr, minLevel: number, followed: Follow): A.Expr {
  const fixed = fixChildren(e, followed);
  if (level(fixed) < minLevel || (followed && endsOpen(fixed, followed))) return wrap(fixChildren(e, false));
  return fixed;
}

function fixChildren(e: A.Expr, followed: Follow): A.Expr {
  switch (e.kind) {
    case "field":
      return { ...e, object: fix(e.object, 8, true) };
    case "lookup":
      return { ...e, keys: e.keys.map((k) => fix(k, 1, false)), on: e.on && fix(e.on, 8, followed) };
    case "call":
      return { ...e, args: e.args.map((a) => fix(a, 1, false)) };
    case "unary":
      return { ...e, operand: fix(e.operand, e.op === "not" ? 3 : 7, followed) };
    case "binary": {
      const [l, r] = e.op === "or" ? [1, 2] : e.op === "and" ? [2, 3] : e.op === "+" || e.op === "-" ? [5, 6] : e.op === "*" || e.op === "/" ? [6, 7] : [5, 5];
      return { ...e, left: fix(e.left, l, true), right: fix(e.right, r, followed) };
    }
    case "in":
      return {
        ...e,
        element: fix(e.element, 5, true),
        set: e.set.kind === "codeset" ? e.set : fix(e.set as A.Expr, 8, e.on !== undefined ? "on" : followed),
        on: e.on && fix(e.on, 8, followed),
      };
    case "missing":
      return { ...e, operand: fix(e.operand, 5, true) };
    case "quantifier":
    case "count":
      return { ...e, collection: fix(e.collection, 8, followed || e.where !== undefined), where: e.where && fix(e.where, 1, followed) };
    case "sum":
      return {
        ...e,
        body: fix(e.body, 5, true),
        collection: fix(e.collection, 8, followed || e.where !== undefined),
        where: e.where && fix(e.where, 1, followed),
      };
    case "paren":
      return { ...e, inner: fix(e.inner, 1, false) };
    default:
      return e;
  }
}

const expr = rawExpr.map((e) => fix(e, 1, false));

// ---------------------------------------------------------------- declarations

const text = stringValue.map((value): A.Text => ({ value, span: S }));
const optText = fc.option(text, { nil: undefined });
const valueRef: fc.Arbitrary<A.ValueRef> = fc.oneof(
  literal,
  identifier.map((n): A.Identifier => ({ kind: "ident", name: n, span: S })),
);
const remarkCodes = (min: number) => fc.array(fc.constantFrom("N362", "M15", "MA130", "N1").map(name), { minLength: min, maxLength: 3 });
const reason = fc
  .record({ group: fc.constantFrom("CO", "PR", "OA", "PI", "CR"), code: fc.constantFrom("1", "18", "236", "B7", "A1") })
  .map((r): A.ReasonRef => ({ ...r, span: S }));

const action: fc.Arbitrary<A.Action> = fc.oneof(
  fc.record({ reason, remarks: remarkCodes(0) }).map((r): A.Action => ({ kind: "deny", ...r, span: S })),
  fc.record({ reason: fc.option(reason, { nil: undefined }), remarks: remarkCodes(0) }).map((r): A.Action => ({ kind: "pend", ...r, span: S })),
  remarkCodes(1).map((remarks): A.Action => ({ kind: "remark", remarks, span: S })),
  fc.record({ amount: expr, remarks: remarkCodes(0) }).map((r): A.Action => ({ kind: "setAllowed", ...r, span: S })),
);

const PHASES = ["eligibility", "duplicates", "validity", "sex_age", "ptp", "mue", "necessity", "benefits", "authorization", "limits", "pricing"] as const;

const ruleDecl: fc.Arbitrary<A.Declaration> = fc
  .record({ name: nameArb, title: optText, phase: fc.constantFrom(...PHASES), cites: fc.array(text, { maxLength: 2 }), when: expr, action })
  .map((r): A.Declaration => ({ kind: "rule", ...r, phase: { value: r.phase, span: S }, span: S }));

const date = fc.constantFrom("2026-01-01", "2026-12-31").map((t): A.DateLit => ({ kind: "date", text: t, span: S }));
const packDecl = fc
  .record({ name: text, version: text, effective: fc.option(fc.record({ from: date, to: date }), { nil: undefined }) })
  .map((r): A.Declaration => ({ kind: "pack", ...r, span: S }));
const includeDecl = text.map((path): A.Declaration => ({ kind: "include", path, span: S }));
const valuesetDecl = fc
  .record({
    name: nameArb,
    title: optText,
    codeKind: fc.constantFrom("procedure" as const, "diagnosis" as const, "modifier" as const),
    items: fc.array(codeItem, { maxLength: 40 }),
  })
  .map((r): A.Declaration => ({ kind: "valueset", ...r, span: S }));
const softName = fc.oneof(nameArb, fc.constantFrom("code", "modifier", "diagnosis", "units", "effective", "deletion", "amount").map(name));
const column = fc
  .record({
    name: softName,
    type: fc.constantFrom<A.ColumnType>("procedure", "diagnosis", "modifier", "code", "pattern", "text", "integer", "money", "percent", "date", "boolean"),
    key: fc.boolean(),
    optional: fc.boolean(),
  })
  .map((r): A.ColumnDecl => ({ ...r, span: S }));
const tableDecl = fc
  .record({
    name: nameArb,
    title: optText,
    path: text,
    columns: fc.array(column, { maxLength: 4 }),
    active: fc.option(fc.record({ from: softName, until: softName }), { nil: undefined }),
  })
  .map((r): A.Declaration => ({ kind: "table", ...r, active: r.active && { ...r.active, span: S }, span: S }));
const parameterDecl = fc.record({ name: nameArb, title: optText, value: literal }).map((r): A.Declaration => ({ kind: "parameter", ...r, span: S }));
const accumulatorDecl = fc
  .record({ name: softName, title: optText, unit: fc.constantFrom("money" as const, "count" as const) })
  .map((r): A.Declaration => ({ kind: "accumulator", ...r, span: S }));
const tier = fc
  .record({
    network: fc.constantFrom("in" as const, "out" as const),
    deductible: fc.option(fc.record({ amount: valueRef, accumulator: softName }), { nil: undefined }),
    // an out-of-pocket maximum, `no out_of_pocket maximum`, or neither (never both: that is a duplicate line)
    outOfPocket: fc.option(fc.oneof(fc.record({ amount: valueRef, accumulator: softName }), fc.constant("none" as const)), { nil: undefined }),
    coinsurance: fc.option(valueRef, { nil: undefined }),
  })
  .map(
    (r): A.TierDecl => ({
      network: r.network,
      deductible: r.deductible && { ...r.deductible, span: S },
      outOfPocket: r.outOfPocket && r.outOfPocket !== "none" ? { ...r.outOfPocket, span: S } : undefined,
      noOutOfPocket: r.outOfPocket === "none" ? S : undefined,
      coinsurance: r.coinsurance && { rate: r.coinsurance, span: S },
      span: S,
    }),
  );
const planDecl = fc
  .record({
    title: optText,
    feeSchedule: fc.option(fc.record({ table: nameArb, column: softName }), { nil: undefined }),
    coordination: fc.option(softName, { nil: undefined }),
    tiers: fc.array(tier, { maxLength: 2 }),
  })
  .map(
    (r): A.Declaration => ({
      kind: "plan",
      ...r,
      feeSchedule: r.feeSchedule && { ...r.feeSchedule, span: S },
      coordination: r.coordination && { method: r.coordination, span: S },
      span: S,
    }),
  );
const coordinationDecl = fc
  .record({ method: softName, cites: fc.array(text, { maxLength: 2 }) })
  .map((r): A.Declaration => ({ kind: "coordination", ...r, span: S }));
const precedenceDecl = fc
  .record({ name: nameArb, title: optText, cites: fc.array(text, { maxLength: 2 }), when: expr })
  .map((r): A.Declaration => ({ kind: "precedence", ...r, span: S }));
const costTerm: fc.Arbitrary<A.CostTerm> = fc.oneof(
  valueRef.map((amount): A.CostTerm => ({ kind: "copay", amount, span: S })),
  fc.boolean().map((applies): A.CostTerm => ({ kind: "deductible", applies, span: S })),
  valueRef.map((rate): A.CostTerm => ({ kind: "coinsurance", rate, span: S })),
);
const costShare = fc
  .record({ network: fc.constantFrom("in" as const, "out" as const), none: fc.boolean(), terms: fc.array(costTerm, { minLength: 1, maxLength: 3 }) })
  .map((r): A.CostShareDecl => ({ ...r, terms: r.none ? [] : r.terms, span: S }));
const benefitDecl = fc
  .record({
    name: nameArb,
    title: optText,
    codes: fc.array(fc.oneof(nameArb as fc.Arbitrary<A.Name | A.CodeSetLit>, codeSet), { maxLength: 2 }),
    when: fc.option(expr, { nil: undefined }),
    costShares: fc.array(costShare, { maxLength: 2 }),
    limit: fc.option(fc.record({ amount: valueRef, unit: fc.constantFrom("visits" as const, "units" as const), accumulator: softName }), { nil: undefined }),
    requiresAuthorization: fc.boolean(),
    cites: fc.array(text, { maxLength: 2 }),
  })
  .map(
    (r): A.Declaration => ({
      kind: "benefit",
      ...r,
      limit: r.limit && { ...r.limit, span: S },
      requiresAuthorization: r.requiresAuthorization ? S : undefined,
      span: S,
    }),
  );

const declaration = fc.oneof(
  { weight: 6, arbitrary: ruleDecl },
  packDecl,
  includeDecl,
  valuesetDecl,
  tableDecl,
  parameterDecl,
  accumulatorDecl,
  planDecl,
  { weight: 2, arbitrary: benefitDecl },
  ruleDecl.map((r): A.Declaration => ({ ...(r as A.RuleDecl), override: true })),
  parameterDecl.map((p): A.Declaration => ({ ...(p as A.ParameterDecl), override: true })),
  fc.record({ rule: nameArb, cites: fc.array(text, { maxLength: 2 }) }).map((r): A.Declaration => ({ kind: "disable", ...r, span: S })),
  coordinationDecl,
  precedenceDecl,
);
const sourceFile = fc
  .array(declaration, { minLength: 1, maxLength: 4 })
  .map((declarations): A.SourceFile => ({ file: "gen.edict", declarations, comments: [] }));

// ---------------------------------------------------------------- properties

function reparse(printed: string) {
  const out = parse(printed, "gen.edict");
  return { diagnostics: out.diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`), ast: out.ast };
}

describe("round trip: parse(print(ast)) = ast", () => {
  it("expressions", () => {
    fc.assert(
      fc.property(expr, (e) => {
        const file: A.SourceFile = {
          file: "gen.edict",
          declarations: [
            { kind: "rule", name: name("r"), phase: { value: "ptp", span: S }, cites: [], when: e, action: { kind: "pend", remarks: [], span: S }, span: S },
          ],
          comments: [],
        };
        const printed = print(file);
        const back = reparse(printed);
        expect(back.diagnostics, printed).toEqual([]);
        expect(stripSpans((back.ast.declarations[0] as A.RuleDecl).when), printed).toEqual(stripSpans(e));
        // the one-line form parses back the same too
        const flat = reparse(`rule r phase ptp when ${printExpr(e)} then pend`);
        expect(flat.diagnostics).toEqual([]);
        expect(stripSpans((flat.ast.declarations[0] as A.RuleDecl).when)).toEqual(stripSpans(e));
      }),
      { numRuns: 300 },
    );
  });

  it("whole files of every declaration kind", () => {
    fc.assert(
      fc.property(sourceFile, (file) => {
        const printed = print(file);
        const back = reparse(printed);
        expect(back.diagnostics, printed).toEqual([]);
        expect(stripSpans(back.ast.declarations), printed).toEqual(stripSpans(file.declarations));
        expect(back.ast.comments).toEqual([]);
        // printing what was parsed gives the same text
        expect(print(back.ast)).toBe(printed);
      }),
      { numRuns: 200 },
    );
  });

  it("comments sprinkled anywhere survive formatting in order, and format is idempotent", () => {
    const placement = fc.array(fc.record({ line: fc.nat(), own: fc.boolean() }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(sourceFile, placement, (file, places) => {
        const lines = print(file).split("\n");
        // put comment i either on a line of its own before line n, or at the end of line n
        const marks = places.map((p, i) => ({ at: p.line % lines.length, own: p.own, text: `// c${i}` })).sort((a, b) => a.at - b.at);
        const out: string[] = [];
        lines.forEach((line, n) => {
          const here = marks.filter((m) => m.at === n);
          for (const m of here.filter((m) => m.own)) out.push(m.text);
          const trailing = here.filter((m) => !m.own).map((m) => m.text);
          out.push(trailing.length ? `${line} ${trailing.join(" ")}` : line);
        });
        const withComments = out.join("\n");
        const parsed = parse(withComments, "gen.edict");
        expect(parsed.diagnostics, withComments).toEqual([]);
        expect(stripSpans(parsed.ast.declarations)).toEqual(stripSpans(file.declarations));
        const expectedComments = parsed.ast.comments.map((c) => c.text.trimEnd());
        const once = format(withComments, "gen.edict");
        expect(once.diagnostics).toEqual([]);
        const reparsed = parse(once.text, "gen.edict").ast;
        expect(stripSpans(reparsed.declarations), once.text).toEqual(stripSpans(file.declarations));
        expect(
          reparsed.comments.map((c) => c.text),
          once.text,
        ).toEqual(expectedComments);
        expect(format(once.text, "gen.edict").text, once.text).toBe(once.text);
      }),
      { numRuns: 150 },
    );
  });

  it("spans of a reparsed file: line/col agree with offsets, and every expression's span covers exactly its text", () => {
    fc.assert(
      fc.property(sourceFile, (file) => {
        const printed = print(file);
        const back = parse(printed, "gen.edict");
        expect(back.diagnostics).toEqual([]);
        const lineStarts = [0];
        for (let i = 0; i < printed.length; i++) if (printed[i] === "\n") lineStarts.push(i + 1);
        const offsetOf = (line: number, col: number) => lineStarts[line - 1] + col - 1;
        const norm = (t: string) => t.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")");
        const walk = (x: unknown): void => {
          if (Array.isArray(x)) return x.forEach(walk);
          if (!x || typeof x !== "object") return;
          const node = x as { kind?: unknown; span?: A.Span };
          if (node.span) {
            const sp = node.span;
            expect(offsetOf(sp.line, sp.col)).toBe(sp.offset);
            expect(offsetOf(sp.endLine, sp.endCol)).toBe(sp.endOffset);
            expect(sp.endOffset).toBeGreaterThan(sp.offset);
            const slice = printed.slice(sp.offset, sp.endOffset);
            expect(slice).toBe(slice.trim());
            if (typeof node.kind === "string" && EXPR_KINDS.has(node.kind)) expect(norm(slice)).toBe(norm(printExpr(node as A.Expr)));
            // `override rule …` and `override parameter …` start at the word override
            const opening = (node as { override?: boolean }).override ? `override ${String(node.kind)}` : node.kind;
            if (typeof node.kind === "string" && DECL_KINDS.has(node.kind)) expect(slice.startsWith(opening as string)).toBe(true);
          }
          for (const [k, v] of Object.entries(x)) if (k !== "span") walk(v);
        };
        walk(back.ast.declarations);
      }),
      { numRuns: 100 },
    );
  });
});

const EXPR_KINDS = new Set([
  "string",
  "integer",
  "money",
  "percent",
  "date",
  "duration",
  "code",
  "boolean",
  "ident",
  "field",
  "lookup",
  "call",
  "unary",
  "binary",
  "in",
  "missing",
  "quantifier",
  "count",
  "sum",
  "paren",
]);
const DECL_KINDS = new Set(["pack", "include", "valueset", "table", "parameter", "accumulator", "plan", "benefit", "rule", "disable"]);

describe("hand-written round trips", () => {
  const roundTrip = (src: string) => {
    const first = parse(src, "t.edict");
    expect(first.diagnostics).toEqual([]);
    const printed = print(first.ast);
    const second = parse(printed, "t.edict");
    expect(second.diagnostics).toEqual([]);
    expect(stripSpans(second.ast)).toEqual(stripSpans(first.ast));
    return printed;
  };

  it("keeps the author's parentheses and nothing more", () => {
    const printed = roundTrip("rule r phase ptp when ((a or b)) and not (c = 1) then pend");
    expect(printed).toContain("when ((a or b)) and not (c = 1)");
  });

  it("strings with quotes and backslashes", () => {
    const printed = roundTrip(String.raw`rule r "say \"hi\" \\ there" phase ptp cite "a\\b" when x = "\"" then pend`);
    expect(printed).toContain(String.raw`rule r "say \"hi\" \\ there"`);
  });

  it("a long condition is laid out over lines and parses back the same", () => {
    const cond = Array.from({ length: 12 }, (_, i) => `claim.lines.field${i} = "value number ${i}"`).join(" and ");
    const printed = roundTrip(
      `rule r phase ptp when any o in claim.lines where ${cond} or (count o in x where o.a > 1) > 2 then set allowed ${cond.replace(/ and /g, " + ").replace(/ = /g, " * ")}`,
    );
    expect(printed.split("\n").length).toBeGreaterThan(5);
  });

  it("a long valueset is wrapped with a trailing comma", () => {
    const codes = Array.from({ length: 60 }, (_, i) => String(99000 + i)).join(", ");
    const printed = roundTrip(`valueset v = procedure { ${codes} }`);
    expect(printed).toMatch(/,\n\}\n$/);
  });

  it("comments: a section heading stays apart, a note stays attached, a trailing comment stays last", () => {
    const src = "// section\n\nrule a phase ptp when x then pend\n\n// about b\nrule b phase ptp when y then pend\n// tail\n";
    const out = format(src, "t.edict");
    expect(out.diagnostics).toEqual([]);
    expect(out.text).toBe("// section\n\nrule a\n  phase ptp\n  when x\n  then pend\n\n// about b\nrule b\n  phase ptp\n  when y\n  then pend\n\n// tail\n");
    expect(format(out.text, "t.edict").text).toBe(out.text);
  });

  it("comments inside a declaration move before it; none is lost and the order is kept", () => {
    const src = "// head\n\n// about a\nrule a phase ptp // inside a\n  when x // inside too\n  then pend\n// tail\n";
    const out = format(src, "t.edict");
    expect(out.diagnostics).toEqual([]);
    const comments = parse(out.text, "t.edict").ast.comments.map((c) => c.text);
    expect(comments).toEqual(["// head", "// about a", "// inside a", "// inside too", "// tail"]);
    expect(out.text).toContain("// inside too\nrule a\n");
    expect(format(out.text, "t.edict").text).toBe(out.text);
  });

  it("durations: any spelling of the unit parses to the plural; the printer's spelling parses back the same", () => {
    for (const [src, unit] of [
      ["1 year", "years"],
      ["1 years", "years"],
      ["2 day", "days"],
      ["30 days", "days"],
      ["1 month", "months"],
    ] as const) {
      const first = parse(`parameter p = ${src}`, "t.edict");
      expect(first.diagnostics).toEqual([]);
      expect(stripSpans((first.ast.declarations[0] as A.ParameterDecl).value)).toEqual({ kind: "duration", amount: src.split(" ")[0], unit });
      const printed = format(`parameter p = ${src}`, "t.edict").text;
      expect(printed).toMatch(/^parameter p = \d+ (day|month|year)s?\n$/);
      expect(stripSpans(parse(printed, "t.edict").ast)).toEqual(stripSpans(first.ast));
    }
  });

  it("format of text that does not parse returns it unchanged, with the diagnostics", () => {
    const out = format("rule r phase ptp wen x then pend", "t.edict");
    expect(out.text).toBe("rule r phase ptp wen x then pend");
    expect(out.diagnostics.map((d) => d.code)).toEqual(["syntax"]);
  });
});

describe("the shipped packs", () => {
  it.each(PACKS)("%s is already formatted: format returns it unchanged", (path) => {
    const src = readFileSync(path, "utf8");
    const out = format(src, path);
    expect(out.diagnostics).toEqual([]);
    expect(out.text).toBe(src);
  });

  it.each(PACKS)("%s: format is idempotent and print preserves the AST", (path) => {
    const src = readFileSync(path, "utf8");
    const once = format(src, path).text;
    expect(format(once, path).text).toBe(once);
    const a = parse(src, path).ast;
    const b = parse(print(a), path).ast;
    expect(stripSpans(b)).toEqual(stripSpans(a));
  });

  it.each(PACKS)("%s squeezed onto few lines formats back to the original", (path) => {
    const src = readFileSync(path, "utf8");
    const ast = parse(src, path).ast;
    // the same declarations without comments, every declaration on one line
    const squeezed = ast.declarations.map((d) => print({ file: path, declarations: [d], comments: [] }).replace(/\s+/g, " ")).join("\n");
    const out = format(squeezed, path);
    expect(out.diagnostics).toEqual([]);
    expect(stripSpans(parse(out.text, path).ast.declarations)).toEqual(stripSpans(ast.declarations));
  });
});
