// Compiles an IR expression to one generated JavaScript function, for evaluation without a fact
// log (./codegen-traced.ts extends this generator for the traced path, which records facts).
//
// Why: closures made by one function literal share V8's feedback, so every `field` closure is one
// megamorphic property-read site for all the fields of all the rules. A generated function has
// its own sites, each seeing one shape.
//
// Safety: the generated text is made only of this file's fixed fragments and integers. Every
// value that comes from a rule (codes, texts, field names, tables, operators as data) is put in
// the constants array K and read as `K[n]`; claim data is only ever read at run time. So nothing a
// rule or a claim contains can become code: test/compile/codegen.test.ts holds every generated
// text to that vocabulary, including for rules full of hostile strings.
import { leftSpine, type BinaryIr, type IrExpr, type Value } from "../ir/ir.js";
import { codeSetHas } from "../ir/codeset.js";
import type { Table } from "../ir/table.js";
import { compare, arithmetic, callFunction, exactSum, matchesPattern } from "../runtime/values.js";
import { INDEXED_FROM, planQuantifier, plansOf, type Plan } from "./plan.js";
import { isRootSlot } from "../common/slots.js";
import { EMPTY, isLongChain, type BoundTable, type ClaimLines, type Frame, type TableIndex } from "./closures.js";

export type Generated = (frame: Frame) => Value;

/**
 * The contract's field names (src/model/types.ts): a rule's `line.serviceDate` is read as
 * `.serviceDate`, a property load V8 resolves once per site, rather than as `[K[n]]`. The text
 * written is this list's own entry, chosen by the rule's field name: a name not listed here
 * (a table column, say) stays a constant.
 */
const CONTRACT_FIELDS: ReadonlyMap<string, string> = new Map(
  [
    "accumulators",
    "authorizations",
    "birthDate",
    "charge",
    "claimId",
    "cobra",
    "code",
    "codes",
    "coverage",
    "diagnoses",
    "diagnosisPointers",
    "employerSize",
    "employment",
    "frequencyCode",
    "from",
    "history",
    "id",
    "lineNumber",
    "lines",
    "medicare",
    "member",
    "modifiers",
    "network",
    "npi",
    "number",
    "otherCoverage",
    "paid",
    "parentsSeparated",
    "payerId",
    "placeOfService",
    "planId",
    "principalDiagnosis",
    "priorAuthorization",
    "priorPayers",
    "provider",
    "providerNpi",
    "receivedDate",
    "relationship",
    "replaces",
    "serviceDate",
    "sex",
    "status",
    "subscriberBirthDate",
    "to",
    "units",
    "used",
  ].map((name) => [name, name]),
);

const JS_COMPARE = { "=": "===", "!=": "!==", "<": "<", "<=": "<=", ">": ">", ">=": ">=" } as const;

/** the helpers generated code may call, as H.name */
function helpers(tables: TableIndex) {
  const plans = plansOf(tables);
  return {
    exactSum,
    candidates: (plan: Plan, items: readonly Value[], equal: readonly Value[], others: readonly Value[] | null) => plans.candidates(plan, items, equal, others),
    memo: (plan: Plan, items: readonly Value[], equal: readonly Value[], compute: () => Value) =>
      plans.result(plan, items, equal, () => ({ value: compute(), witness: -1 })).value,
    codeSetHas,
    compare,
    arithmetic,
    callFunction,
    matchesPattern,
    inTable(t: BoundTable, v: Value, day: Value, hasDay: boolean, negated: boolean): boolean {
      if (v === null || (hasDay && day === null)) return false;
      return t.has1(v, day as number | null) !== negated;
    },
    lookup1(t: BoundTable, v: Value, day: Value, hasDay: boolean): Value {
      if (v === null || (hasDay && day === null)) return EMPTY;
      return t.rows1(v, day as number | null);
    },
    /** lookup2 where a key is the `code` of an object (`oa`, `ob`; null otherwise): a claim line's code record answers (see PairHash.find) */
    lookupCodes2(t: BoundTable, a: Value, b: Value, oa: unknown, ob: unknown, day: Value, hasDay: boolean): Value {
      if (a === null || b === null || (hasDay && day === null)) return EMPTY;
      return t.rowsOf2(a, b, oa, ob, day as number | null);
    },
    lookup(t: BoundTable, keys: Value[], day: Value, hasDay: boolean): Value {
      if (keys.includes(null) || (hasDay && day === null)) return EMPTY;
      return t.rows(keys, day as number | null);
    },
    /** a runner's claim: the line states whose code records the pair probes read (see PairHash.find) */
    claimLines(lines: ClaimLines["lines"]): void {
      tables.claim.lines = lines;
    },
    lookup2(t: BoundTable, a: Value, b: Value, day: Value, hasDay: boolean): Value {
      if (a === null || b === null || (hasDay && day === null)) return EMPTY;
      return t.rows2(a, b, day as number | null);
    },
  };
}

