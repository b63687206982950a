// Quantifiers over long lists, through indexes instead of scans, so adjudication takes time
// linear in a claim's lines. `any other in claim.lines where other.serviceDate = line.serviceDate
// and …` asked for every line of a 10,000-line claim would otherwise read 10^8 pairs.
//
// A quantifier's `where` is a chain of `and`ed conditions; some say what the bound item must be:
// - `item.f = E`, with E not reading the item: only items whose `f` equals E's value can pass,
//   so the items are grouped by `f` once per list and E's group is all that is looked at;
// - `any r in T[…, item.f, …] …`, the other keys not reading the item: only items whose `f` is a
//   key of T's rows with those other keys can pass, so those values are taken from T's index.
// The whole `where` is still evaluated on every item looked at, so the result, the order in
// which items are seen, the witness of an `any` and its facts are exactly the plain loop's: the
// index only leaves out items on which the `where` is false. When nothing but the item itself
// is read besides those keys (an MUE sum per code and date), the result depends on the key
// values alone and is kept per list and key. Lists shorter than INDEXED_FROM are scanned as before.
import { walkIr, type IrExpr, type Value } from "../ir/ir.js";
import type { Table } from "../ir/table.js";
import type { TableIndex } from "./closures.js";

/** lists at least this long are indexed; shorter ones are scanned (an index would cost more) */
export const INDEXED_FROM = 64;

type QuantifierIr = Extract<IrExpr, { op: "any" | "no" | "count" | "sum" }>;

export interface Plan {
  slot: number;
  /** `item.field = value` conditions */
  equal: Array<{ field: string; value: IrExpr }>;
  /** `any r in table[…, item.field, …]`: the key at `position` is the item's field, the others are given */
  join: { field: string; table: Table; position: number; others: Array<{ position: number; value: IrExpr }> } | null;
  /** the result depends on the list and the key values only (no other read outside the item) */
  keyOnly: boolean;
}

/** the conditions of an `and` chain, in order, without recursion */
function conjuncts(e: IrExpr): IrExpr[] {
  const out: IrExpr[] = [];
  const stack: IrExpr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.op === "and") stack.push(x.right, x.left);
    else out.push(x);
  }
  return out;
}

/** whether an expression reads no variable bound at `slot` or deeper (so not the item) */
function independent(e: IrExpr, slot: number): boolean {
  let ok = true;
  walkIr(e, (x) => {
    if (x.op === "var" && x.slot >= slot) ok = false;
    if ((x.op === "any" || x.op === "no" || x.op === "count" || x.op === "sum") && x.slot >= slot) ok = false;
  });
  return ok;
}

/** whether an expression reads nothing outside the item and what it binds itself */
function closed(e: IrExpr, slot: number): boolean {
  let ok = true;
  walkIr(e, (x) => {
    if (x.op === "var" && x.slot < slot) ok = false;
  });
  return ok;
}

const itemField = (e: IrExpr, slot: number): string | null => (e.op === "field" && e.object.op === "var" && e.object.slot === slot ? e.field : null);

/** how a quantifier can use indexes, or null when it cannot */
export function planQuantifier(q: QuantifierIr): Plan | null {
  if (!q.where) return null;
  const slot = q.slot;
  const equal: Plan["equal"] = [];
  let join: Plan["join"] = null;
  const rest: IrExpr[] = [];
  for (const c of conjuncts(q.where)) {
    if (c.op === "compare" && c.cmp === "=" && !c.lists) {
      const l = itemField(c.left, slot);
      const r = itemField(c.right, slot);
      if (l !== null && independent(c.right, slot)) {
        equal.push({ field: l, value: c.right });
        continue;
      }
      if (r !== null && independent(c.left, slot)) {
        equal.push({ field: r, value: c.left });
        continue;
      }
    }
    if (!join && c.op === "any" && c.collection.op === "lookup") {
      const lookup = c.collection;
      const mine = lookup.keys.map((k) => itemField(k, slot));
      const at = mine.findIndex((f) => f !== null);
      if (at >= 0 && mine.filter((f) => f !== null).length === 1 && lookup.keys.every((k, i) => i === at || independent(k, slot))) {
        join = { field: mine[at]!, table: lookup.table, position: at, others: lookup.keys.flatMap((k, i) => (i === at ? [] : [{ position: i, value: k }])) };
      }
    }
    rest.push(c);
  }
  if (equal.length === 0 && !join) return null;
  const keyOnly = !join && rest.every((c) => closed(c, slot)) && (q.op !== "sum" || closed(q.body, slot));
  return { slot, equal, join, keyOnly };
}

interface ListIndex {
  length: number;
  /** item positions by the values of the `equal` fields (and the join field, when there is one) */
  byKey: Map<string, number[]>;
  /** item positions by the values of the `equal` fields alone (with a join) */
  byEqual: Map<string, number[]> | null;
  /** results of a key-only quantifier, by key */
  results: Map<string, { value: Value; witness: number }>;
}

