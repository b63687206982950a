// Type-checks one expression and lowers it to IR: resolves names (roots, quantifier variables,
// parameters, valuesets, tables), validates code literals, specialises operators by type.
// Every problem becomes a diagnostic at the exact span; checking goes on after an error.
import type * as A from "../syntax/ast.js";
import type { Diagnostic } from "../common/diagnostic.js";
import type { IrExpr, ArithOp, FunctionName, Value } from "../ir/ir.js";
import { T, RECORDS, ROOTS, FUNCTIONS, sameType, type Type, type CodeKind } from "../ir/types.js";
import { makeCodeSet, type CodeSet } from "../ir/codeset.js";
import type { Table } from "../ir/table.js";
import { closest } from "./suggest.js";
import { literalValue, checkCodeLiteral } from "./literals.js";
import * as E from "./errors.js";
import type { Role } from "./errors.js";
import { CLAIM_SLOT, CONTEXT_SLOT, FIRST_VARIABLE_SLOT, LINE_SLOT } from "../common/slots.js";

export interface Scope {
  /** resolved valuesets by name */
  valuesets: Map<string, { set: CodeSet; kind: CodeKind }>;
  tables: Map<string, Table>;
  parameters: Map<string, IrExpr>;
  /** source text by file, to name facts */
  sources: Map<string, string>;
  report(d: Diagnostic): void;
}

interface Binding {
  name: string;
  type: Type;
  slot: number;
}

/** characters of source past which an expression's text keeps only its start and end */
const MAX_TEXT = 2000;

/** Failed sub-expressions get this type so one mistake does not cascade into many. */
const ERROR: Type = { t: "record", name: "claim" };
const POISON = Symbol("poison");
type Checked = IrExpr & { [POISON]?: true };

export class ExpressionChecker {
  private bindings: Binding[] = [];
  maxSlot = 2;

  constructor(private scope: Scope) {}

  /** a variable every expression of this checker sees, in the next free variable slot (a precedence rule's `first` and `second`) */
  bind(name: string, type: Type): void {
    const slot = FIRST_VARIABLE_SLOT + this.bindings.length;
    this.maxSlot = Math.max(this.maxSlot, slot);
    this.bindings.push({ name, type, slot });
  }

  /** checks a rule or benefit condition, which must be true/false */
  condition(expr: A.Expr): IrExpr {
    const ir = this.check(expr);
    this.expect(ir, T.boolean, expr.span, { kind: "condition" });
    return ir;
  }

  check(e: A.Expr): Checked {
    switch (e.kind) {
      case "paren":
        return this.check(e.inner);
      case "string":
      case "integer":
      case "money":
      case "percent":
      case "date":
      case "duration":
      case "code":
      case "boolean":
        return this.literal(e);
      case "ident":
        return this.identifier(e);
      case "field":
        return this.field(e);
      case "lookup":
        return this.lookup(e);
      case "call":
        return this.call(e);
      case "unary":
        return this.unary(e);
      case "binary":
        return this.binary(e);
      case "in":
        return this.membership(e);
      case "missing": {
        const operand = this.check(e.operand);
        return this.node(e, T.boolean, { op: "missing", operand, negated: e.negated });
      }
      case "quantifier":
      case "count":
      case "sum":
        return this.quantified(e);
    }
  }

  // ------------------------------------------------------------ helpers

  private text(span: A.Span): string {
    const source = this.scope.sources.get(span.file);
    if (!source) return "";
    // every link of a long chain (`a or b or …`) spans the chain so far: quoting each whole would
    // cost the square of the chain's length, so a very long text keeps its start and its end
    if (span.endOffset - span.offset > MAX_TEXT) {
      const half = MAX_TEXT / 2;
      const fold = (s: string) => s.replace(/\s+/g, " ").trim();
      return `${fold(source.slice(span.offset, span.offset + half))} … ${fold(source.slice(span.endOffset - half, span.endOffset))}`;
    }
    return source.slice(span.offset, span.endOffset).replace(/\s+/g, " ");
  }

