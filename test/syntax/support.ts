// Helpers for the syntax tests: span stripping, position checks, and fast-check generators of
// random ASTs that the printer must round-trip (parenthesised where the grammar needs it).
import fc from "fast-check";
import { readFileSync } from "node:fs";
import type * as A from "../../src/syntax/ast.js";
import { RULE_PHASES } from "../../src/common/phases.js";
import { HARD_KEYWORD_SET, KEYWORDS } from "../../src/syntax/lexer.js";

export const PACKS = ["rules/cms-edits/edits.edict", "rules/demo-ppo/plan.edict"].map((path) => ({
  path,
  text: readFileSync(path, "utf8"),
}));

/** the AST without positions: what must survive print → parse */
export function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "span" || v === undefined) continue;
      // a span-valued field (requiresAuthorization, noOutOfPocket): keep only whether it is there
      out[k] = isSpan(v) ? true : stripSpans(v);
    }
    return out;
  }
  return value;
}

/** every declaration, without spans or comments */
export function shape(file: A.SourceFile): unknown {
  return stripSpans(file.declarations);
}

/** the AST with every span (and span-valued field such as `requiresAuthorization`) replaced by "<span>" */
export function markSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(markSpans);
  if (x && typeof x === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) {
      if (k === "span" || v === undefined) continue;
      out[k] = isSpan(v) ? "<span>" : markSpans(v);
    }
    return out;
  }
  return x;
}

export function isSpan(v: unknown): boolean {
  return !!v && typeof v === "object" && "offset" in v && "endOffset" in v && "line" in v && "col" in v;
}

/** 1-based line and column of each offset, counting lines the way the lexer does */
export function positionsOf(text: string): (offset: number) => { line: number; col: number } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\r" && text[i + 1] === "\n") continue;
    if (text[i] === "\n" || text[i] === "\r") lineStarts.push(i + 1);
  }
  return (offset) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    return { line: line + 1, col: offset - lineStarts[line] + 1 };
  };
}

/** all spans inside a value, with the path that leads to them */
export function allSpans(value: unknown, path = "", out: Array<{ path: string; span: A.Span }> = []) {
  if (Array.isArray(value)) value.forEach((v, i) => allSpans(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if ((k === "span" || k === "requiresAuthorization") && v && typeof v === "object") out.push({ path: `${path}.${k}`, span: v as A.Span });
      else allSpans(v, `${path}.${k}`, out);
    }
  }
  return out;
}

// ------------------------------------------------------------------ random ASTs

const S: A.Span = { file: "gen.edict", line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 };

const SOME_NAMES = ["a", "x", "line", "claim", "other", "edit", "m", "_tmp", "serviceDate", "ptp", "limit", "code", "deductible", "from", "text"];
/** names the parser accepts where a name is wanted: identifiers and soft keywords */
const nameText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SOME_NAMES),
  fc.stringMatching(/^[a-z_][a-zA-Z0-9_]{0,7}$/).filter((n) => !HARD_KEYWORD_SET.has(n)),
);
/** after "." any word goes, keywords included (`x.plan`, `c.to`) */
const fieldText: fc.Arbitrary<string> = fc.oneof(nameText, fc.constantFrom(...KEYWORDS));
const name = nameText.map((text): A.Name => ({ text, span: S }));

const stringValue = fc.string({ maxLength: 12 }).filter((s) => !/[\r\n]/.test(s));
const text = stringValue.map((value): A.Text => ({ value, span: S }));
const digits = fc.stringMatching(/^[0-9]{1,6}$/);
const codeText = fc.oneof(
  fc.constantFrom("Z12.11", "C50.*", "Z12*", "E1", "LT", "G0121", "N362", "0001F", "CO", "PR1"),
  fc.stringMatching(/^[A-Z][A-Z0-9]{0,4}(\.[A-Z0-9]{1,3})?\*?$/),
  fc.stringMatching(/^[0-9]{1,4}[A-Z][A-Z0-9]{0,3}$/),
);
const dateText = fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);

