// Operations on runtime values that both evaluators share, so they cannot disagree on them:
// comparison with missing values, code-list equality, typed arithmetic, table row filtering,
// and how a value is shown as a fact in a trace.
import type { ArithOp, CompareOp, Duration, Value } from "../ir/ir.js";
import type { Type } from "../ir/types.js";
import { applyRate, formatMoney } from "../model/money.js";
import { addDays, addMonths, addYears, formatDate, yearsBetween } from "../model/dates.js";
import { displayDiagnosis } from "../model/codes.js";

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

/** division rounds half away from zero for money and truncates for whole numbers */
export function arithmetic(op: ArithOp, left: Value, right: Value): Value {
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
      return applyRate(l, right as number);
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

export function callFunction(fn: "years_between" | "days_between", args: Value[]): Value {
  const [a, b] = args as Array<number | null>;
  if (a === null || b === null) return null;
  return fn === "years_between" ? yearsBetween(a, b) : b - a;
}

export function matchesPattern(code: Value, pattern: Value): boolean {
  if (code === null || pattern === null) return false;
  const p = pattern as string;
  return p.endsWith("*") ? (code as string).startsWith(p.slice(0, -1)) : code === p;
}

export type FactValue = string | number | boolean | null | Array<string | number>;

/** a fact as the trace shows it: money "25.00", dates "2026-03-15", diagnoses with their dot */
export function factValue(type: Type, value: Value): FactValue | undefined {
  if (value === null) return null;
  switch (type.t) {
    case "money":
      return formatMoney(value as number);
    case "date":
      return formatDate(value as number);
    case "percent":
      return `${(value as number) / 100}%`;
    case "duration": {
      const d = value as Duration;
      return `${d.amount} ${d.unit}`;
    }
    case "code":
      return type.kind === "diagnosis" ? displayDiagnosis(value as string) : (value as string);
    case "integer":
    case "text":
    case "boolean":
    case "pattern":
      return value as string | number | boolean;
    case "list": {
      if (type.of.t === "record" || type.of.t === "row" || type.of.t === "list") return undefined;
      return (value as Value[]).map((v) => factValue(type.of, v) as string | number);
    }
    default:
      return undefined;
  }
}

/**
 * Facts read while deciding a rule, in the order read, each (fact, value) once. Reads are kept
 * raw and shown (formatted, deduplicated) only when asked: most rules tested do not fire, and
 * their facts are never shown.
 */
export class FactLog {
  private names: string[] = [];
  private types: Type[] = [];
  private values: Value[] = [];
  /** entries past `size` are stale: a rollback leaves them to be overwritten */
  private size = 0;

  record(fact: string, type: Type, value: Value): void {
    const i = this.size++;
    this.names[i] = fact;
    this.types[i] = type;
    this.values[i] = value;
  }

  /** a quantifier's witness: its facts become part of this log */
  absorb(other: FactLog): void {
    for (let i = 0; i < other.size; i++) this.record(other.names[i], other.types[i], other.values[i]);
  }

  /** a point to roll back to: the facts read while trying an item that turned out not to be the witness */
  mark(): number {
    return this.size;
  }

  rollback(mark: number): void {
    this.size = mark;
  }

  get facts(): Array<{ fact: string; value: FactValue }> {
    const facts: Array<{ fact: string; value: FactValue }> = [];
    const seen = new Set<string>();
    for (let i = 0; i < this.size; i++) {
      const shown = factValue(this.types[i], this.values[i]);
      if (shown === undefined) continue;
      const key = this.names[i] + "\u0000" + JSON.stringify(shown);
      if (seen.has(key)) continue;
      seen.add(key);
      facts.push({ fact: this.names[i], value: shown });
    }
    return facts;
  }
}
