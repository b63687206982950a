// Compiles an IR expression to one generated JavaScript function that records the facts it reads
// in a FactLog (src/runtime/facts.ts), for traced evaluation: the generated counterpart of the
// closures of ./closures.ts, which remain where code cannot be generated and for observers.
//
// What is recorded, and in which order, is exactly what the closures record (the trace must not
// change): both operands of a comparison are read even when the first is missing; a `count` or a
// `sum` records its result, not its items; an `any` keeps the facts of its witness only; the keys
// of a plan (./plan.ts), `no`, `count` and `sum` loops read without recording. Those unrecorded
// parts are the untraced generator's own code (./codegen.ts), which this one extends.
//
// Safety: as ./codegen.ts. The text is that file's fragments, this file's fixed fragments and
// integers; a fact's name and type are constants (`K[n]`), so nothing a rule or a claim contains
// can become code (test/compile/codegen.test.ts).
import type { IrExpr, Value } from "../ir/ir.js";
import { shownOnlyWhenMissing, type FactLog } from "../runtime/facts.js";
import { INDEXED_FROM, planQuantifier, plansOf, type Plan } from "./plan.js";
import { isRootSlot } from "../common/slots.js";
import { isLongChain, type Frame, type TableIndex } from "./closures.js";
import { Generator, helpersOf, instantiate, int } from "./codegen.js";
import type { Table } from "../ir/table.js";

export type GeneratedTraced = (frame: Frame, log: FactLog) => Value;

type Quantifier = Extract<IrExpr, { op: "any" | "no" | "count" | "sum" }>;

/** the traced helpers: the untraced ones, and a key-only result that keeps an `any`'s witness */
function tracedHelpers(tables: TableIndex) {
  const plans = plansOf(tables);
  return {
    ...helpersOf(tables),
    /** the kept result of a key-only quantifier: `loop` gives an `any` or a `no` its witness (or -1), a `count` or `sum` its value */
    memoWitness(plan: Plan, items: readonly Value[], equal: readonly Value[], op: Quantifier["op"], loop: LoopFn, f: Frame, P: readonly number[]) {
      return plans.result(plan, items, equal, () => {
        const r = loop(f, items, P);
        if (op === "any") return { value: (r as number) >= 0, witness: r as number };
        if (op === "no") return { value: (r as number) < 0, witness: r as number };
        return { value: r, witness: -1 };
      });
    },
  };
}
type LoopFn = (f: Frame, items: readonly Value[], P: readonly number[] | null) => Value;

const helpersByIndex = new WeakMap<TableIndex, ReturnType<typeof tracedHelpers>>();
function tracedHelpersOf(tables: TableIndex): ReturnType<typeof tracedHelpers> {
  let h = helpersByIndex.get(tables);
  if (!h) helpersByIndex.set(tables, (h = tracedHelpers(tables)));
  return h;
}

class TracedGenerator extends Generator {
  /** false while generating a part the closures evaluate without a log: the untraced code */
  private tracing = true;

  /**
   * `L.read(K[name], K[type], value)`: records a fact and gives its value. A record or a row is
   * shown only when it is missing, so it is recorded only then: the facts shown are the same.
   */
  private read(e: IrExpr, value: string): string {
    if (!shownOnlyWhenMissing(e.type)) return `L.read(${this.constant(e.text)}, ${this.constant(e.type)}, ${value})`;
    const t = this.temp();
    return `((${t} = ${value}) === null ? L.read(${this.constant(e.text)}, ${this.constant(e.type)}, null) : ${t})`;
  }

  /** an expression evaluated without recording (as the closures do with a null log) */
  private plain(e: IrExpr): string {
    const was = this.tracing;
    this.tracing = false;
    try {
      return this.expr(e);
    } finally {
      this.tracing = was;
    }
  }

  override expr(e: IrExpr): string {
    // a long chain is the untraced generator's loop of steps, each operand traced (./closures.ts compileChain)
    if (!this.tracing || isLongChain(e)) return super.expr(e);
    switch (e.op) {
      case "var":
        return isRootSlot(e.slot) ? super.expr(e) : this.read(e, `(f[${int(e.slot)}] ?? null)`);
      case "field":
        return this.read(e, super.expr(e));
      case "compare": {
        if (e.lists) return super.expr(e);
        // both operands are read, as the closures read them, before either is tested
        const [a, b] = [this.temp(), this.temp()];
        const cmp = { "=": "===", "!=": "!==", "<": "<", "<=": "<=", ">": ">", ">=": ">=" }[e.cmp];
        return `((${a} = ${this.expr(e.left)}), (${b} = ${this.expr(e.right)}), ${a} !== null && ${b} !== null && ${a} ${cmp} ${b})`;
      }
      case "inList": {
        const [v, l] = [this.temp(), this.temp()];
        return `((${v} = ${this.expr(e.element)}), (${l} = ${this.expr(e.list)}), ${v} !== null && ${l} !== null && ${l}.includes(${v}) !== ${e.negated})`;
      }
      case "call":
        return this.read(e, super.expr(e));
      case "any":
      case "no":
      case "count":
      case "sum":
        return `q${this.tracedQuantifier(e)}(f, L)`;
      default:
        // const, not, and, or, neg, arith, inSet, inTable, lookup, missing, matches: the untraced
        // code reads its operands in the closures' order, and each operand is generated traced
        return super.expr(e);
    }
  }