  private node<N extends Omit<IrExpr, "type" | "span" | "text">>(e: { span: A.Span }, type: Type, fields: N): Checked {
    // every caller passes a fresh object literal, so it becomes the node: copying it with a spread
    // was the checker's largest cost (the same keys, in the same order, either way)
    const node = fields as unknown as Checked;
    node.type = type;
    node.span = e.span;
    node.text = this.text(e.span);
    return node;
  }

  private error(d: Diagnostic): void {
    this.scope.report(d);
  }

  private poison(e: { span: A.Span }): Checked {
    const n = this.node(e, ERROR, { op: "const", value: null });
    n[POISON] = true;
    return n;
  }

  private bad(x: Checked): boolean {
    return x[POISON] === true;
  }

  private expect(x: Checked, type: Type, span: A.Span, role: Role): boolean {
    if (this.bad(x) || sameType(x.type, type)) return true;
    this.error(E.wrongType(span, role, type, x.type, x.text));
    return false;
  }

  // ------------------------------------------------------------ leaves

  private literal(e: A.Literal): Checked {
    const lit = literalValue(e);
    if (!lit.ok) {
      this.error(E.badLiteral(e.span, lit.problem));
      return this.poison(e);
    }
    return this.node(e, lit.type, { op: "const", value: lit.value });
  }

  private identifier(e: A.Identifier): Checked {
    for (let i = this.bindings.length - 1; i >= 0; i--) {
      const b = this.bindings[i];
      if (b.name === e.name) return this.node(e, b.type, { op: "var", name: b.name, slot: b.slot });
    }
    const root = ROOTS[e.name];
    if (root) {
      if (!root.path) return this.node(e, root.type, { op: "var", name: e.name, slot: rootSlot(e.name) });
      const [base, field] = root.path;
      const object = this.node(e, ROOTS[base].type, { op: "var", name: base, slot: rootSlot(base) });
      return this.node(e, root.type, { op: "field", object, field });
    }
    const parameter = this.scope.parameters.get(e.name);
    if (parameter) return { ...parameter, span: e.span, text: e.name };
    if (this.scope.valuesets.has(e.name)) {
      this.error(E.misplacedValueSet(e.span, e.name));
      return this.poison(e);
    }
    if (this.scope.tables.has(e.name)) {
      this.error(E.misplacedTable(e.span, e.name));
      return this.poison(e);
    }
    const known = [
      ...this.bindings.map((b) => b.name),
      ...Object.keys(ROOTS),
      ...this.scope.parameters.keys(),
      ...this.scope.valuesets.keys(),
      ...this.scope.tables.keys(),
    ];
    this.error(E.unknownName(e.span, e.name, closest(e.name, known)));
    return this.poison(e);
  }

  private field(e: A.FieldAccess): Checked {
    const object = this.check(e.object);
    if (this.bad(object)) return object;
    const name = e.field.text;
    let fields: Record<string, { type: Type }>;
    if (object.type.t === "record") {
      fields = RECORDS[object.type.name];
    } else if (object.type.t === "row") {
      const table = this.scope.tables.get(object.type.table)!;
      fields = Object.fromEntries(table.columns.map((c) => [c.name, { type: columnType(c.type) }]));
    } else {
      this.error(E.notARecord(e.field.span, object.text, object.type));
      return this.poison(e);
    }
    const info = fields[name];
    if (!info) {
      const known = Object.keys(fields);
      this.error(E.unknownField(e.field.span, name, object.type, known, closest(name, known)));
      return this.poison(e);
    }
    return this.node(e, info.type, { op: "field", object, field: name });
  }

  private table(name: A.Name): Table | undefined {
    const table = this.scope.tables.get(name.text);
    if (!table) this.error(E.unknownTable(name.span, name.text, closest(name.text, this.scope.tables.keys())));
    return table;
  }

  private dateFor(table: Table, on: A.Expr | undefined, span: A.Span): Checked | null | undefined {
    if (table.active && !on) {
      this.error(E.missingDate(span, table.name));
      return undefined;
    }
    if (!table.active && on) {
      this.error(E.undatedTable(on.span, table.name));
      return undefined;
    }
    if (!on) return null;
    const date = this.check(on);
    return this.expect(date, T.date, on.span, { kind: "on-date" }) ? date : undefined;
  }

