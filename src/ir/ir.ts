// The typed intermediate representation both evaluators run: names resolved, literals
// normalised (cents, day numbers, codes), operators specialised by type. Plain data.
import type { Span } from "../common/span.js";
import type { RulePhase } from "../common/phases.js";
import type { Type } from "./types.js";
import type { CodeSet } from "./codeset.js";
import type { Table } from "./table.js";

export type Value = null | boolean | number | string | Duration | readonly Value[] | object;

export interface Duration {
  amount: number;
  unit: "days" | "months" | "years";
}

interface Node {
  type: Type;
  span: Span;
  /** the expression's source text, whitespace folded: names the fact in traces */
  text: string;
}

export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
/**
 * add/sub on integers or money; date+duration; date-duration;
 * mul: integer*integer, money*integer, money*percent (rounded); div: integer/integer (truncated), money/integer (rounded)
 */
export type ArithOp = "int+" | "int-" | "int*" | "int/" | "money+" | "money-" | "money*int" | "money*rate" | "money/int" | "date+" | "date-";

export type IrExpr =
  | (Node & { op: "const"; value: Value })
  /** a variable: a root (claim, line, context) or a quantifier variable by nesting depth (src/common/slots.ts) */
  | (Node & { op: "var"; name: string; slot: number })
  | (Node & { op: "field"; object: IrExpr; field: string })
  | (Node & { op: "not"; operand: IrExpr })
  | (Node & { op: "and" | "or"; left: IrExpr; right: IrExpr })
  | (Node & { op: "neg"; operand: IrExpr })
  | (Node & { op: "compare"; cmp: CompareOp; left: IrExpr; right: IrExpr; lists: boolean })
  | (Node & { op: "arith"; arith: ArithOp; left: IrExpr; right: IrExpr })
  | (Node & { op: "inSet"; element: IrExpr; set: CodeSet; negated: boolean })
  | (Node & { op: "inList"; element: IrExpr; list: IrExpr; negated: boolean })
  | (Node & { op: "inTable"; element: IrExpr; table: Table; on: IrExpr | null; negated: boolean })
  | (Node & { op: "lookup"; table: Table; keys: IrExpr[]; on: IrExpr | null })
  | (Node & { op: "missing"; operand: IrExpr; negated: boolean })
  | (Node & { op: "matches"; left: IrExpr; right: IrExpr })
  | (Node & { op: "any" | "no" | "count"; slot: number; collection: IrExpr; where: IrExpr | null })
  | (Node & { op: "sum"; slot: number; collection: IrExpr; where: IrExpr | null; body: IrExpr })
  | (Node & { op: "call"; fn: FunctionName; args: IrExpr[] });

/** the built-in functions (FUNCTIONS in ./types.ts) */
export type FunctionName = "years_between" | "days_between" | "month_day";

export interface ReasonCode {
  group: string;
  carc: string;
}

export type IrAction =
  | { kind: "deny"; reason: ReasonCode; remarks: string[] }
  | { kind: "pend"; reason: ReasonCode; remarks: string[] }
  | { kind: "remark"; remarks: string[] }
  | { kind: "setAllowed"; amount: IrExpr; remarks: string[] };

export interface IrRule {
  /** unique in the ruleset */
  id: string;
  pack: string;
  title: string;
  phase: RulePhase;
  cites: string[];
  when: IrExpr;
  action: IrAction;
  /** how many variable slots evaluating `when` needs */
  slots: number;
  /** for an `override rule`: the "pack/id" of the rule it replaced (absent otherwise) */
  replaces?: string;
  span: Span;
}

export interface CostShare {
  copay: number;
  deductible: boolean;
  /** basis points */
  coinsurance: number;
}

export interface IrBenefit {
  id: string;
  pack: string;
  title: string;
  codes: CodeSet;
  when: IrExpr | null;
  slots: number;
  costShare: { in: CostShare; out: CostShare };
  limit: { max: number; unit: "visits" | "units"; accumulator: string; span: Span } | null;
  requiresAuthorization: boolean;
  cites: string[];
  span: Span;
}