export const literal: fc.Arbitrary<A.Literal> = fc.oneof(
  stringValue.map((value): A.Literal => ({ kind: "string", value, span: S })),
  digits.map((t): A.Literal => ({ kind: "integer", text: t, span: S })),
  fc.stringMatching(/^[0-9]{1,5}(\.[0-9]{2})?$/).map((t): A.Literal => ({ kind: "money", text: t, span: S })),
  fc.stringMatching(/^[0-9]{1,3}(\.[0-9]{1,2})?$/).map((t): A.Literal => ({ kind: "percent", text: t, span: S })),
  dateText.map((t): A.Literal => ({ kind: "date", text: t, span: S })),
  fc
    .record({ amount: digits, unit: fc.constantFrom("days", "months", "years") as fc.Arbitrary<"days" | "months" | "years"> })
    .map(({ amount, unit }): A.Literal => ({ kind: "duration", amount, unit, span: S })),
  codeText.map((t): A.Literal => ({ kind: "code", text: t, span: S })),
  fc.boolean().map((value): A.Literal => ({ kind: "boolean", value, span: S })),
);

const codeAtom = fc.oneof(codeText, digits);
const codeItem = fc
  .record({ from: codeAtom, to: fc.option(codeAtom, { nil: undefined }) })
  .map(({ from, to }): A.CodeItem => (to === undefined ? { from, span: S } : { from, to, span: S }));
const codeItems = fc.array(codeItem, { maxLength: 5 });
const codeSetLit = codeItems.map((items): A.CodeSetLit => ({ kind: "codeset", items, span: S }));

const identifier = nameText.map((n): A.Identifier => ({ kind: "ident", name: n, span: S }));

/** raw expression trees, any node anywhere; `roundTrippable` then adds the parentheses the grammar needs */
function rawExpressions(maxDepth: number): fc.Arbitrary<A.Expr> {
  const leaf: fc.Arbitrary<A.Expr> = fc.oneof(literal, identifier);
  let level: fc.Arbitrary<A.Expr> = leaf;
  for (let depth = 1; depth <= maxDepth; depth++) level = composite(level, leaf);
  return level;
}

const BINARY_OPS: A.BinaryOp[] = ["or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "matches"];

function composite(sub: fc.Arbitrary<A.Expr>, leaf: fc.Arbitrary<A.Expr>): fc.Arbitrary<A.Expr> {
  const opt = (a: fc.Arbitrary<A.Expr>) => fc.option(a, { nil: undefined });
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    fc
      .record({ op: fc.constantFrom(...BINARY_OPS), left: sub, right: sub })
      .map(({ op, left, right }): A.Expr => ({ kind: "binary", op, left, right, span: S })),
    fc
      .record({ op: fc.constantFrom("not", "-") as fc.Arbitrary<"not" | "-">, operand: sub })
      .map(({ op, operand }): A.Expr => ({ kind: "unary", op, operand, span: S })),
    fc.record({ object: sub, field: fieldText }).map(({ object, field }): A.Expr => ({ kind: "field", object, field: { text: field, span: S }, span: S })),
    fc
      .record({ table: name, keys: fc.array(sub, { minLength: 1, maxLength: 2 }), on: opt(sub) })
      .map(({ table, keys, on }): A.Expr => ({ kind: "lookup", table, keys, on, span: S })),
    fc.record({ fn: name, args: fc.array(sub, { maxLength: 2 }) }).map(({ fn, args }): A.Expr => ({ kind: "call", fn, args, span: S })),
    fc
      .record({ negated: fc.boolean(), element: sub, set: fc.oneof(sub, codeSetLit), on: opt(sub) })
      .map(({ negated, element, set, on }): A.Expr => ({ kind: "in", negated, element, set, on, span: S })),
    fc.record({ negated: fc.boolean(), operand: sub }).map(({ negated, operand }): A.Expr => ({ kind: "missing", negated, operand, span: S })),
    fc
      .record({ quantifier: fc.constantFrom("any", "no") as fc.Arbitrary<"any" | "no">, variable: name, collection: sub, where: opt(sub) })
      .map(({ quantifier, variable, collection, where }): A.Expr => ({ kind: "quantifier", quantifier, variable, collection, where, span: S })),
    fc
      .record({ variable: name, collection: sub, where: opt(sub) })
      .map(({ variable, collection, where }): A.Expr => ({ kind: "count", variable, collection, where, span: S })),
    fc
      .record({ body: sub, variable: name, collection: sub, where: opt(sub) })
      .map(({ body, variable, collection, where }): A.Expr => ({ kind: "sum", body, variable, collection, where, span: S })),
    sub.map((inner): A.Expr => ({ kind: "paren", inner, span: S })),
  );
}

