// The reference Evaluator: every rule of a phase is tried on every line, benefits are searched
// in order, and the fee schedule is scanned row by row. Slow on purpose; obviously right.
import { PHASES } from "../syntax/ast.js";
import type { IrBenefit, IrRule, Program } from "../ir/ir.js";
import type { Evaluator, RuleCheck } from "../engine/adjudicate.js";
import { codeSetHas } from "../ir/codeset.js";
import { interpret, rootEnv, lookupRows } from "./interpret.js";

function check(rule: IrRule): RuleCheck {
  return {
    rule,
    test: (claim, line, context, log) => interpret(rule.when, rootEnv(claim, line, context), log) === true,
    amount: (claim, line, context, log) =>
      rule.action.kind === "setAllowed" ? (interpret(rule.action.amount, rootEnv(claim, line, context), log) as number | null) : null,
  };
}

export function referenceEvaluator(program: Program): Evaluator {
  const byPhase = PHASES.map((phase) => program.rules.filter((r) => r.phase === phase).map(check));
  return {
    rulesFor: () => byPhase,
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