  private lookup(e: A.Lookup): Checked {
    const table = this.table(e.table);
    if (!table) return this.poison(e);
    if (e.keys.length !== table.keyColumns.length) {
      this.error(E.lookupKeyCount(e.span, table.name, table.keyColumns, e.keys.length));
      return this.poison(e);
    }
    const keys = e.keys.map((k, i) => {
      const column = table.columns.find((c) => c.name === table.keyColumns[i])!;
      return this.coerce(this.check(k), columnType(column.type), k.span, { kind: "lookup-key", table: table.name, column: column.name });
    });
    const on = this.dateFor(table, e.on, e.span);
    if (on === undefined) return this.poison(e);
    return this.node(e, T.list({ t: "row", table: table.name }), { op: "lookup", table, keys, on });
  }

  private call(e: A.Call): Checked {
    const fn = FUNCTIONS[e.fn.text];
    if (!fn) {
      this.error(E.unknownFunction(e.fn.span, e.fn.text, closest(e.fn.text, Object.keys(FUNCTIONS))));
      return this.poison(e);
    }
    if (e.args.length !== fn.params.length) {
      this.error(E.argumentCount(e.span, e.fn.text, fn.params.length, e.args.length));
      return this.poison(e);
    }
    const args = e.args.map((a, i) => {
      const x = this.check(a);
      this.expect(x, fn.params[i], a.span, { kind: "argument", fn: e.fn.text, index: i + 1 });
      return x;
    });
    return this.node(e, fn.result, { op: "call", fn: e.fn.text as FunctionName, args });
  }

  /**
   * `not x`, `-x`, and chains of the same operator, walked in a loop. Three or more in a row mean
   * what one does (an odd count) or two do (an even count): `not not not x` is `not x` (`not`
   * makes true or false; two keep a missing value false), so only those are kept in the IR.
   */
  private unary(e: A.Unary): Checked {
    const chain: A.Unary[] = [];
    let inner: A.Expr = e;
    while (inner.kind === "unary" && inner.op === e.op) {
      chain.push(inner);
      inner = inner.operand;
    }
    const kept = chain.length <= 2 ? chain : chain.length % 2 === 1 ? [chain[0]] : [chain[0], chain[chain.length - 1]];
    let operand = this.check(inner);
    for (let i = kept.length - 1; i >= 0; i--) {
      const u = kept[i];
      const operandSpan = i === kept.length - 1 ? chain[chain.length - 1].operand.span : u.operand.span;
      if (u.op === "not") {
        this.expect(operand, T.boolean, operandSpan, { kind: "not" });
        operand = this.node(u, T.boolean, { op: "not", operand });
        continue;
      }
      if (!this.bad(operand) && !["integer", "money"].includes(operand.type.t)) {
        this.error(E.cannotNegate(u.span, operand.type));
        return this.poison(u);
      }
      operand = this.node(u, operand.type, { op: "neg", operand });
    }
    return operand;
  }

  /** integers and codes are written alike (`25`, `99213`): the other side says which was meant */
  private coerce(x: Checked, want: Type, span: A.Span, role: Role): Checked {
    if (this.bad(x)) return x;
    if (want.t === "code" && x.op === "const" && (x.type.t === "integer" || x.type.t === "code")) {
      const checked = checkCodeLiteral(x.text, want.kind);
      if (!checked.ok) {
        this.error(E.badCode(span, x.text, want.kind));
        return this.poison(x);
      }
      return { ...x, type: want, value: checked.code };
    }
    if (want.t === "pattern" && x.type.t === "code") return { ...x, type: T.pattern };
    if (want.t === "text" && x.op === "const" && x.type.t === "code") return { ...x, type: T.text, value: x.text };
    this.expect(x, want, span, role);
    return x;
  }

  /**
   * A binary operation and the chain it heads: `a or b or c` is `(a or b) or c`, a left-leaning
   * tree as deep as the chain is long, so it is walked down its left side in a loop and built
   * back up, never by recursion along the chain.
   */
  private binary(e: A.Binary): Checked {
    const spine: A.Binary[] = [];
    let leftmost: A.Expr = e;
    while (leftmost.kind === "binary") {
      spine.push(leftmost);
      leftmost = leftmost.left;
    }
    let left = this.check(leftmost);
    for (let i = spine.length - 1; i >= 0; i--) left = this.combine(spine[i], left, this.check(spine[i].right));
    return left;
  }

