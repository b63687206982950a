// The facts a decision read, as a trace shows them. Both evaluators record into a FactLog while
// a traced rule runs; the values are formatted only when the trace is built.
import type { Duration, Value } from "../ir/ir.js";
import type { Type } from "../ir/types.js";
import { formatMoney } from "../model/money.js";
import { formatDate } from "../model/dates.js";
import { displayDiagnosis } from "../model/codes.js";

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
 * Whether factValue shows a value of this type only when it is missing (null): a record, a row,
 * a list of them. Generated traced code records such a read only when it is null, as no other
 * value of it would ever be shown.
 */
export function shownOnlyWhenMissing(type: Type): boolean {
  return type.t === "record" || type.t === "row" || (type.t === "list" && (type.of.t === "record" || type.of.t === "row" || type.of.t === "list"));
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

  /** record() as an expression, giving the value back: what generated traced code (src/compile/codegen-traced.ts) calls */
  read(fact: string, type: Type, value: Value): Value {
    const i = this.size++;
    this.names[i] = fact;
    this.types[i] = type;
    this.values[i] = value;
    return value;
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
    // a rule shows a handful of facts: a scan of those kept costs less than a Set of JSON keys
    const facts: Array<{ fact: string; value: FactValue }> = [];
    for (let i = 0; i < this.size; i++) {
      const shown = factValue(this.types[i], this.values[i]);
      if (shown === undefined) continue;
      const name = this.names[i];
      let seen = false;
      for (let j = 0; j < facts.length && !seen; j++) seen = facts[j].fact === name && sameShown(facts[j].value, shown);
      if (!seen) facts.push({ fact: name, value: shown });
    }
    return facts;
  }
}

/** JSON's view of a number: one that is not finite is written null */
const json = (v: string | number | boolean | null): string | number | boolean | null => (typeof v === "number" && !Number.isFinite(v) ? null : v);

/** whether two shown values are written alike in JSON (the trace's form): the same fact shown twice */
export function sameShown(a: FactValue, b: FactValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (json(a[i]) !== json(b[i])) return false;
    return true;
  }
  return json(a) === json(b);
}
