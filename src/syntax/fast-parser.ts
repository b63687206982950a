// The parser's fast path: a plain recursive-descent reading of one declaration's tokens that
// builds exactly the AST the chevrotain parser (./parser.ts) builds — the same nodes, keys in the
// same order, the same spans — for text that parses cleanly. On the first token it does not
// expect, and wherever the chevrotain parser would report a problem (a repeated line, an unknown
// phase, `$5.5`, a lookup of a non-table), it gives up and returns undefined: the chevrotain
// parser then parses the declaration and words the diagnostics, so errors, messages and
// recovery are the chevrotain parser's alone.
//
// Why it exists: in a fresh process V8 compiles and first runs the chevrotain parser's ~200
// rule and ALT closures and chevrotain's runtime, ~15 ms for demo-ppo, plus ~5 ms to build the
// parser object; these ~50 plain functions cost a fraction of that (bench/STARTUP.md, cp6).
//
// chevrotain's grammar in ./parser.ts stays the reference: a grammar change must change both,
// and test/syntax/fast-parser.test.ts fails when the two disagree. One function per chevrotain
// rule, with the same name; each decision looks at the tokens chevrotain's lookahead table
// (./lookahead-table.ts) says it looks at — one token everywhere except codeSet's comma loop.
import type { IToken, TokenType } from "chevrotain";
import type * as A from "./ast.js";
import { RULE_PHASES } from "../common/phases.js";
import * as L from "./lexer.js";
import { tokenMatches } from "./lookahead.js";
import { badMoneyDecimals, DURATION_UNITS, join, lastSpan, stringValue, tokenSpan } from "./spans.js";

const K = L.Keyword;

/** thrown (one shared object) when the text is not the fast path's to parse */
const NOT_MINE = { notMine: true };

// the declaration being read: its tokens, the next one's index and the file's name
let tokens: IToken[] = [];
let pos = 0;
let file = "";

/**
 * The declaration in `chunk` (the tokens of exactly one declaration, as ./parser.ts cuts them),
 * or undefined when the chevrotain parser must read it: any token the grammar does not expect
 * there, tokens left over, or anything the chevrotain parser would report.
 */
export function fastDeclaration(fileName: string, chunk: IToken[]): A.Declaration | undefined {
  tokens = chunk;
  pos = 0;
  file = fileName;
  try {
    const d = declaration();
    return pos === tokens.length ? d : undefined;
  } catch {
    // NOT_MINE, or anything unforeseen: the chevrotain parser reads it and says what is wrong
    return undefined;
  } finally {
    tokens = [];
  }
}

// ------------------------------------------------------------------ reading tokens

function peek(ahead = 0): IToken | undefined {
  return tokens[pos + ahead];
}

/** whether the next token is of `type` (or of a type in category `type`, as chevrotain matches) */
function at(type: TokenType, ahead = 0): boolean {
  const t = tokens[pos + ahead];
  return t !== undefined && tokenMatches(t, type);
}

function consume(type: TokenType): IToken {
  const t = tokens[pos];
  if (t === undefined || !tokenMatches(t, type)) throw NOT_MINE;
  pos++;
  return t;
}

/** the next token if it is one of `types`, consumed; otherwise undefined */
function consumeOneOf(types: readonly TokenType[]): IToken | undefined {
  for (let i = 0; i < types.length; i++) if (at(types[i])) return tokens[pos++];
  return undefined;
}

function span(first: IToken, last?: IToken): A.Span {
  return tokenSpan(file, first, last);
}

function cites(): A.Text[] {
  const out: A.Text[] = [];
  while (at(K.cite)) {
    pos++;
    out.push(text());
  }
  return out;
}

// ------------------------------------------------------------------ names and texts

function name(): A.Name {
  const t = consume(L.NameToken);
  return { text: t.image, span: span(t) };
}

function word(): A.Name {
  const t = consume(L.AnyWord);
  return { text: t.image, span: span(t) };
}

function text(): A.Text {
  const t = consume(L.StringLiteral);
  return { value: stringValue(t), span: span(t) };
}

function title(): A.Text | undefined {
  return at(L.StringLiteral) ? text() : undefined;
}

// ------------------------------------------------------------------ declarations