const helpersByIndex = new WeakMap<TableIndex, ReturnType<typeof helpers>>();
/** one set of helpers per table index, shared by all the functions generated over it */
export function helpersOf(tables: TableIndex): ReturnType<typeof helpers> {
  let h = helpersByIndex.get(tables);
  if (!h) helpersByIndex.set(tables, (h = helpers(tables)));
  return h;
}

/** a quantifier's reads of fields of the claim, the line or the context: read text → the temporary holding it */
interface Hoisted {
  names: Map<string, string>;
  declarations: string[];
}

/**
 * Whether an expression is a chain of field reads from a root (`line.serviceDate`,
 * `claim.provider.npi`): the roots do not change while a quantifier runs and a read has no effect,
 * so its `where` can read the value once a call rather than once an item.
 */
function isRootChain(e: IrExpr): boolean {
  while (e.op === "field") e = e.object;
  return e.op === "var" && isRootSlot(e.slot);
}

/** one function being generated: its temporaries */
export interface Scope {
  temps: number;
}

export class Generator {
  readonly constants: unknown[] = [];

  /** `bind` turns a table into what the helpers look rows up in (its index, at generation) */
  constructor(private readonly bind: (table: Table) => unknown = (table) => table) {}
  readonly functions: string[] = [];
  private scope: Scope = { temps: 0 };
  /** inside a quantifier's `where`: its reads of the roots' fields, each made once a call (see quantifier) */
  private hoisted: Hoisted | null = null;

  constant(value: unknown): string {
    this.constants.push(value);
    return `K[${this.constants.length - 1}]`;
  }

  temp(): string {
    return `t${this.scope.temps++}`;
  }

  /** `let t0, t1;` for the temporaries the scope used */
  declarations(scope: Scope): string {
    return scope.temps ? `let ${Array.from({ length: scope.temps }, (_, i) => `t${i}`).join(", ")}; ` : "";
  }

  /** generates a function body in a fresh scope */
  inScope(body: () => string): { scope: Scope; code: string } {
    const outer = this.scope;
    const scope: Scope = { temps: 0 };
    this.scope = scope;
    try {
      return { scope, code: body() };
    } finally {
      this.scope = outer;
    }
  }

