// The reference Evaluator: every rule of a phase is tried on every line, benefits are searched
// in order, and the fee schedule is scanned row by row. Slow on purpose; obviously right.
import { PHASES } from "../common/phases.js";
import type { IrBenefit, IrRule, Program } from "../ir/ir.js";
import type { Evaluator, EvaluatorOptions, LineRules, PrecedenceCheck, RuleCheck } from "../runtime/evaluator.js";
import { codeSetHas } from "../ir/codeset.js";
import { FIRST_VARIABLE_SLOT } from "../common/slots.js";
import { interpret, rootEnv, lookupRows, bindSlot, type Run } from "./interpret.js";

export function referenceEvaluator(program: Program, options: EvaluatorOptions = {}): Evaluator {
  const observer = options.observer ?? null;
  const run = (log: Run["log"]): Run => ({ log, observer });
  const check = (rule: IrRule, index: number): RuleCheck => ({
    rule,
    index,
    test: (claim, line, context, log) => interpret(rule.when, rootEnv(claim, line, context), run(log)) === true,
    amount: (claim, line, context, log) =>
      rule.action.kind === "setAllowed" ? (interpret(rule.action.amount, rootEnv(claim, line, context), run(log)) as number | null) : null,
  });
  const rules: LineRules = { phases: PHASES.map((phase) => program.rules.flatMap((r, i) => (r.phase === phase ? [check(r, i)] : []))) };
  const precedence = program.precedence.map(
    (rule): PrecedenceCheck => ({
      rule,
      test: (claim, line, context, first, second, log) => {
        const env = bindSlot(bindSlot(rootEnv(claim, line, context), FIRST_VARIABLE_SLOT, first), FIRST_VARIABLE_SLOT + 1, second);
        return interpret(rule.when, env, run(log)) === true;
      },
    }),
  );
  return {
    precedence,
    rulesFor: () => rules,
    benefitFor: (claim, line, context): IrBenefit | null =>
      program.benefits.find(
        (b) => codeSetHas(b.codes, line.code) && (b.when === null || interpret(b.when, rootEnv(claim, line, context), run(null)) === true),
      ) ?? null,
    fee: (code) => {
      const schedule = program.plan?.feeSchedule;
      if (!schedule) return null;
      const [row] = lookupRows(schedule.table, [code], null);
      return row ? (row[schedule.column] as number) : null;
    },
  };
}