// ---- making a raw tree printable: the grammar's precedence levels, loosest 0 to tightest 9

function levelOf(e: A.Expr): number {
  switch (e.kind) {
    case "binary":
      if (e.op === "or") return 0;
      if (e.op === "and") return 1;
      if (e.op === "+" || e.op === "-") return 5;
      if (e.op === "*" || e.op === "/") return 6;
      return 4;
    case "unary":
      return e.op === "not" ? 2 : 7;
    case "quantifier":
      return 3;
    case "in":
    case "missing":
      return 4;
    case "field":
    case "lookup":
      return 8;
    default:
      return 9;
  }
}

const ADDITIVE = 5;
const POSTFIX = 8;

/** what comes right after an expression in its slot: an operator, `where`, `on`, or `.`/`[` */
type Follow = "op" | "where" | "on" | "postfix";

/**
 * Whether `e`, printed flat and followed by a token of kind `f`, would swallow that token:
 * a where-body reaches as far right as it can, a quantifier without where takes a following
 * where, a lookup takes a following `on`, and an `on`, collection or set position is a postfix
 * that takes a following `.`.
 */
function absorbs(e: A.Expr, f: Follow): boolean {
  switch (e.kind) {
    case "quantifier":
    case "count":
    case "sum":
      if (e.where) return f === "op" || f === "postfix" || absorbs(e.where, f);
      return f === "where" || f === "postfix" || absorbs(e.collection, f);
    case "lookup":
      if (e.on) return f === "postfix" || absorbs(e.on, f);
      return f === "on";
    case "in":
      if (!e.on && f === "on") return true;
      return e.on ? absorbs(e.on, f) || f === "postfix" : e.set.kind !== "codeset" && (absorbs(e.set, f) || f === "postfix");
    case "binary":
      return absorbs(e.right, f);
    case "unary":
      return absorbs(e.operand, f);
    default:
      return false;
  }
}

function paren(e: A.Expr): A.Expr {
  return { kind: "paren", inner: e, span: S };
}

/** a child in a slot that needs at least `minLevel` and is followed by `follow` */
function slot(child: A.Expr, minLevel: number, follow?: Follow): A.Expr {
  const fitted = roundTrippable(child);
  if (levelOf(fitted) < minLevel) return paren(fitted);
  if (follow && absorbs(fitted, follow)) return paren(fitted);
  return fitted;
}

/** the same tree with parentheses wherever the printed text would otherwise parse differently */
export function roundTrippable(e: A.Expr): A.Expr {
  switch (e.kind) {
    case "binary": {
      const level = levelOf(e);
      // left-associative chains; comparisons take additive operands on both sides
      const [leftMin, rightMin] = level === 4 ? [ADDITIVE, ADDITIVE] : level === 0 ? [0, 1] : level === 1 ? [1, 2] : level === 5 ? [5, 6] : [6, 7];
      return { ...e, left: slot(e.left, leftMin, "op"), right: slot(e.right, rightMin) };
    }
    case "unary":
      return { ...e, operand: slot(e.operand, e.op === "not" ? 2 : 7) };
    case "field":
      return { ...e, object: slot(e.object, POSTFIX, "postfix") };
    case "lookup":
      return { ...e, keys: e.keys.map((k) => slot(k, 0)), on: e.on && slot(e.on, POSTFIX) };
    case "call":
      return { ...e, args: e.args.map((a) => slot(a, 0)) };
    case "in": {
      const set = e.set.kind === "codeset" ? e.set : slot(e.set, POSTFIX, e.on ? "on" : undefined);
      return { ...e, element: slot(e.element, ADDITIVE, "op"), set, on: e.on && slot(e.on, POSTFIX) };
    }
    case "missing":
      return { ...e, operand: slot(e.operand, ADDITIVE, "op") };
    case "quantifier":
    case "count":
      return { ...e, collection: slot(e.collection, POSTFIX, e.where ? "where" : undefined), where: e.where && slot(e.where, 0) };
    case "sum":
      return {
        ...e,
        body: slot(e.body, ADDITIVE),
        collection: slot(e.collection, POSTFIX, e.where ? "where" : undefined),
        where: e.where && slot(e.where, 0),
      };
    case "paren":
      return { ...e, inner: slot(e.inner, 0) };
    default:
      return e;
  }
}