export interface Tier {
  deductible: number;
  deductibleAccumulator: string;
  /** null: `no out_of_pocket maximum`, the member's share is never capped */
  outOfPocket: number | null;
  outOfPocketAccumulator: string | null;
  /** basis points */
  coinsurance: number;
}

/** how the plan pays when other payers paid first (grammar/SEMANTICS.md §8) */
export type CoordinationMethod = "standard" | "non_duplication" | "medicare_secondary";
export const COORDINATION_METHODS: readonly CoordinationMethod[] = ["standard", "non_duplication", "medicare_secondary"];

export interface IrPlan {
  pack: string;
  title: string;
  feeSchedule: { table: Table; column: string } | null;
  tiers: { in: Tier; out: Tier };
  /** the method and who set it: the plan's `coordination` line, a pack's `override coordination`, or the default */
  coordination: { method: CoordinationMethod; pack: string; span: Span; cites: string[] };
  /** plan year */
  year: { from: number; to: number } | null;
  span: Span;
}

/**
 * A `precedence` rule of the order of benefits: when `when` holds with the coverage `first`
 * and the coverage `second` bound, `first` pays before `second`.
 */
export interface IrPrecedence {
  id: string;
  pack: string;
  title: string;
  cites: string[];
  when: IrExpr;
  /** variable slots evaluating `when` needs; `first` and `second` take the first two variable slots */
  slots: number;
  span: Span;
}

export interface Accumulator {
  name: string;
  unit: "money" | "count";
  title: string;
}

export interface Program {
  name: string;
  version: string;
  hash: string;
  /** set when the program came from a signed artifact whose signature was verified (src/node) */
  signature?: { keyId: string; signature: string };
  /** rules in evaluation order: phase order, then included packs first, then declaration order */
  rules: IrRule[];
  benefits: IrBenefit[];
  plan: IrPlan | null;
  /** the order-of-benefit rules, in declaration order (included packs first) */
  precedence: IrPrecedence[];
  accumulators: Accumulator[];
  tables: Table[];
}

/** the direct sub-expressions of an IR node */
export function irChildren(expr: IrExpr): IrExpr[] {
  switch (expr.op) {
    case "const":
    case "var":
      return [];
    case "field":
      return [expr.object];
    case "not":
    case "neg":
    case "missing":
      return [expr.operand];
    case "and":
    case "or":
    case "compare":
    case "arith":
    case "matches":
      return [expr.left, expr.right];
    case "inSet":
      return [expr.element];
    case "inList":
      return [expr.element, expr.list];
    case "inTable":
      return expr.on ? [expr.element, expr.on] : [expr.element];
    case "lookup":
      return expr.on ? [...expr.keys, expr.on] : [...expr.keys];
    case "any":
    case "no":
    case "count":
      return expr.where ? [expr.collection, expr.where] : [expr.collection];
    case "sum":
      return expr.where ? [expr.collection, expr.where, expr.body] : [expr.collection, expr.body];
    case "call":
      return [...expr.args];
  }
}

export type BinaryIr = Extract<IrExpr, { left: IrExpr; right: IrExpr }>;

const BINARY_OPS = new Set(["and", "or", "compare", "arith", "matches"]);

export const isBinaryIr = (e: IrExpr): e is BinaryIr => BINARY_OPS.has(e.op);

/**
 * The left-leaning chain `e` heads, innermost first: for `a or b or c`, [or(a, b), or(or(a, b), c)],
 * with `a` as the leftmost operand. A flat chain in the source is a tree as deep as it is long, so
 * walkers go along it with this, in a loop, instead of recursing once per link.
 */
export function leftSpine(e: BinaryIr): { leftmost: IrExpr; spine: BinaryIr[] } {
  const spine: BinaryIr[] = [];
  let x: IrExpr = e;
  while (isBinaryIr(x)) {
    spine.push(x);
    x = x.left;
  }
  return { leftmost: x, spine: spine.reverse() };
}

/** visits `root` and every sub-expression, parents before children, children in order; no recursion */
export function walkIr(root: IrExpr, visit: (e: IrExpr) => void): void {
  const stack: IrExpr[] = [root];
  while (stack.length) {
    const e = stack.pop()!;
    visit(e);
    const children = irChildren(e);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
