// The reference interpreter: a plain tree walk over IR expressions, with tables searched row by
// row. It is written to be obviously right; the compiled evaluator must agree with it.
// Facts: a field, call, count or sum read is recorded; an `any` keeps the facts of its witness.
import { isBinaryIr, leftSpine, type BinaryIr, type IrExpr, type Value } from "../ir/ir.js";
import { codeSetHas } from "../ir/codeset.js";
import { rowActiveOn, type Row, type Table } from "../ir/table.js";
import { compare, arithmetic, callFunction, exactSum, matchesPattern } from "../runtime/values.js";
import { FactLog } from "../runtime/facts.js";
import type { ExprObserver } from "../runtime/evaluator.js";
import { isRootSlot } from "../common/slots.js";

/** variable name → value; quantifiers extend it */
export type Env = ReadonlyMap<string, Value>;

export function lookupRows(table: Table, keys: Value[], on: number | null): Row[] {
  return table.rows.filter((row) => table.keyColumns.every((column, i) => row[column] === keys[i]) && (on === null || rowActiveOn(table, row, on)));
}

/** one evaluation: the facts read (when traced) and who watches every value (when measured) */
export interface Run {
  log: FactLog | null;
  observer: ExprObserver | null;
}

export function interpret(expr: IrExpr, env: Env, run: Run): Value {
  const value = isBinaryIr(expr) && isBinaryIr(expr.left) ? evaluateChain(expr, env, run) : evaluate(expr, env, run);
  run.observer?.observe(expr, value);
  return value;
}

/**
 * A chain of binary operations (`a or b or c`, `x + y + z`) along its left side, in a loop: the
 * same order of evaluation and observation as the recursion would take, at any length.
 */
function evaluateChain(expr: BinaryIr, env: Env, run: Run): Value {
  const { leftmost, spine } = leftSpine(expr);
  let value = interpret(leftmost, env, run);
  const last = spine.length - 1;
  for (let i = 0; i <= last; i++) {
    const node = spine[i];
    switch (node.op) {
      case "and":
        value = (value as boolean) && (interpret(node.right, env, run) as boolean);
        break;
      case "or":
        value = (value as boolean) || (interpret(node.right, env, run) as boolean);
        break;
      case "compare":
        value = compare(node.cmp, value, interpret(node.right, env, run), node.lists);
        break;
      case "arith":
        value = arithmetic(node.arith, value, interpret(node.right, env, run));
        break;
      case "matches":
        value = matchesPattern(value, interpret(node.right, env, run));
        break;
    }
    if (i < last) run.observer?.observe(node, value);
  }
  return value;
}

function evaluate(expr: IrExpr, env: Env, run: Run): Value {
  const log = run.log;
  switch (expr.op) {
    case "const":
      return expr.value;
    case "var": {
      const root = isRootSlot(expr.slot);
      const value = env.get(root ? expr.name : variableName(expr)) ?? null;
      if (log && !root) log.record(expr.text, expr.type, value);
      return value;
    }
    case "field": {
      const object = interpret(expr.object, env, run) as Record<string, Value> | null;
      const value = object === null ? null : (object[expr.field] ?? null);
      if (log) log.record(expr.text, expr.type, value);
      return value;
    }
    case "not":
      return !interpret(expr.operand, env, run);
    case "and":
      return (interpret(expr.left, env, run) as boolean) && (interpret(expr.right, env, run) as boolean);
    case "or":
      return (interpret(expr.left, env, run) as boolean) || (interpret(expr.right, env, run) as boolean);
    case "neg": {
      const v = interpret(expr.operand, env, run);
      return v === null ? null : -(v as number);
    }
    case "compare":
      return compare(expr.cmp, interpret(expr.left, env, run), interpret(expr.right, env, run), expr.lists);
    case "arith":
      return arithmetic(expr.arith, interpret(expr.left, env, run), interpret(expr.right, env, run));
    case "inSet": {
      const v = interpret(expr.element, env, run);
      if (v === null) return false;
      return codeSetHas(expr.set, v as string) !== expr.negated;
    }
    case "inList": {
      const v = interpret(expr.element, env, run);
      const list = interpret(expr.list, env, run) as Value[] | null;
      if (v === null || list === null) return false;
      return list.includes(v) !== expr.negated;
    }
    case "inTable": {
      const v = interpret(expr.element, env, run);
      const on = expr.on ? (interpret(expr.on, env, run) as number | null) : null;
      if (v === null || (expr.on && on === null)) return false;
      return lookupRows(expr.table, [v], on).length > 0 !== expr.negated;
    }
    case "lookup": {
      const keys = expr.keys.map((k) => interpret(k, env, run));
      const on = expr.on ? (interpret(expr.on, env, run) as number | null) : null;
      if (keys.includes(null) || (expr.on && on === null)) return [];
      return lookupRows(expr.table, keys, on);
    }
    case "missing": {
      const v = interpret(expr.operand, env, run);
      return (v === null) !== expr.negated;
    }
    case "matches":
      return matchesPattern(interpret(expr.left, env, run), interpret(expr.right, env, run));
    case "call": {
      const value = callFunction(
        expr.fn,
        expr.args.map((a) => interpret(a, env, run)),
      );
      if (log) log.record(expr.text, expr.type, value);
      return value;
    }
    case "any":
    case "no":
    case "count":
    case "sum":
      return quantify(expr, env, run);
  }
}

function quantify(expr: Extract<IrExpr, { op: "any" | "no" | "count" | "sum" }>, env: Env, run: Run): Value {
  const log = run.log;
  const items = (interpret(expr.collection, env, run) as Value[] | null) ?? [];
  const variable = variableName(expr);
  let count = 0;
  let sum = 0;
  for (const item of items) {
    const inner = new Map(env).set(variable, item);
    const witness = log && expr.op === "any" ? new FactLog() : null;
    if (expr.where && !interpret(expr.where, inner, { log: witness, observer: run.observer })) continue;
    if (expr.op === "any") {
      if (log && witness) log.absorb(witness);
      return true;
    }
    if (expr.op === "no") return false;
    count++;
    if (expr.op === "sum") {
      const v = interpret(expr.body, inner, { log: null, observer: run.observer });
      if (v === null) return record(expr, null, log);
      sum += v as number;
    }
  }
  if (expr.op === "any") return false;
  if (expr.op === "no") return true;
  return record(expr, expr.op === "count" ? count : exactSum(sum), log);
}

function record(expr: IrExpr, value: Value, log: FactLog | null): Value {
  if (log) log.record(expr.text, expr.type, value);
  return value;
}

/** quantifier variables are named by slot so shadowing (`any m … any m …`) behaves lexically */
function variableName(expr: { slot: number }): string {
  return `$${expr.slot}`;
}

/** `env` with a variable set in `slot` (a precedence rule's `first` and `second`) */
export function bindSlot(env: Map<string, Value>, slot: number, value: Value): Map<string, Value> {
  return env.set(variableName({ slot }), value);
}

/** the environment a rule starts from; var nodes for quantifier variables read `$slot` */
export function rootEnv(claim: object, line: object, context: object): Map<string, Value> {
  return new Map<string, Value>([
    ["claim", claim],
    ["line", line],
    ["context", context],
  ]);
}
