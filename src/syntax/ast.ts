// The abstract syntax tree of one .edict file: plain data, every node with its source span.
// The parser builds it, the pretty-printer prints it, the checker turns it into IR.

import type { Span } from "../common/span.js";
import type { RulePhase } from "../common/phases.js";
import type { ColumnType } from "../common/columns.js";

export type { Span, RulePhase, ColumnType };

export interface Name {
  text: string;
  span: Span;
}

export interface Text {
  /** the string's value, escapes resolved */
  value: string;
  span: Span;
}

export interface SourceFile {
  file: string;
  declarations: Declaration[];
  /** comments, kept so the pretty-printer can put them back */
  comments: Comment[];
}

export interface Comment {
  text: string; // including the leading //
  span: Span;
}

export type Declaration =
  | PackHeader
  | Include
  | ValueSetDecl
  | TableDecl
  | ParameterDecl
  | AccumulatorDecl
  | PlanDecl
  | BenefitDecl
  | RuleDecl
  | DisableDecl
  | PrecedenceDecl
  | CoordinationOverrideDecl;

export interface PackHeader {
  kind: "pack";
  name: Text;
  version: Text;
  effective?: { from: DateLit; to: DateLit };
  span: Span;
}

export interface Include {
  kind: "include";
  path: Text;
  span: Span;
}

export type CodeKind = "procedure" | "diagnosis" | "modifier";

export interface ValueSetDecl {
  kind: "valueset";
  name: Name;
  title?: Text;
  codeKind: CodeKind;
  items: CodeItem[];
  span: Span;
}

/** `{ 99202..99205, 45378, Z12.* }` */
export interface CodeSetLit {
  kind: "codeset";
  items: CodeItem[];
  span: Span;
}

export interface CodeItem {
  /** raw text as written, e.g. "99202", "Z12.11", "C50.*", "25" */
  from: string;
  /** set for a range `from..to` */
  to?: string;
  span: Span;
}

export interface ColumnDecl {
  name: Name;
  type: ColumnType;
  key: boolean;
  optional: boolean;
  span: Span;
}

export interface TableDecl {
  kind: "table";
  name: Name;
  title?: Text;
  path: Text;
  columns: ColumnDecl[];
  /** `active from effective until deletion` */
  active?: { from: Name; until: Name; span: Span };
  span: Span;
}

export interface ParameterDecl {
  kind: "parameter";
  name: Name;
  title?: Text;
  value: Literal;
  /** `override parameter …`: changes the value of an included pack's parameter (the span then starts at `override`) */
  override?: boolean;
  span: Span;
}

export interface AccumulatorDecl {
  kind: "accumulator";
  name: Name;
  title?: Text;
  unit: "money" | "count";
  span: Span;
}

/** a literal or the name of a parameter */
export type ValueRef = Literal | Identifier;

export interface TierDecl {
  network: "in" | "out";
  deductible?: { amount: ValueRef; accumulator: Name; span: Span };
  outOfPocket?: { amount: ValueRef; accumulator: Name; span: Span };
  /** `no out_of_pocket maximum`: the member's share is never capped */
  noOutOfPocket?: Span;
  coinsurance?: { rate: ValueRef; span: Span };
  span: Span;
}

export interface PlanDecl {
  kind: "plan";
  title?: Text;
  feeSchedule?: { table: Name; column: Name; span: Span };
  /** `coordination standard`: how the plan pays after other payers; the checker validates the word */
  coordination?: { method: Name; span: Span };
  tiers: TierDecl[];
  span: Span;
}

export type CostTerm =
  | { kind: "copay"; amount: ValueRef; span: Span }
  | { kind: "deductible"; applies: boolean; span: Span }
  | { kind: "coinsurance"; rate: ValueRef; span: Span };

export interface CostShareDecl {
  network: "in" | "out";
  /** `no cost share` */
  none: boolean;
  terms: CostTerm[];
  span: Span;
}

export interface BenefitDecl {
  kind: "benefit";
  name: Name;
  title?: Text;
  /** a valueset name or an inline set; in the order written */
  codes: Array<Name | CodeSetLit>;
  when?: Expr;
  costShares: CostShareDecl[];
  limit?: { amount: ValueRef; unit: "visits" | "units"; accumulator: Name; span: Span };
  requiresAuthorization?: Span;
  cites: Text[];
  span: Span;
}

export interface ReasonRef {
  /** CO, PR, OA, PI, CR */
  group: string;
  /** the CARC, e.g. "236" */
  code: string;
  span: Span;
}

