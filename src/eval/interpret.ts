// The reference interpreter: a plain tree walk over IR expressions, with tables searched row by
// row. It is written to be obviously right; the compiled evaluator must agree with it.
// Facts: a field, call, count or sum read is recorded; an `any` keeps the facts of its witness.
import type { IrExpr, Value } from "../ir/ir.js";
import { codeSetHas } from "../ir/codeset.js";
import { rowActiveOn, type Row, type Table } from "../ir/table.js";
import { compare, arithmetic, callFunction, matchesPattern, FactLog } from "./values.js";

/** variable name → value; quantifiers extend it */
export type Env = ReadonlyMap<string, Value>;

export function lookupRows(table: Table, keys: Value[], on: number | null): Row[] {
  return table.rows.filter(
    (row) => table.keyColumns.every((column, i) => row[column] === keys[i]) && (on === null || rowActiveOn(table, row, on)),
  );
}

function isScalarVar(expr: IrExpr): boolean {
  return expr.op === "var" && expr.slot >= 3;
}

/** sees every node the interpreter evaluates and its value (coverage measurement) */
export interface CoverageRecorder {
  observe(expr: IrExpr, value: Value): void;
}

let coverage: CoverageRecorder | null = null;

/** runs `fn` with `recorder` observing every interpretation (not re-entrant across recorders) */
export function withCoverage<T>(recorder: CoverageRecorder, fn: () => T): T {
  const previous = coverage;
  coverage = recorder;
  try {
    return fn();
  } finally {
    coverage = previous;
  }
}

export function interpret(expr: IrExpr, env: Env, log: FactLog | null): Value {
  if (coverage === null) return evaluate(expr, env, log);
  const value = evaluate(expr, env, log);
  coverage.observe(expr, value);
  return value;
}

function evaluate(expr: IrExpr, env: Env, log: FactLog | null): Value {
  switch (expr.op) {
    case "const":
      return expr.value;
    case "var": {
      const value = env.get(expr.slot >= 3 ? variableName(expr) : expr.name) ?? null;
      if (log && isScalarVar(expr)) log.record(expr.text, expr.type, value);
      return value;
    }
    case "field": {
      const object = interpret(expr.object, env, log) as Record<string, Value> | null;
      const value = object === null ? null : (object[expr.field] ?? null);
      if (log) log.record(expr.text, expr.type, value);
      return value;
    }
    case "not":
      return !interpret(expr.operand, env, log);
    case "and":
      return (interpret(expr.left, env, log) as boolean) && (interpret(expr.right, env, log) as boolean);
    case "or":
      return (interpret(expr.left, env, log) as boolean) || (interpret(expr.right, env, log) as boolean);
    case "neg": {
      const v = interpret(expr.operand, env, log);
      return v === null ? null : -(v as number);
    }
    case "compare":
      return compare(expr.cmp, interpret(expr.left, env, log), interpret(expr.right, env, log), expr.lists);
    case "arith":
      return arithmetic(expr.arith, interpret(expr.left, env, log), interpret(expr.right, env, log));
    case "inSet": {
      const v = interpret(expr.element, env, log);
      if (v === null) return false;
      return codeSetHas(expr.set, v as string) !== expr.negated;
    }
    case "inList": {
      const v = interpret(expr.element, env, log);
      const list = interpret(expr.list, env, log) as Value[] | null;
      if (v === null || list === null) return false;
      return list.includes(v) !== expr.negated;
    }
    case "inTable": {
      const v = interpret(expr.element, env, log);
      const on = expr.on ? (interpret(expr.on, env, log) as number | null) : null;
      if (v === null || (expr.on && on === null)) return false;
      return lookupRows(expr.table, [v], on).length > 0 !== expr.negated;
    }
    case "lookup": {
      const keys = expr.keys.map((k) => interpret(k, env, log));
      const on = expr.on ? (interpret(expr.on, env, log) as number | null) : null;
      if (keys.includes(null) || (expr.on && on === null)) return [];
      return lookupRows(expr.table, keys, on);
    }
    case "missing": {
      const v = interpret(expr.operand, env, log);
      return (v === null) !== expr.negated;
    }
    case "matches":
      return matchesPattern(interpret(expr.left, env, log), interpret(expr.right, env, log));
    case "call": {
      const value = callFunction(expr.fn, expr.args.map((a) => interpret(a, env, log)));
      if (log) log.record(expr.text, expr.type, value);
      return value;
    }
    case "any":
    case "no":
    case "count":
    case "sum":
      return quantify(expr, env, log);
  }
}

function quantify(expr: Extract<IrExpr, { op: "any" | "no" | "count" | "sum" }>, env: Env, log: FactLog | null): Value {
  const items = (interpret(expr.collection, env, log) as Value[] | null) ?? [];
  const variable = variableName(expr);
  let count = 0;
  let sum = 0;
  for (const item of items) {
    const inner = new Map(env).set(variable, item);
    const witness = log && expr.op === "any" ? new FactLog() : null;
    if (expr.where && !interpret(expr.where, inner, witness)) continue;
    if (expr.op === "any") {
      if (log && witness) log.absorb(witness);
      return true;
    }
    if (expr.op === "no") return false;
    count++;
    if (expr.op === "sum") {
      const v = interpret(expr.body, inner, null);
      if (v === null) return record(expr, null, log);
      sum += v as number;
    }
  }
  if (expr.op === "any") return false;
  if (expr.op === "no") return true;
  return record(expr, expr.op === "count" ? count : sum, log);
}

function record(expr: IrExpr, value: Value, log: FactLog | null): Value {
  if (log) log.record(expr.text, expr.type, value);
  return value;
}

/** quantifier variables are named by slot so shadowing (`any m … any m …`) behaves lexically */
function variableName(expr: { slot: number }): string {
  return `$${expr.slot}`;
}

/** the environment a rule starts from; var nodes for quantifier variables read `$slot` */
export function rootEnv(claim: object, line: object, context: object): Map<string, Value> {
  return new Map<string, Value>([
    ["claim", claim],
    ["line", line],
    ["context", context],
  ]);
}