  /** a function q<n>(f, items, P) running the quantifier's loop unrecorded: an `any`'s or a `no`'s witness (or -1), a `count`, a `sum` */
  private plainLoop(e: Quantifier, plan: Plan | null): number {
    const { scope, code } = this.inScope(() => {
      const bind = `f[${int(e.slot)}] = items[i]; `;
      const where = e.where ? this.plain(e.where) : "true";
      const loop = (body: string) =>
        plan
          ? `for (let k = 0, m = P === null ? items.length : P.length; k < m; k++) { const i = P === null ? k : P[k]; ${bind}${body} } `
          : `for (let i = 0; i < items.length; i++) { ${bind}${body} } `;
      switch (e.op) {
        case "any":
        case "no":
          return loop(`if (${where}) return i;`) + "return -1;";
        case "count":
          return "let n = 0; " + loop(`if (${where}) n++;`) + "return n;";
        case "sum": {
          const body = this.plain(e.body);
          return (
            "let total = 0; " + loop(`if (!(${where})) continue; const v = ${body}; if (v === null) return null; total += v;`) + "return H.exactSum(total);"
          );
        }
      }
    });
    this.functions.push(`function q${this.functions.length}(f, items, P) { ${this.declarations(scope)}${code} }`);
    return this.functions.length - 1;
  }

  /** ./closures.ts compileQuantifier with a log, as one function q<n>(f, L) */
  private tracedQuantifier(e: Quantifier): number {
    const plan = planQuantifier(e);
    const { scope, code } = this.inScope(() => {
      let head = `const items = ${this.expr(e.collection)} ?? E; `;
      if (plan) {
        const p = this.constant(plan);
        const equal = `[${plan.equal.map((x) => this.plain(x.value)).join(", ")}]`;
        const others = plan.join ? `[${plan.join.others.map((o) => this.plain(o.value)).join(", ")}]` : "null";
        const memo = plan.keyOnly ? ` W = H.memoWitness(${p}, items, KV, ${this.constant(e.op)}, q${this.plainLoop(e, plan)}, f, P);` : "";
        head += `let P = null, W = null; if (items.length >= ${int(INDEXED_FROM)}) { const KV = ${equal}; P = H.candidates(${p}, items, KV, ${others});${memo} } `;
      }
      if (e.op === "any" && e.where) {
        const loop = plan ? "for (let k = 0, m = P === null ? items.length : P.length; k < m; k++) { " : "for (let k = 0; k < items.length; k++) { ";
        const bind = `f[${int(e.slot)}] = items[${plan ? "P === null ? k : P[k]" : "k"}]; `;
        // a kept result: the witness's facts are read again; otherwise only the witness's facts are kept
        const kept = plan?.keyOnly
          ? `if (W !== null) { if (W.witness >= 0) { f[${int(e.slot)}] = items[W.witness]; ${this.expr(e.where)}; } return W.value; } `
          : "";
        const where = this.expr(e.where);
        return `${head}${kept}${loop}${bind}const mark = L.mark(); if (${where}) return true; L.rollback(mark); } return false;`;
      }
      const loop = `q${this.plainLoop(e, plan)}(f, items, ${plan ? "P" : "null"})`;
      const value = e.op === "any" ? `${loop} >= 0` : e.op === "no" ? `${loop} < 0` : loop;
      const result = plan?.keyOnly ? `const R = W !== null ? W.value : ${value}; ` : `const R = ${value}; `;
      const record = e.op === "count" || e.op === "sum" ? `L.record(${this.constant(e.text)}, ${this.constant(e.type)}, R); ` : "";
      return `${head}${result}${record}return R;`;
    });
    this.functions.push(`function q${this.functions.length}(f, L) { ${this.declarations(scope)}${code} }`);
    return this.functions.length - 1;
  }

  /** the source of the whole expression as a function (f, L) */
  source(e: IrExpr): string {
    const { scope, code } = this.inScope(() => this.expr(e));
    return `"use strict"; ${this.functions.join(" ")} return function (f, L) { ${this.declarations(scope)}return ${code}; };`;
  }
}

/** the traced source generated for an expression, with the constants it reads (for tests) */
export function generateTracedSource(expr: IrExpr, bind?: (table: Table) => unknown): { source: string; constants: unknown[] } {
  const g = new TracedGenerator(bind);
  const source = g.source(expr);
  return { source, constants: g.constants };
}

/**
 * The expression as a generated traced function, or null where the host forbids generating code
 * (a Content-Security-Policy without 'unsafe-eval'): the caller then keeps its closures.
 */
export function generateTraced(expr: IrExpr, tables: TableIndex): GeneratedTraced | null {
  const { source, constants } = generateTracedSource(expr, (table) => tables.build(table));
  return instantiate<GeneratedTraced>(source, constants, tracedHelpersOf(tables));
}