  expr(e: IrExpr): string {
    if (isLongChain(e)) return this.chain(e as BinaryIr);
    switch (e.op) {
      case "const":
        return e.value === null ? "null" : typeof e.value === "boolean" ? String(e.value) : this.constant(e.value);
      case "var":
        return isRootSlot(e.slot) ? `f[${int(e.slot)}]` : `(f[${int(e.slot)}] ?? null)`;
      case "field": {
        const hoisted = this.hoisted;
        if (hoisted !== null && isRootChain(e)) {
          // read once at the quantifier's start, not once an item (see quantifier)
          this.hoisted = null;
          const read = this.expr(e);
          this.hoisted = hoisted;
          let name = hoisted.names.get(read);
          if (name === undefined) {
            hoisted.names.set(read, (name = this.temp()));
            hoisted.declarations.push(`${name} = ${read}`);
          }
          return name;
        }
        const known = CONTRACT_FIELDS.get(e.field);
        const read = known === undefined ? `[${this.constant(e.field)}]` : `.${known}`;
        if (e.object.op === "var" && isRootSlot(e.object.slot)) return `(f[${int(e.object.slot)}]${read} ?? null)`;
        const t = this.temp();
        return `((${t} = ${this.expr(e.object)}) === null ? null : (${t}${read} ?? null))`;
      }
      case "not":
        return `!(${this.expr(e.operand)})`;
      case "and":
        return `(${this.expr(e.left)} && ${this.expr(e.right)})`;
      case "or":
        return `(${this.expr(e.left)} || ${this.expr(e.right)})`;
      case "neg": {
        const t = this.temp();
        return `((${t} = ${this.expr(e.operand)}) === null ? null : -${t})`;
      }
      case "compare": {
        if (e.lists) return `H.compare(${this.constant(e.cmp)}, ${this.expr(e.left)}, ${this.expr(e.right)}, true)`;
        const [a, b] = [this.temp(), this.temp()];
        return `((${a} = ${this.expr(e.left)}) !== null && (${b} = ${this.expr(e.right)}) !== null && ${a} ${JS_COMPARE[e.cmp]} ${b})`;
      }
      case "arith":
        return `H.arithmetic(${this.constant(e.arith)}, ${this.expr(e.left)}, ${this.expr(e.right)})`;
      case "inSet": {
        const t = this.temp();
        const test =
          e.set.ranges.length === 0 && e.set.prefixes.length === 0 ? `${this.constant(e.set.exact)}.has(${t})` : `H.codeSetHas(${this.constant(e.set)}, ${t})`;
        return `((${t} = ${this.expr(e.element)}) !== null && ${test} !== ${e.negated})`;
      }
      case "inList": {
        const [v, l] = [this.temp(), this.temp()];
        return `((${v} = ${this.expr(e.element)}) !== null && (${l} = ${this.expr(e.list)}) !== null && ${l}.includes(${v}) !== ${e.negated})`;
      }
      case "inTable":
        return `H.inTable(${this.constant(this.bind(e.table))}, ${this.expr(e.element)}, ${e.on ? this.expr(e.on) : "null"}, ${e.on !== null}, ${e.negated})`;
      case "lookup": {
        const day = e.on ? this.expr(e.on) : "null";
        const t = this.constant(this.bind(e.table));
        if (e.keys.length === 1) return `H.lookup1(${t}, ${this.expr(e.keys[0])}, ${day}, ${e.on !== null})`;
        if (e.keys.length === 2) {
          const [a, b] = [this.expr(e.keys[0]), this.expr(e.keys[1])];
          // a key read as `x.code` passes x too, so a probe of a claim line's code reads the code's record
          const owner = (k: IrExpr) => (k.op === "field" && k.field === "code" ? this.expr(k.object) : null);
          const [oa, ob] = [owner(e.keys[0]), owner(e.keys[1])];
          if (oa === null && ob === null) return `H.lookup2(${t}, ${a}, ${b}, ${day}, ${e.on !== null})`;
          return `H.lookupCodes2(${t}, ${a}, ${b}, ${oa ?? "null"}, ${ob ?? "null"}, ${day}, ${e.on !== null})`;
        }
        return `H.lookup(${t}, [${e.keys.map((k) => this.expr(k)).join(", ")}], ${day}, ${e.on !== null})`;
      }
      case "missing":
        return `((${this.expr(e.operand)}) === null) !== ${e.negated}`;
      case "matches":
        return `H.matchesPattern(${this.expr(e.left)}, ${this.expr(e.right)})`;
      case "call":
        return `H.callFunction(${this.constant(e.fn)}, [${e.args.map((a) => this.expr(a)).join(", ")}])`;
      case "any":
      case "no":
      case "count":
      case "sum":
        return `q${this.quantifier(e)}(f)`;
    }
  }

  /**
   * A long chain (`a || b || …`, `x + y + …`) as a flat sequence of steps on one temporary,
   * `(t = a, t = t || (b), …, t)`: nested parentheses as deep as the chain would be too deep
   * for the JavaScript parser.
   */
  private chain(e: BinaryIr): string {
    const { leftmost, spine } = leftSpine(e);
    const t = this.temp();
    const steps = [`${t} = ${this.expr(leftmost)}`];
    for (const node of spine) {
      const right = this.expr(node.right);
      switch (node.op) {
        case "and":
          steps.push(`${t} = ${t} && (${right})`);
          break;
        case "or":
          steps.push(`${t} = ${t} || (${right})`);
          break;
        case "compare":
          steps.push(`${t} = H.compare(${this.constant(node.cmp)}, ${t}, ${right}, ${node.lists})`);
          break;
        case "arith":
          steps.push(`${t} = H.arithmetic(${this.constant(node.arith)}, ${t}, ${right})`);
          break;
        case "matches":
          steps.push(`${t} = H.matchesPattern(${t}, ${right})`);
          break;
      }
    }
    return `(${steps.join(", ")}, ${t})`;
  }