function declaration(): A.Declaration {
  const t = peek();
  switch (t?.tokenType) {
    case K.pack:
      return packHeader();
    case K.include:
      return include();
    case K.valueset:
      return valueset();
    case K.table:
      return table();
    case K.parameter:
      return parameter();
    case K.accumulator:
      return accumulator();
    case K.plan:
      return plan();
    case K.benefit:
      return benefit();
    case K.rule:
      return rule();
    case K.override:
      return override();
    case K.disable:
      return disable();
    case K.precedence:
      return precedence();
    default:
      throw NOT_MINE;
  }
}

function override(): A.RuleDecl | A.ParameterDecl | A.CoordinationOverrideDecl {
  const start = consume(K.override);
  if (at(K.rule) || at(K.parameter)) {
    const decl = at(K.rule) ? rule() : parameter();
    return { ...decl, override: true, span: join(span(start), decl.span) };
  }
  consume(K.coordination);
  const method = name();
  const cited = cites();
  return { kind: "coordination", method, cites: cited, span: join(span(start), lastSpan(cited, method.span)) };
}

function precedence(): A.PrecedenceDecl {
  const start = consume(K.precedence);
  const n = name();
  const t = title();
  const cited = cites();
  consume(K.when);
  const when = expression();
  return { kind: "precedence", name: n, title: t, cites: cited, when, span: join(span(start), when.span) };
}

function disable(): A.DisableDecl {
  const start = consume(K.disable);
  consume(K.rule);
  const r = name();
  const cited = cites();
  return { kind: "disable", rule: r, cites: cited, span: join(span(start), lastSpan(cited, r.span)) };
}

function packHeader(): A.PackHeader {
  const start = consume(K.pack);
  const n = text();
  consume(K.version);
  const version = text();
  let effective: A.PackHeader["effective"];
  if (at(K.effective)) {
    pos++;
    const from = dateLit();
    consume(K.to);
    const to = dateLit();
    effective = { from, to };
  }
  return { kind: "pack", name: n, version, effective, span: join(span(start), (effective?.to ?? version).span) };
}

function dateLit(): A.DateLit {
  const t = consume(L.DateLit);
  return { kind: "date", text: t.image, span: span(t) };
}

function include(): A.Include {
  const start = consume(K.include);
  const path = text();
  return { kind: "include", path, span: join(span(start), path.span) };
}

function valueset(): A.ValueSetDecl {
  const start = consume(K.valueset);
  const n = name();
  const t = title();
  consume(L.Equal);
  const kind = codeKind();
  const set = codeSet();
  return { kind: "valueset", name: n, title: t, codeKind: kind, items: set.items, span: join(span(start), set.span) };
}

const CODE_KINDS = [K.procedure, K.diagnosis, K.modifier];

function codeKind(): A.CodeKind {
  const t = consumeOneOf(CODE_KINDS);
  if (!t) throw NOT_MINE;
  return t.image as A.CodeKind;
}

const CODE_ATOMS = [L.Code, L.DigitCode, L.Integer];

function atCodeAtom(ahead = 0): boolean {
  return at(L.Code, ahead) || at(L.DigitCode, ahead) || at(L.Integer, ahead);
}

/** `{ a, b..c, }`: a comma followed by a code continues the list; the table's only two-token decision */
function codeSet(): A.CodeSetLit {
  const open = consume(L.LCurly);
  const items: A.CodeItem[] = [];
  if (atCodeAtom()) {
    items.push(codeItem());
    while (at(L.Comma) && atCodeAtom(1)) {
      pos++;
      items.push(codeItem());
    }
    if (at(L.Comma)) pos++;
  }
  const close = consume(L.RCurly);
  return { kind: "codeset", items, span: span(open, close) };
}

function codeItem(): A.CodeItem {
  const from = codeAtom();
  let to: IToken | undefined;
  if (at(L.DotDot)) {
    pos++;
    to = codeAtom();
  }
  return { from: from.image, to: to?.image, span: span(from, to ?? from) };
}

function codeAtom(): IToken {
  const t = consumeOneOf(CODE_ATOMS);
  if (!t) throw NOT_MINE;
  return t;
}

function table(): A.TableDecl {
  const start = consume(K.table);
  const n = name();
  const t = title();
  consume(K.from);
  const path = text();
  consume(L.LCurly);
  const columns: A.ColumnDecl[] = [];
  while (at(K.key) || at(L.NameToken)) columns.push(column());
  const active = at(K.active) ? activeClause() : undefined;
  const end = consume(L.RCurly);
  return { kind: "table", name: n, title: t, path, columns, active, span: span(start, end) };
}