  private combine(e: A.Binary, checkedLeft: Checked, checkedRight: Checked): Checked {
    if (e.op === "and" || e.op === "or") {
      const left = checkedLeft;
      const right = checkedRight;
      this.expect(left, T.boolean, e.left.span, { kind: "logic", op: e.op });
      this.expect(right, T.boolean, e.right.span, { kind: "logic", op: e.op });
      return this.node(e, T.boolean, { op: e.op, left, right });
    }
    let left = checkedLeft;
    let right = checkedRight;
    if (this.bad(left) || this.bad(right)) return this.poison(e);
    if (e.op === "matches") {
      left = this.coerce(left, T.code("diagnosis"), e.left.span, { kind: "matches-left" });
      right = this.coerce(right, T.pattern, e.right.span, { kind: "matches-right" });
      return this.node(e, T.boolean, { op: "matches", left, right });
    }
    if (["=", "!=", "<", "<=", ">", ">="].includes(e.op)) return this.comparison(e, left, right);
    return this.arithmetic(e, left, right);
  }

  private comparison(e: A.Binary, left: Checked, right: Checked): Checked {
    // a number or code literal takes the code type of the other side (`line.code = 99213`, `m = 25`)
    const codeLike = (t: Type) => t.t === "code" || t.t === "pattern";
    if (left.op === "const" && right.op !== "const" && codeLike(right.type)) left = this.coerce(left, right.type, e.left.span, { kind: "compared" });
    else if (right.op === "const" && codeLike(left.type)) right = this.coerce(right, left.type, e.right.span, { kind: "compared" });
    if (this.bad(left) || this.bad(right)) return this.poison(e);
    if (!sameType(left.type, right.type)) {
      this.error(E.cannotCompare(e.span, e.op, left, right));
      return this.poison(e);
    }
    const lists = left.type.t === "list";
    const ordered = ["integer", "money", "percent", "date"].includes(left.type.t);
    const equality = e.op === "=" || e.op === "!=";
    const comparable = ordered || (equality && (!lists || isCodeList(left.type)) && left.type.t !== "record" && left.type.t !== "row");
    if (!comparable) {
      this.error(E.notComparable(e.span, left.type, e.op));
      return this.poison(e);
    }
    return this.node(e, T.boolean, { op: "compare", cmp: e.op as "=", left, right, lists });
  }

  private arithmetic(e: A.Binary, left: Checked, right: Checked): Checked {
    const l = left.type.t;
    const r = right.type.t;
    const table: Array<[string, string, string, ArithOp, Type]> = [
      ["+", "integer", "integer", "int+", T.integer],
      ["-", "integer", "integer", "int-", T.integer],
      ["*", "integer", "integer", "int*", T.integer],
      ["/", "integer", "integer", "int/", T.integer],
      ["+", "money", "money", "money+", T.money],
      ["-", "money", "money", "money-", T.money],
      ["*", "money", "integer", "money*int", T.money],
      ["*", "money", "percent", "money*rate", T.money],
      ["/", "money", "integer", "money/int", T.money],
      ["+", "date", "duration", "date+", T.date],
      ["-", "date", "duration", "date-", T.date],
    ];
    for (const [op, lt, rt, arith, type] of table) {
      if (op === e.op && lt === l && rt === r) return this.node(e, type, { op: "arith", arith, left, right });
      // multiplication commutes: `2 * line.charge`, `20% * allowed`
      if (op === e.op && op === "*" && lt === r && rt === l) return this.node(e, type, { op: "arith", arith, left: right, right: left });
    }
    this.error(E.cannotCompute(e.span, e.op, left, right));
    return this.poison(e);
  }