  /**
   * A quantifier becomes its own function q<n>(f): a plain loop over the collection; with a plan
   * (./plan.ts), a long list is looked at through its index (positions P), and a key-only
   * result is kept per key (H.memo).
   */
  private quantifier(e: Extract<IrExpr, { op: "any" | "no" | "count" | "sum" }>): number {
    const outerHoisted = this.hoisted;
    const hoisted: Hoisted = { names: new Map(), declarations: [] };
    this.hoisted = null;
    const { scope, code } = this.inScope(() => {
      const plan = planQuantifier(e);
      let items = `const items = ${this.expr(e.collection)} ?? E; `;
      const bind = `f[${int(e.slot)}] = items[i]; `;
      // a list of the claim or context (lines, history, coverage) is where items run to many; a
      // table's rows for a key are mostly one or none, where reading ahead costs more than it saves
      this.hoisted = isRootChain(e.collection) ? hoisted : null;
      const where = e.where ? this.expr(e.where) : "true";
      this.hoisted = null;
      let loop = (body: string) => `for (let i = 0; i < items.length; i++) { ${bind}${body} } `;
      if (plan) {
        const p = this.constant(plan);
        const equal = `[${plan.equal.map((x) => this.expr(x.value)).join(", ")}]`;
        const others = plan.join ? `[${plan.join.others.map((o) => this.expr(o.value)).join(", ")}]` : "null";
        items += `let KV = null, P = null; if (items.length >= ${int(INDEXED_FROM)}) { KV = ${equal}; P = H.candidates(${p}, items, KV, ${others}); } `;
        loop = (body: string) => `for (let k = 0, m = P === null ? items.length : P.length; k < m; k++) { const i = P === null ? k : P[k]; ${bind}${body} } `;
        if (plan.keyOnly) {
          const inner = this.loopBody(e, where, loop);
          return `${items}if (P !== null) return H.memo(${p}, items, KV, () => { ${inner} }); ${inner}`;
        }
      }
      return items + this.loopBody(e, where, loop);
    });
    this.hoisted = outerHoisted;
    const reads = hoisted.declarations.length ? `${hoisted.declarations.join(", ")}; ` : "";
    this.functions.push(`function q${this.functions.length}(f) { ${this.declarations(scope)}${reads}${code} }`);
    return this.functions.length - 1;
  }

  /** the loop of a quantifier and what it returns */
  private loopBody(e: Extract<IrExpr, { op: "any" | "no" | "count" | "sum" }>, where: string, loop: (body: string) => string): string {
    switch (e.op) {
      case "any":
        return loop(`if (${where}) return true;`) + "return false;";
      case "no":
        return loop(`if (${where}) return false;`) + "return true;";
      case "count":
        return "let n = 0; " + loop(`if (${where}) n++;`) + "return n;";
      case "sum": {
        const body = this.expr(e.body);
        return "let total = 0; " + loop(`if (!(${where})) continue; const v = ${body}; if (v === null) return null; total += v;`) + "return H.exactSum(total);";
      }
    }
  }
}

export function int(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`codegen: ${n} is not a slot number`);
  return String(n);
}

/** the source text generated for an expression, with the constants it reads (for tests) */
export function generateSource(expr: IrExpr, bind?: (table: Table) => unknown): { source: string; constants: unknown[] } {
  const g = new Generator(bind);
  const { scope, code } = g.inScope(() => g.expr(expr));
  // quantifier functions are numbered in the order they were finished, so q<n> names them
  // a condition that is one quantifier is its function itself, not a function calling it
  const whole = /^q(\d+)\(f\)$/.exec(code);
  const result = whole && scope.temps === 0 ? `q${int(Number(whole[1]))}` : `function (f) { ${g.declarations(scope)}return ${code}; }`;
  const source = `"use strict"; ${g.functions.join(" ")} return ${result};`;
  return { source, constants: g.constants };
}

/**
 * The expression as a generated function, or null where the host forbids generating code (a
 * Content-Security-Policy without 'unsafe-eval'): the caller then keeps its closures.
 */
export function generate(expr: IrExpr, tables: TableIndex): Generated | null {
  const { source, constants } = generateSource(expr, (table) => tables.build(table));
  return instantiate<Generated>(source, constants, helpersOf(tables));
}

/** generated text over its constants K, helpers H and the empty list E (./codegen-traced.ts too); null where code is forbidden */
export function instantiate<F>(source: string, constants: unknown[], helperTable: object): F | null {
  const factory = factoryOf(source, false);
  return factory === null ? null : (factory(constants, helperTable as ReturnType<typeof helpers>, EMPTY, null) as F);
}

/**
 * The one place generated text becomes a function (test/core-safety.test.ts holds every other
 * file to none): a factory over the constants K, the helpers H, the empty list E and, with
 * `frame`, the evaluator's frame f. Null where the host forbids generating code.
 */
export function factoryOf(
  source: string,
  frame: boolean,
): ((K: unknown[], H: ReturnType<typeof helpers>, E: readonly Value[], f: Frame | null) => unknown) | null {
  try {
    return (frame ? new Function("K", "H", "E", "f", source) : new Function("K", "H", "E", source)) as ReturnType<typeof factoryOf>;
  } catch (e) {
    if (e instanceof EvalError) return null;
    throw e;
  }
}