function column(): A.ColumnDecl {
  const key = at(K.key) ? consume(K.key) : undefined;
  const n = name();
  consume(L.Colon);
  const type = columnType();
  const question = at(L.Question) ? consume(L.Question) : undefined;
  const s = join(key ? span(key) : n.span, question ? span(question) : span(type));
  return { name: n, type: type.image as A.ColumnType, key: key !== undefined, optional: question !== undefined, span: s };
}

const COLUMN_TYPES = (["procedure", "diagnosis", "modifier", "code", "pattern", "text", "integer", "money", "percent", "date", "boolean"] as const).map(
  (w) => K[w],
);

function columnType(): IToken {
  const t = consumeOneOf(COLUMN_TYPES);
  if (!t) throw NOT_MINE;
  return t;
}

function activeClause(): NonNullable<A.TableDecl["active"]> {
  const start = consume(K.active);
  consume(K.from);
  const from = name();
  consume(K.until);
  const until = name();
  return { from, until, span: join(span(start), until.span) };
}

function parameter(): A.ParameterDecl {
  const start = consume(K.parameter);
  const n = name();
  const t = title();
  consume(L.Equal);
  const value = literal();
  return { kind: "parameter", name: n, title: t, value, span: join(span(start), value.span) };
}

function accumulator(): A.AccumulatorDecl {
  const start = consume(K.accumulator);
  const n = name();
  const t = title();
  consume(L.Colon);
  const unit = accumulatorUnit();
  return { kind: "accumulator", name: n, title: t, unit: unit.image as "money" | "count", span: span(start, unit) };
}

function accumulatorUnit(): IToken {
  const t = consumeOneOf([K.money, K.count]);
  if (!t) throw NOT_MINE;
  return t;
}

/** a line said twice is the chevrotain parser's to report */
function once(present: unknown): void {
  if (present !== undefined) throw NOT_MINE;
}

function plan(): A.PlanDecl {
  const start = consume(K.plan);
  const t = title();
  consume(L.LCurly);
  const decl: A.PlanDecl = { kind: "plan", title: t, tiers: [], span: span(start) };
  for (;;) {
    if (at(K.fee)) {
      const fee = feeSchedule();
      once(decl.feeSchedule);
      decl.feeSchedule = fee;
    } else if (at(K.network)) {
      decl.tiers.push(tier());
    } else if (at(K.coordination)) {
      const c = consume(K.coordination);
      const method = name();
      once(decl.coordination);
      decl.coordination = { method, span: join(span(c), method.span) };
    } else break;
  }
  const end = consume(L.RCurly);
  decl.span = span(start, end);
  return decl;
}

function feeSchedule(): NonNullable<A.PlanDecl["feeSchedule"]> {
  const start = consume(K.fee);
  consume(K.schedule);
  const t = name();
  consume(L.Dot);
  const c = word();
  return { table: t, column: c, span: join(span(start), c.span) };
}

function tier(): A.TierDecl {
  const start = consume(K.network);
  const side = networkSide();
  consume(L.LCurly);
  const decl: A.TierDecl = { network: side, span: span(start) };
  for (;;) {
    if (at(K.deductible) || at(K.out_of_pocket)) {
      const item = tierAmount();
      if (item.word === "deductible") {
        once(decl.deductible);
        decl.deductible = item.value;
      } else {
        once(decl.outOfPocket ?? decl.noOutOfPocket);
        decl.outOfPocket = item.value;
      }
    } else if (at(K.no)) {
      const t = consume(K.no);
      consume(K.out_of_pocket);
      const end = consume(K.maximum);
      once(decl.outOfPocket ?? decl.noOutOfPocket);
      decl.noOutOfPocket = span(t, end);
    } else if (at(K.coinsurance)) {
      const t = consume(K.coinsurance);
      const rate = valueRef();
      once(decl.coinsurance);
      decl.coinsurance = { rate, span: join(span(t), rate.span) };
    } else break;
  }
  const end = consume(L.RCurly);
  decl.span = span(start, end);
  return decl;
}

function tierAmount(): { word: string; value: NonNullable<A.TierDecl["deductible"]> } {
  const t = consumeOneOf([K.deductible, K.out_of_pocket]);
  if (!t) throw NOT_MINE;
  const amount = valueRef();
  consume(K.accumulator);
  const acc = name();
  return { word: t.image, value: { amount, accumulator: acc, span: join(span(t), acc.span) } };
}

function networkSide(): "in" | "out" {
  const t = consumeOneOf([K.in, K.out]);
  if (!t) throw NOT_MINE;
  return t.image as "in" | "out";
}