export const expression = (maxDepth = 3): fc.Arbitrary<A.Expr> => rawExpressions(maxDepth).map(roundTrippable);

// ---- declarations

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const valueRef: fc.Arbitrary<A.ValueRef> = fc.oneof(literal, identifier);
const reason = fc
  .record({ group: fc.constantFrom("CO", "PR", "OA", "PI", "CR"), code: fc.stringMatching(/^[A-Z0-9]{1,4}$/) })
  .map((r): A.ReasonRef => ({ ...r, span: S }));
const remarkCodes = fc.array(
  fc.stringMatching(/^[A-Z][A-Z0-9]{0,4}$/).map((t): A.Name => ({ text: t, span: S })),
  { maxLength: 3 },
);

const action: fc.Arbitrary<A.Action> = fc.oneof(
  fc.record({ reason, remarks: remarkCodes }).map((a): A.Action => ({ kind: "deny", ...a, span: S })),
  fc.record({ reason: opt(reason), remarks: remarkCodes }).map((a): A.Action => ({ kind: "pend", ...a, span: S })),
  remarkCodes.filter((r) => r.length > 0).map((remarks): A.Action => ({ kind: "remark", remarks, span: S })),
  fc.record({ amount: expression(2), remarks: remarkCodes }).map((a): A.Action => ({ kind: "setAllowed", ...a, span: S })),
);

const rule = fc
  .record({ name, title: opt(text), phase: fc.constantFrom(...RULE_PHASES), cites: fc.array(text, { maxLength: 2 }), when: expression(3), action })
  .map(({ phase, ...r }): A.RuleDecl => ({ kind: "rule", ...r, phase: { value: phase, span: S }, span: S }));

const costTerm: fc.Arbitrary<A.CostTerm> = fc.oneof(
  valueRef.map((amount): A.CostTerm => ({ kind: "copay", amount, span: S })),
  fc.boolean().map((applies): A.CostTerm => ({ kind: "deductible", applies, span: S })),
  valueRef.map((rate): A.CostTerm => ({ kind: "coinsurance", rate, span: S })),
);
const costShare = fc
  .record({
    network: fc.constantFrom("in", "out") as fc.Arbitrary<"in" | "out">,
    none: fc.boolean(),
    terms: fc.array(costTerm, { minLength: 1, maxLength: 3 }),
  })
  .map((c): A.CostShareDecl => ({ ...c, terms: c.none ? [] : c.terms, span: S }));

const benefit = fc
  .record({
    name,
    title: opt(text),
    codes: fc.array(fc.oneof(name, codeSetLit), { maxLength: 2 }),
    when: opt(expression(2)),
    costShares: fc.array(costShare, { maxLength: 2 }),
    limit: opt(fc.record({ amount: valueRef, unit: fc.constantFrom("visits", "units") as fc.Arbitrary<"visits" | "units">, accumulator: name })),
    requiresAuthorization: fc.boolean(),
    cites: fc.array(text, { maxLength: 2 }),
  })
  .map(
    ({ limit, requiresAuthorization, ...b }): A.BenefitDecl => ({
      kind: "benefit",
      ...b,
      limit: limit && { ...limit, span: S },
      requiresAuthorization: requiresAuthorization ? S : undefined,
      span: S,
    }),
  );

const tier = fc
  .record({
    network: fc.constantFrom("in", "out") as fc.Arbitrary<"in" | "out">,
    deductible: opt(fc.record({ amount: valueRef, accumulator: name })),
    outOfPocket: opt(fc.oneof(fc.record({ amount: valueRef, accumulator: name }), fc.constant("none" as const))),
    coinsurance: opt(valueRef),
  })
  .map(
    ({ network, deductible, outOfPocket, coinsurance }): A.TierDecl => ({
      network,
      deductible: deductible && { ...deductible, span: S },
      outOfPocket: outOfPocket && outOfPocket !== "none" ? { ...outOfPocket, span: S } : undefined,
      noOutOfPocket: outOfPocket === "none" ? S : undefined,
      coinsurance: coinsurance && { rate: coinsurance, span: S },
      span: S,
    }),
  );

