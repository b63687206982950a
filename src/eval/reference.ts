// The reference Evaluator: every rule of a phase is tried on every line, benefits are searched
// in order, and the fee schedule is scanned row by row. Slow on purpose; obviously right.
import type { RulePhase } from "../syntax/ast.js";
import type { IrBenefit, IrRule, Program } from "../ir/ir.js";
import type { Evaluator } from "../engine/adjudicate.js";
import { codeSetHas } from "../ir/codeset.js";
import { interpret, rootEnv, lookupRows } from "./interpret.js";

export function referenceEvaluator(program: Program): Evaluator {
  return {
    rulesFor: (phase: RulePhase) => program.rules.filter((r) => r.phase === phase),
    test: (rule: IrRule, claim, line, context, log) => interpret(rule.when, rootEnv(claim, line, context), log) === true,
    amount: (rule, claim, line, context, log) =>
      rule.action.kind === "setAllowed" ? (interpret(rule.action.amount, rootEnv(claim, line, context), log) as number | null) : null,
    benefitFor: (claim, line, context): IrBenefit | null =>
      program.benefits.find(
        (b) => codeSetHas(b.codes, line.code) && (b.when === null || interpret(b.when, rootEnv(claim, line, context), null) === true),
      ) ?? null,
    fee: (code) => {
      const schedule = program.plan?.feeSchedule;
      if (!schedule) return null;
      const [row] = lookupRows(schedule.table, [code], null);
      return row ? (row[schedule.column] as number) : null;
    },
  };
}