function valueRef(): A.ValueRef {
  if (at(L.NameToken)) {
    const n = name();
    return { kind: "ident", name: n.text, span: n.span };
  }
  return literal();
}

function benefit(): A.BenefitDecl {
  const start = consume(K.benefit);
  const n = name();
  const t = title();
  consume(L.LCurly);
  const decl: A.BenefitDecl = { kind: "benefit", name: n, title: t, codes: [], costShares: [], cites: [], span: span(start) };
  for (;;) {
    if (at(K.codes)) {
      pos++;
      decl.codes.push(benefitCodes());
    } else if (at(K.when)) {
      pos++;
      const when = expression();
      once(decl.when);
      decl.when = when;
    } else if (at(K.in_network) || at(K.out_of_network)) {
      decl.costShares.push(costShare());
    } else if (at(K.limit)) {
      const l = limit();
      once(decl.limit);
      decl.limit = l;
    } else if (at(K.requires)) {
      const r = consume(K.requires);
      const e = consume(K.authorization);
      once(decl.requiresAuthorization);
      decl.requiresAuthorization = span(r, e);
    } else if (at(K.cite)) {
      pos++;
      decl.cites.push(text());
    } else break;
  }
  const end = consume(L.RCurly);
  decl.span = span(start, end);
  return decl;
}

function benefitCodes(): A.Name | A.CodeSetLit {
  return at(L.LCurly) ? codeSet() : name();
}

function limit(): NonNullable<A.BenefitDecl["limit"]> {
  const start = consume(K.limit);
  const amount = valueRef();
  const unit = limitUnit();
  consume(K.per);
  consume(K.year);
  consume(K.accumulator);
  const acc = name();
  return { amount, unit, accumulator: acc, span: join(span(start), acc.span) };
}

function limitUnit(): "visits" | "units" {
  const t = consumeOneOf([K.visits, K.units]);
  if (!t) throw NOT_MINE;
  return t.image as "visits" | "units";
}

function costShare(): A.CostShareDecl {
  const start = consumeOneOf([K.in_network, K.out_of_network]);
  if (!start) throw NOT_MINE;
  consume(L.Colon);
  const network = start.image === "in_network" ? "in" : "out";
  if (at(K.no)) {
    pos++;
    consume(K.cost);
    const end = consume(K.share);
    return { network, none: true, terms: [], span: span(start, end) };
  }
  const terms: A.CostTerm[] = [costTerm()];
  while (at(L.Comma)) {
    pos++;
    terms.push(costTerm());
  }
  return { network, none: false, terms, span: join(span(start), lastSpan(terms, span(start))) };
}

function costTerm(): A.CostTerm {
  if (at(K.copay)) {
    const t = consume(K.copay);
    const amount = valueRef();
    return { kind: "copay", amount, span: join(span(t), amount.span) };
  }
  if (at(K.deductible)) {
    const t = consume(K.deductible);
    const mode = deductibleMode();
    return { kind: "deductible", applies: mode.image === "applies", span: span(t, mode) };
  }
  const t = consume(K.coinsurance);
  const rate = valueRef();
  return { kind: "coinsurance", rate, span: join(span(t), rate.span) };
}

function deductibleMode(): IToken {
  const t = consumeOneOf([K.applies, K.waived]);
  if (!t) throw NOT_MINE;
  return t;
}

function rule(): A.RuleDecl {
  const start = consume(K.rule);
  const n = name();
  const t = title();
  consume(K.phase);
  const phase = word();
  // an unknown phase is reported (with a suggestion) by the chevrotain parser
  if (!(RULE_PHASES as readonly string[]).includes(phase.text)) throw NOT_MINE;
  const cited = cites();
  consume(K.when);
  const when = expression();
  consume(K.then);
  const act = action();
  return {
    kind: "rule",
    name: n,
    title: t,
    phase: { value: phase.text as A.RulePhase, span: phase.span },
    cites: cited,
    when,
    action: act,
    span: join(span(start), act.span),
  };
}

function reason(): A.ReasonRef {
  const t = consume(L.Reason);
  const dash = t.image.indexOf("-");
  return { group: t.image.slice(0, dash), code: t.image.slice(dash + 1), span: span(t) };
}

function remarks(): { names: A.Name[]; span: A.Span } {
  const start = consume(K.remark);
  const names: A.Name[] = [];
  for (;;) {
    const t = consume(L.Code);
    names.push({ text: t.image, span: span(t) });
    if (!at(L.Comma)) break;
    pos++;
  }
  return { names, span: join(span(start), lastSpan(names, span(start))) };
}