const plan = fc
  .record({
    title: opt(text),
    feeSchedule: opt(fc.record({ table: name, column: fieldText })),
    coordination: opt(name),
    tiers: fc.array(tier, { maxLength: 2 }),
  })
  .map(
    ({ feeSchedule, coordination, ...p }): A.PlanDecl => ({
      kind: "plan",
      ...p,
      feeSchedule: feeSchedule && { table: feeSchedule.table, column: { text: feeSchedule.column, span: S }, span: S },
      coordination: coordination && { method: coordination, span: S },
      span: S,
    }),
  );

const COLUMN_TYPES: A.ColumnType[] = ["procedure", "diagnosis", "modifier", "code", "pattern", "text", "integer", "money", "percent", "date", "boolean"];
const column = fc
  .record({ name, type: fc.constantFrom(...COLUMN_TYPES), key: fc.boolean(), optional: fc.boolean() })
  .map((c): A.ColumnDecl => ({ ...c, span: S }));
const table = fc
  .record({ name, title: opt(text), path: text, columns: fc.array(column, { maxLength: 3 }), active: opt(fc.record({ from: name, until: name })) })
  .map(({ active, ...t }): A.TableDecl => ({ kind: "table", ...t, active: active && { ...active, span: S }, span: S }));

const dateLit = dateText.map((t): A.DateLit => ({ kind: "date", text: t, span: S }));

export const declaration: fc.Arbitrary<A.Declaration> = fc.oneof(
  fc
    .record({ name: text, version: text, effective: opt(fc.record({ from: dateLit, to: dateLit })) })
    .map((p): A.Declaration => ({ kind: "pack", ...p, span: S })),
  text.map((path): A.Declaration => ({ kind: "include", path, span: S })),
  fc
    .record({ name, title: opt(text), codeKind: fc.constantFrom("procedure", "diagnosis", "modifier") as fc.Arbitrary<A.CodeKind>, items: codeItems })
    .map((v): A.Declaration => ({ kind: "valueset", ...v, span: S })),
  table,
  fc.record({ name, title: opt(text), value: literal }).map((p): A.Declaration => ({ kind: "parameter", ...p, span: S })),
  fc
    .record({ name, title: opt(text), unit: fc.constantFrom("money", "count") as fc.Arbitrary<"money" | "count"> })
    .map((a): A.Declaration => ({ kind: "accumulator", ...a, span: S })),
  plan,
  benefit,
  rule,
  rule.map((r): A.Declaration => ({ ...r, override: true })),
  fc.record({ name, title: opt(text), value: literal }).map((p): A.Declaration => ({ kind: "parameter", ...p, override: true, span: S })),
  fc.record({ rule: name, cites: fc.array(text, { maxLength: 2 }) }).map((d): A.Declaration => ({ kind: "disable", ...d, span: S })),
  fc.record({ method: name, cites: fc.array(text, { maxLength: 2 }) }).map((d): A.Declaration => ({ kind: "coordination", ...d, span: S })),
  fc
    .record({ name, title: opt(text), cites: fc.array(text, { maxLength: 2 }), when: expression(3) })
    .map((d): A.Declaration => ({ kind: "precedence", ...d, span: S })),
);

export const sourceFile: fc.Arbitrary<A.SourceFile> = fc
  .array(declaration, { minLength: 1, maxLength: 4 })
  .map((declarations) => ({ file: "gen.edict", declarations, comments: [] }));

/** a rule whose condition is the given expression, for single-expression tests */
export function ruleWith(when: A.Expr): A.SourceFile {
  const declaration: A.RuleDecl = {
    kind: "rule",
    name: { text: "r", span: S },
    phase: { value: "ptp", span: S },
    cites: [],
    when,
    action: { kind: "deny", reason: { group: "CO", code: "1", span: S }, remarks: [], span: S },
    span: S,
  };
  return { file: "gen.edict", declarations: [declaration], comments: [] };
}