  private membership(e: A.Membership): Checked {
    const element = this.check(e.element);
    if (this.bad(element)) return this.poison(e);
    const set = e.set;
    if (set.kind === "codeset") {
      const kind = element.type.t === "code" ? element.type.kind : undefined;
      if (!kind) {
        this.error(E.notACode(e.element.span, element.text, element.type));
        return this.poison(e);
      }
      const codeSet = this.inlineCodeSet(set, kind);
      return this.node(e, T.boolean, { op: "inSet", element, set: codeSet, negated: e.negated });
    }
    if (set.kind === "ident" && this.scope.valuesets.has(set.name)) {
      const vs = this.scope.valuesets.get(set.name)!;
      const x = this.coerce(element, T.code(vs.kind), e.element.span, { kind: "valueset-member", valueset: set.name });
      if (this.bad(x)) return this.poison(e);
      return this.node(e, T.boolean, { op: "inSet", element: x, set: vs.set, negated: e.negated });
    }
    if (set.kind === "ident" && this.scope.tables.has(set.name) && !this.bindings.some((b) => b.name === set.name)) {
      const table = this.scope.tables.get(set.name)!;
      if (table.keyColumns.length !== 1) {
        this.error(E.membershipKeyCount(set.span, table.name, table.keyColumns.length));
        return this.poison(e);
      }
      const key = table.columns.find((c) => c.name === table.keyColumns[0])!;
      const x = this.coerce(element, columnType(key.type), e.element.span, { kind: "table-member", table: table.name });
      const on = this.dateFor(table, e.on, e.span);
      if (this.bad(x) || on === undefined) return this.poison(e);
      return this.node(e, T.boolean, { op: "inTable", element: x, table, on, negated: e.negated });
    }
    const list = this.check(set);
    if (this.bad(list)) return this.poison(e);
    if (list.type.t !== "list") {
      this.error(E.notACollection(set.span, list.text, list.type));
      return this.poison(e);
    }
    if (e.on) this.error(E.dateWithoutTable(e.on.span));
    const x = this.coerce(element, list.type.of, e.element.span, { kind: "list-member", list: list.text });
    if (this.bad(x)) return this.poison(e);
    return this.node(e, T.boolean, { op: "inList", element: x, list, negated: e.negated });
  }

  inlineCodeSet(set: A.CodeSetLit, kind: CodeKind): CodeSet {
    const items: Array<{ from: string; to?: string }> = [];
    for (const item of set.items) {
      const from = checkCodeLiteral(item.from, kind, true);
      const to = item.to !== undefined ? checkCodeLiteral(item.to, kind) : undefined;
      if (!from.ok) this.error(E.badCode(item.span, item.from, kind));
      else if (to && !to.ok) this.error(E.badCode(item.span, item.to!, kind));
      else items.push({ from: from.code, to: to?.ok ? to.code : undefined });
    }
    return makeCodeSet(this.text(set.span), items);
  }

  private quantified(e: A.Quantifier | A.CountExpr | A.SumExpr): Checked {
    const collection = this.check(e.collection);
    if (this.bad(collection)) return this.poison(e);
    if (collection.type.t !== "list") {
      this.error(E.notAList(e.collection.span, collection.text, collection.type));
      return this.poison(e);
    }
    const slot = FIRST_VARIABLE_SLOT + this.bindings.length;
    this.maxSlot = Math.max(this.maxSlot, slot);
    this.bindings.push({ name: e.variable.text, type: collection.type.of, slot });
    try {
      const where = e.where ? this.check(e.where) : null;
      if (where) this.expect(where, T.boolean, e.where!.span, { kind: "where" });
      if (e.kind === "sum") {
        const body = this.check(e.body);
        if (!this.bad(body) && body.type.t !== "integer" && body.type.t !== "money") {
          this.error(E.cannotSum(e.body.span, body.type));
          return this.poison(e);
        }
        return this.node(e, body.type, { op: "sum", slot, collection, where, body });
      }
      if (e.kind === "count") return this.node(e, T.integer, { op: "count", slot, collection, where });
      return this.node(e, T.boolean, { op: e.quantifier, slot, collection, where });
    } finally {
      this.bindings.pop();
    }
  }
}

export function columnType(type: A.ColumnType): Type {
  switch (type) {
    case "procedure":
    case "diagnosis":
    case "modifier":
    case "code":
      return T.code(type);
    default:
      return { t: type } as Type;
  }
}

function isCodeList(type: Type): boolean {
  return type.t === "list" && type.of.t === "code";
}

function rootSlot(name: string): number {
  return name === "claim" ? CLAIM_SLOT : name === "line" ? LINE_SLOT : CONTEXT_SLOT;
}

export type { Value };