function action(): A.Action {
  if (at(K.deny)) {
    const t = consume(K.deny);
    const r = reason();
    const rs = at(K.remark) ? remarks() : undefined;
    return { kind: "deny", reason: r, remarks: rs?.names ?? [], span: join(span(t), (rs ?? r).span) };
  }
  if (at(K.pend)) {
    const t = consume(K.pend);
    const r = at(L.Reason) ? reason() : undefined;
    const rs = at(K.remark) ? remarks() : undefined;
    return { kind: "pend", reason: r, remarks: rs?.names ?? [], span: join(span(t), (rs ?? r ?? { span: span(t) }).span) };
  }
  if (at(K.remark)) {
    const rs = remarks();
    return { kind: "remark", remarks: rs.names, span: rs.span };
  }
  const t = consume(K.set);
  consume(K.allowed);
  const amount = expression();
  const rs = at(K.remark) ? remarks() : undefined;
  return { kind: "setAllowed", amount, remarks: rs?.names ?? [], span: join(span(t), (rs ?? amount).span) };
}

// ------------------------------------------------------------------ expressions, loosest first

function binary(op: A.BinaryOp, left: A.Expr, right: A.Expr): A.Binary {
  return { kind: "binary", op, left, right, span: join(left.span, right.span) };
}

function expression(): A.Expr {
  return orExpr();
}

function orExpr(): A.Expr {
  let left = andExpr();
  while (at(K.or)) {
    pos++;
    left = binary("or", left, andExpr());
  }
  return left;
}

function andExpr(): A.Expr {
  let left = notExpr();
  while (at(K.and)) {
    pos++;
    left = binary("and", left, notExpr());
  }
  return left;
}

function notExpr(): A.Expr {
  const nots: IToken[] = [];
  while (at(K.not)) nots.push(tokens[pos++]);
  let e = at(K.any) || at(K.no) ? quantified() : comparison();
  for (let i = nots.length - 1; i >= 0; i--) e = { kind: "unary", op: "not", operand: e, span: join(span(nots[i]), e.span) };
  return e;
}

function quantified(): A.Expr {
  const q = consumeOneOf([K.any, K.no]);
  if (!q) throw NOT_MINE;
  const variable = name();
  consume(K.in);
  const collection = postfix();
  const where = at(K.where) ? whereClause() : undefined;
  const s = join(span(q), (where ?? collection).span);
  return { kind: "quantifier", quantifier: q.image as "any" | "no", variable, collection, where, span: s };
}

function whereClause(): A.Expr {
  consume(K.where);
  return expression();
}

const COMPARISON_OPERATORS = [L.Equal, L.NotEqual, L.LessEqual, L.GreaterEqual, L.Less, L.Greater, K.matches];

function comparison(): A.Expr {
  const left = additive();
  const op = consumeOneOf(COMPARISON_OPERATORS);
  if (op) return binary(op.image as A.BinaryOp, left, additive());
  if (at(K.not) || at(K.in)) {
    const negated = at(K.not);
    if (negated) pos++;
    consume(K.in);
    const set = memberSet();
    const on = at(K.on) ? onClause() : undefined;
    return { kind: "in", negated, element: left, set, on, span: join(left.span, (on ?? set).span) };
  }
  if (at(K.is)) {
    pos++;
    const negated = at(K.not);
    if (negated) pos++;
    const end = consume(K.missing);
    return { kind: "missing", negated, operand: left, span: join(left.span, span(end)) };
  }
  return left;
}

function memberSet(): A.CodeSetLit | A.Expr {
  return at(L.LCurly) ? codeSet() : postfix();
}

function onClause(): A.Expr {
  consume(K.on);
  return postfix();
}

function additive(): A.Expr {
  let left = term();
  while (at(L.Plus) || at(L.Minus)) {
    const op = tokens[pos++];
    left = binary(op.image as A.BinaryOp, left, term());
  }
  return left;
}

function term(): A.Expr {
  let left = unary();
  while (at(L.Star) || at(L.Slash)) {
    const op = tokens[pos++];
    left = binary(op.image as A.BinaryOp, left, unary());
  }
  return left;
}

function unary(): A.Expr {
  const signs: IToken[] = [];
  while (at(L.Minus)) signs.push(tokens[pos++]);
  let e = postfix();
  for (let i = signs.length - 1; i >= 0; i--) e = { kind: "unary", op: "-", operand: e, span: join(span(signs[i]), e.span) };
  return e;
}

