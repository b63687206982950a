// Operations on runtime values that both evaluators share, so they cannot disagree on them:
// comparison with missing values, code-list equality, typed arithmetic and date functions.
import type { ArithOp, CompareOp, Duration, FunctionName, Value } from "../ir/ir.js";
import { applyRate } from "../model/money.js";
import { addDays, addMonths, addYears, civilFromDay, yearsBetween } from "../model/dates.js";

/** a comparison with a missing operand is false (SEMANTICS §7) */
export function compare(cmp: CompareOp, left: Value, right: Value, lists: boolean): boolean {
  if (left === null || right === null) return false;
  if (lists) {
    const same = sameCodeSet(left as string[], right as string[]);
    return cmp === "=" ? same : !same;
  }
  switch (cmp) {
    case "=":
      return left === right;
    case "!=":
      return left !== right;
    case "<":
      return (left as number) < (right as number);
    case "<=":
      return (left as number) <= (right as number);
    case ">":
      return (left as number) > (right as number);
    case ">=":
      return (left as number) >= (right as number);
  }
}

function sameCodeSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size !== sb.size) return false;
  for (const x of sa) if (!sb.has(x)) return false;
  return true;
}

/**
 * Division rounds half away from zero for money and truncates for whole numbers. A result past
 * what a double holds exactly (±2^53) is missing, like a division by zero: money and counts are
 * exact or they are nothing (grammar/SEMANTICS.md §7).
 */
export function arithmetic(op: ArithOp, left: Value, right: Value): Value {
  const v = exactArithmetic(op, left, right);
  return v === null || Number.isSafeInteger(v) ? v : null;
}

/** a sum of a quantifier: missing when it leaves the exact range, as arithmetic does */
export const exactSum = (total: number | null): number | null => (total === null || Number.isSafeInteger(total) ? total : null);

function exactArithmetic(op: ArithOp, left: Value, right: Value): number | null {
  if (left === null || right === null) return null;
  const l = left as number;
  switch (op) {
    case "int+":
    case "money+":
      return l + (right as number);
    case "int-":
    case "money-":
      return l - (right as number);
    case "int*":
    case "money*int":
      return l * (right as number);
    case "money*rate":
      return Number.isSafeInteger(l) ? applyRate(l, right as number) : null;
    case "int/":
      return (right as number) === 0 ? null : Math.trunc(l / (right as number));
    case "money/int": {
      const r = right as number;
      if (r === 0) return null;
      const q = Math.trunc(l / r);
      const rem = l - q * r;
      return 2 * Math.abs(rem) >= Math.abs(r) ? q + Math.sign(l) * Math.sign(r) : q;
    }
    case "date+":
    case "date-": {
      const d = right as Duration;
      const n = op === "date+" ? d.amount : -d.amount;
      return d.unit === "days" ? addDays(l, n) : d.unit === "months" ? addMonths(l, n) : addYears(l, n);
    }
  }
}

export function callFunction(fn: FunctionName, args: Value[]): Value {
  const [a, b] = args as Array<number | null>;
  if (fn === "month_day") {
    if (a === null) return null;
    const { month, day } = civilFromDay(a);
    return month * 100 + day;
  }
  if (a === null || b === null) return null;
  return fn === "years_between" ? yearsBetween(a, b) : b - a;
}

export function matchesPattern(code: Value, pattern: Value): boolean {
  if (code === null || pattern === null) return false;
  const p = pattern as string;
  return p.endsWith("*") ? (code as string).startsWith(p.slice(0, -1)) : code === p;
}