export type Action =
  | { kind: "deny"; reason: ReasonRef; remarks: Name[]; span: Span }
  | { kind: "pend"; reason?: ReasonRef; remarks: Name[]; span: Span }
  | { kind: "remark"; remarks: Name[]; span: Span }
  | { kind: "setAllowed"; amount: Expr; remarks: Name[]; span: Span };

export interface RuleDecl {
  kind: "rule";
  name: Name;
  title?: Text;
  phase: { value: RulePhase; span: Span };
  cites: Text[];
  when: Expr;
  action: Action;
  /** `override rule …`: replaces the included pack's rule of the same name (the span then starts at `override`) */
  override?: boolean;
  span: Span;
}

/** `disable rule ncci_ptp cite "…"`: an included pack's rule does not run */
export interface DisableDecl {
  kind: "disable";
  rule: Name;
  cites: Text[];
  span: Span;
}

/**
 * `precedence name "title" cite "…" when condition`: an order-of-benefit rule. When the
 * condition holds with `first` and `second` standing for two of the member's coverages,
 * `first` pays before `second`.
 */
export interface PrecedenceDecl {
  kind: "precedence";
  name: Name;
  title?: Text;
  cites: Text[];
  when: Expr;
  span: Span;
}

/** `override coordination non_duplication cite "…"`: an included plan's coordination method, changed */
export interface CoordinationOverrideDecl {
  kind: "coordination";
  method: Name;
  cites: Text[];
  span: Span;
}

// ---------------------------------------------------------------- expressions

export type Expr = Literal | Identifier | FieldAccess | Lookup | Call | Unary | Binary | Membership | MissingTest | Quantifier | CountExpr | SumExpr | Paren;

export type Literal =
  | { kind: "string"; value: string; span: Span }
  /** digits as written; may be a number or a code, the checker decides */
  | { kind: "integer"; text: string; span: Span }
  /** "$25.00" → text "25.00" */
  | { kind: "money"; text: string; span: Span }
  /** "20%" → text "20" */
  | { kind: "percent"; text: string; span: Span }
  | DateLit
  | { kind: "duration"; amount: string; unit: "days" | "months" | "years"; span: Span }
  | { kind: "code"; text: string; span: Span }
  | { kind: "boolean"; value: boolean; span: Span };

export interface DateLit {
  kind: "date";
  text: string; // YYYY-MM-DD as written
  span: Span;
}

export interface Identifier {
  kind: "ident";
  name: string;
  span: Span;
}

export interface FieldAccess {
  kind: "field";
  object: Expr;
  field: Name;
  span: Span;
}

/** `ptp[other.code, line.code] on line.serviceDate` */
export interface Lookup {
  kind: "lookup";
  table: Name;
  keys: Expr[];
  on?: Expr;
  span: Span;
}

export interface Call {
  kind: "call";
  fn: Name;
  args: Expr[];
  span: Span;
}

export interface Unary {
  kind: "unary";
  op: "not" | "-";
  operand: Expr;
  span: Span;
}

export type BinaryOp = "or" | "and" | "=" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "matches";

export interface Binary {
  kind: "binary";
  op: BinaryOp;
  left: Expr;
  right: Expr;
  span: Span;
}

/** `x in S`, `x not in S`; S is an inline code set or an expression (valueset, list, one-key table) */
export interface Membership {
  kind: "in";
  negated: boolean;
  element: Expr;
  set: CodeSetLit | Expr;
  /** `x in procedures on line.serviceDate` for a dated table */
  on?: Expr;
  span: Span;
}

/** `x is missing`, `x is not missing` */
export interface MissingTest {
  kind: "missing";
  negated: boolean;
  operand: Expr;
  span: Span;
}

/** `any o in claim.lines where …`, `no h in history where …` */
export interface Quantifier {
  kind: "quantifier";
  quantifier: "any" | "no";
  variable: Name;
  collection: Expr;
  where?: Expr;
  span: Span;
}

export interface CountExpr {
  kind: "count";
  variable: Name;
  collection: Expr;
  where?: Expr;
  span: Span;
}

export interface SumExpr {
  kind: "sum";
  body: Expr;
  variable: Name;
  collection: Expr;
  where?: Expr;
  span: Span;
}

/** kept so the printer reproduces the author's parentheses */
export interface Paren {
  kind: "paren";
  inner: Expr;
  span: Span;
}