function postfix(): A.Expr {
  let expr = primary();
  for (;;) {
    if (at(L.Dot)) {
      pos++;
      const field = word();
      expr = { kind: "field", object: expr, field, span: join(expr.span, field.span) };
    } else if (at(L.LBracket)) {
      pos++;
      const keys: A.Expr[] = [expression()];
      while (at(L.Comma)) {
        pos++;
        keys.push(expression());
      }
      const close = consume(L.RBracket);
      const on = at(K.on) ? onClause() : undefined;
      // only a table's bare name can be looked up: the chevrotain parser reports `x.y[a]`
      if (expr.kind !== "ident") throw NOT_MINE;
      expr = { kind: "lookup", table: { text: expr.name, span: expr.span }, keys, on, span: join(expr.span, on ? on.span : span(close)) };
    } else return expr;
  }
}

function primary(): A.Expr {
  if (at(L.NameToken)) return nameOrCall();
  if (at(L.LParen)) {
    const open = consume(L.LParen);
    const inner = expression();
    const close = consume(L.RParen);
    return { kind: "paren", inner, span: span(open, close) };
  }
  if (at(K.count)) return countExpr();
  if (at(K.sum)) return sumExpr();
  return literal();
}

function countExpr(): A.CountExpr {
  const t = consume(K.count);
  const variable = name();
  consume(K.in);
  const collection = postfix();
  const where = at(K.where) ? whereClause() : undefined;
  return { kind: "count", variable, collection, where, span: join(span(t), (where ?? collection).span) };
}

function sumExpr(): A.SumExpr {
  const t = consume(K.sum);
  const body = additive();
  consume(K.for);
  const variable = name();
  consume(K.in);
  const collection = postfix();
  const where = at(K.where) ? whereClause() : undefined;
  return { kind: "sum", body, variable, collection, where, span: join(span(t), (where ?? collection).span) };
}

/** the tokens that start an expression: a call's arguments are read only when one of them follows `(` */
function atExpressionStart(): boolean {
  return at(K.not) || at(K.any) || at(K.no) || at(L.Minus) || at(L.NameToken) || at(L.LParen) || at(K.count) || at(K.sum) || atLiteral();
}

function nameOrCall(): A.Expr {
  const fn = name();
  if (!at(L.LParen)) return { kind: "ident", name: fn.text, span: fn.span };
  pos++;
  const args: A.Expr[] = [];
  if (atExpressionStart()) {
    args.push(expression());
    while (at(L.Comma)) {
      pos++;
      args.push(expression());
    }
  }
  const close = consume(L.RParen);
  return { kind: "call", fn, args, span: join(fn.span, span(close)) };
}

const LITERAL_STARTS = [L.StringLiteral, L.Integer, L.Money, L.Percent, L.DateLit, L.Code, L.DigitCode, K.true, K.false];

function atLiteral(): boolean {
  for (let i = 0; i < LITERAL_STARTS.length; i++) if (at(LITERAL_STARTS[i])) return true;
  return false;
}

function literal(): A.Literal {
  const t = peek();
  if (t === undefined) throw NOT_MINE;
  if (tokenMatches(t, L.StringLiteral)) {
    pos++;
    return { kind: "string", value: stringValue(t), span: span(t) };
  }
  switch (t.tokenType) {
    case L.Integer:
      return numberOrDuration();
    case L.Money:
      // `$5.5` is reported by the chevrotain parser
      if (badMoneyDecimals(t.image)) throw NOT_MINE;
      pos++;
      return { kind: "money", text: t.image.slice(1), span: span(t) };
    case L.Percent:
      pos++;
      return { kind: "percent", text: t.image.slice(0, -1), span: span(t) };
    case L.DateLit:
      return dateLit();
    case L.Code:
    case L.DigitCode:
      pos++;
      return { kind: "code", text: t.image, span: span(t) };
    case K.true:
    case K.false:
      pos++;
      return { kind: "boolean", value: t.image === "true", span: span(t) };
    default:
      throw NOT_MINE;
  }
}

const DURATION_WORDS = (["days", "day", "months", "month", "years", "year"] as const).map((u) => K[u]);

function numberOrDuration(): A.Literal {
  const t = consume(L.Integer);
  const unit = consumeOneOf(DURATION_WORDS);
  if (unit) return { kind: "duration", amount: t.image, unit: DURATION_UNITS[unit.image], span: span(t, unit) };
  return { kind: "integer", text: t.image, span: span(t) };
}
