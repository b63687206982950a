// The contract between the engine and an evaluator. The engine (src/engine) decides what
// happens to a line; an evaluator (the reference interpreter in src/eval, the compiled one in
// src/compile) answers the questions the rules ask. Neither side imports the other.
import type { IrBenefit, IrExpr, IrPrecedence, IrRule, Value } from "../ir/ir.js";
import type { Claim, ClaimLine, Context, Coverage } from "../model/types.js";
import type { FactLog } from "./facts.js";

/** A rule as an evaluator prepared it: its condition and its `set allowed` amount, ready to run. */
export interface RuleCheck {
  rule: IrRule;
  /** the rule's position in the program's rules (what a phase runner knows it by) */
  index: number;
  /** whether the rule's condition holds for the line; reads are recorded in `log` when given */
  test(claim: Claim, line: ClaimLine, context: Context, log: FactLog | null): boolean;
  /** the amount of a `set allowed` action, in cents (null when missing) */
  amount(claim: Claim, line: ClaimLine, context: Context, log: FactLog | null): number | null;
}

/** What an evaluator keeps about a line's code: looked up once per line and held on its state. */
export interface LineRules {
  /**
   * the rules that may fire for the line, one list per phase in the order of PHASES
   * (src/common/phases.ts), each in evaluation order; an index may leave out rules that cannot fire
   */
  readonly phases: ReadonlyArray<readonly RuleCheck[]>;
  /** before the line's rules run: makes its code the last key probed in the tables it keys (optional) */
  prime?(code: string): void;
}

/** A precedence rule of the order of benefits, ready to run on a pair of coverages. */
export interface PrecedenceCheck {
  rule: IrPrecedence;
  /** whether, by this rule, `first` pays before `second`; reads are recorded in `log` when given */
  test(claim: Claim, line: ClaimLine, context: Context, first: Coverage, second: Coverage, log: FactLog | null): boolean;
}

/** What differs between the reference interpreter and the compiled evaluator. */
export interface Evaluator {
  /** what the evaluator keeps about the line's code, its rules among it */
  rulesFor(line: ClaimLine): LineRules;
  /** the first benefit covering the line (`rules`: what rulesFor gave for it, where the caller has it) */
  benefitFor(claim: Claim, line: ClaimLine, context: Context, rules?: LineRules): IrBenefit | null;
  /** the fee-schedule amount per unit for a procedure code (`rules`: what rulesFor gave for a line of the code) */
  fee(code: string, rules?: LineRules): number | null;
  /** the program's precedence rules, in declaration order */
  precedence: readonly PrecedenceCheck[];
  /**
   * Optional, one per phase of PHASES: runs the phase's rules on every line without a trace,
   * as the engine's untraced rule step would one rule at a time (null: the phase has no rules).
   * Absent: the engine runs the checks of `rulesFor` itself.
   */
  phaseRunners?: ReadonlyArray<PhaseRunner | null>;
  /**
   * Optional: the traced counterpart of a phase runner for the phase at this index of PHASES
   * (made on first use; null: the phase has no rules, or none can be made). Absent or null: the
   * engine tests the checks of `rulesFor` itself.
   */
  tracedPhaseRunner?(phase: number): TracedPhaseRunner | null;
}

/** what a phase runner reads of a line's state: the engine's LineState is one */
export interface RuleLine {
  readonly line: ClaimLine;
  /** what `rulesFor` gave for this line */
  readonly rules: LineRules;
  readonly status: "paid" | "denied" | "pended";
  readonly allowedOverride: number | null;
}

/**
 * The engine's actions, which a phase runner calls when a rule fires. A runner evaluates a rule
 * only where its action can change the line, as the engine's untraced step does
 * (src/engine/phases/rules.ts): deny unless denied, pend and set allowed on a paid line (set
 * allowed only once), remark always.
 */
export interface RuleActions<L extends RuleLine = RuleLine> {
  deny(s: L, rule: IrRule): void;
  pend(s: L, rule: IrRule): void;
  remark(s: L, rule: IrRule): void;
  /** the rule's `set allowed` amount (cents, or null when missing) */
  setAllowed(s: L, rule: IrRule, amount: Value): void;
}

/** runs one phase's rules on the lines, in line order, each line's rules in evaluation order */
export type PhaseRunner = <L extends RuleLine>(lines: readonly L[], claim: Claim, context: Context, actions: RuleActions<L>) => void;

/**
 * runs one phase's rules on the lines, in line order, each line's rules in evaluation order, each
 * rule's untraced condition on every line whatever its status (a trace shows a rule that fires
 * even where it cannot change the line), and pushes the line's state and the rule's check onto
 * `fired` for each rule whose condition holds: the engine then runs those again with a fact log.
 */
export type TracedPhaseRunner = <L extends RuleLine>(lines: readonly L[], claim: Claim, context: Context, fired: Array<L | RuleCheck>) => void;

/**
 * Sees every expression an evaluator evaluates, with its value (rule and branch coverage).
 * Given when the evaluator is built, so an observed evaluator and a plain one never share state;
 * an observed evaluator evaluates every expression it would in the reference interpreter.
 */
export interface ExprObserver {
  observe(expr: IrExpr, value: Value): void;
}

export interface EvaluatorOptions {
  observer?: ExprObserver;
}