const NONE: readonly number[] = [];

function keyPart(v: Value): string | null {
  if (v === null) return null;
  if (typeof v === "string") return `s${v}`;
  if (typeof v === "number") return Number.isNaN(v) ? null : `n${v === 0 ? 0 : v}`;
  if (typeof v === "boolean") return v ? "t" : "f";
  return null; // lists and records are never equal by `=` here (`lists` comparisons are not planned)
}

function keyOf(values: readonly Value[]): string | null {
  let key = "";
  for (const v of values) {
    const part = keyPart(v);
    if (part === null) return null;
    key += part + "\u0001";
  }
  return key;
}

/** the indexes of the lists of one claim, per plan; held weakly by the list, so a claim's go with it */
export class PlanIndexes {
  private lists = new WeakMap<readonly Value[], Map<Plan, ListIndex>>();
  private joinKeys = new Map<string, Map<string, ReadonlySet<Value>>>();

  constructor(private readonly tables: TableIndex) {}

  private index(plan: Plan, items: readonly Value[]): ListIndex {
    let perPlan = this.lists.get(items);
    if (!perPlan) this.lists.set(items, (perPlan = new Map()));
    let index = perPlan.get(plan);
    // a list is never changed while a claim is adjudicated; the length check is a guard only
    if (index && index.length === items.length) return index;
    const fields = plan.equal.map((e) => e.field);
    const byKey = new Map<string, number[]>();
    const byEqual = plan.join ? new Map<string, number[]>() : null;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as Record<string, Value> | null;
      if (item === null || typeof item !== "object") continue;
      const equalKey = keyOf(fields.map((f) => item[f] ?? null));
      if (equalKey === null) continue;
      let key = equalKey;
      if (plan.join) {
        const part = keyPart(item[plan.join.field] ?? null);
        if (part === null) continue;
        key += part;
        push(byEqual!, equalKey, i);
      }
      push(byKey, key, i);
    }
    index = { length: items.length, byKey, byEqual, results: new Map() };
    perPlan.set(plan, index);
    return index;
  }

  /**
   * The positions of the items that can satisfy the quantifier's `where`, in list order. `equal`
   * holds the values of the plan's `equal` expressions, `others` those of the join's other keys.
   */
  candidates(plan: Plan, items: readonly Value[], equal: readonly Value[], others: readonly Value[] | null): readonly number[] {
    const equalKey = keyOf(equal);
    if (equalKey === null) return NONE; // `=` with a missing value is false for every item
    const index = this.index(plan, items);
    if (!plan.join) return index.byKey.get(equalKey) ?? NONE;
    if (others === null || others.includes(null)) return NONE; // a lookup with a missing key finds no rows
    const allowed = this.joinValues(plan.join, others);
    const sameEqual = index.byEqual!.get(equalKey) ?? NONE;
    if (allowed.size >= sameEqual.length) return sameEqual.filter((i) => allowed.has((items[i] as Record<string, Value>)[plan.join!.field] ?? null));
    const found: number[] = [];
    for (const v of allowed) {
      const part = keyPart(v);
      const list = part === null ? undefined : index.byKey.get(equalKey + part);
      if (list) for (const i of list) found.push(i);
    }
    return found.sort((a, b) => a - b);
  }

  /** the cached result of a key-only quantifier for these key values (computing it once) */
  result(plan: Plan, items: readonly Value[], equal: readonly Value[], compute: () => { value: Value; witness: number }): { value: Value; witness: number } {
    const key = keyOf(equal);
    if (key === null) return compute();
    const index = this.index(plan, items);
    let r = index.results.get(key);
    if (!r) index.results.set(key, (r = compute()));
    return r;
  }

  /** the values of the join column among the table's rows with the other keys given */
  private joinValues(join: NonNullable<Plan["join"]>, others: readonly Value[]): ReadonlySet<Value> {
    const id = `${join.table.name}\u0000${join.position}`;
    let byOthers = this.joinKeys.get(id);
    if (!byOthers) {
      byOthers = this.tables.reverseKeys(join.table, join.position);
      this.joinKeys.set(id, byOthers);
    }
    return byOthers.get(keyOf(others) ?? "") ?? EMPTY_SET;
  }
}

const EMPTY_SET: ReadonlySet<Value> = new Set();

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

export { keyOf as planKey };

const byTables = new WeakMap<TableIndex, PlanIndexes>();
/** the plan indexes of an evaluator (one per table index, which each evaluator has its own of) */
export function plansOf(tables: TableIndex): PlanIndexes {
  let plans = byTables.get(tables);
  if (!plans) byTables.set(tables, (plans = new PlanIndexes(tables)));
  return plans;
}
