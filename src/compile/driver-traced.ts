// Generates, per phase, the first pass of the traced rule step (src/engine/phases/rules.ts): one
// function that evaluates every rule of the phase on every line with its untraced condition
// written in place, and lists each rule that holds (with its line) for the engine, which then
// evaluates it again with a fact log and records it. A trace shows only the rules that fire
// (grammar/SEMANTICS.md §3: "other rules that fired are kept in the trace only"), and
// most rules tested do not: they cost their untraced condition and no call, as in ./driver.ts.
// The runner only lists them, so that it calls nothing of the engine's; the engine then runs
// those rules in the listed order (a condition reads the claim, a line and the context, never a
// line's status, so no action taken in between changes what a later condition gives).
//
// Unlike ./driver.ts's runners, no rule is guarded by the line's status: a traced run shows a rule
// that fires even where it cannot change the line (a deny on a line already denied), so every
// rule is evaluated, and what firing does is the engine's to decide.
//
// Safety, as in ./codegen.ts: the text is made of this file's and codegen.ts's fixed fragments
// and integers; the rules themselves and every value are constants (K[n]).
// test/compile/driver-traced.test.ts holds the generated text to that vocabulary.
import type { IrRule } from "../ir/ir.js";
import type { Table } from "../ir/table.js";
import type { TracedPhaseRunner } from "../runtime/evaluator.js";
import { EMPTY, type Frame, type TableIndex } from "./closures.js";
import { factoryOf, helpersOf } from "./codegen.js";
import { type RuleCase, runnerSource } from "./driver.js";

/**
 * The source of the traced runner of the rules at `indices` (positions in `rules`, all of one
 * phase): `function (lines, claim, context, A)`, reading the frame `f`; it pushes the line's
 * state and rule check onto the list `A` for each rule whose condition holds, in evaluation order.
 */
export function tracedRunnerSource(
  rules: readonly IrRule[],
  phase: number,
  indices: readonly number[],
  bind?: (table: Table) => unknown,
): { source: string; constants: unknown[] } {
  const ruleCase = (): RuleCase => (rule, condition) => `if ((${condition(rule.when)}) === true) A.push(s, rules[k]);`;
  return runnerSource(rules, phase, indices, "t", ruleCase, bind);
}

/** the traced runner of a phase (null: the phase has no rules, or the host forbids generating code) */
export function tracedRunner(rules: readonly IrRule[], phase: number, phaseName: string, tables: TableIndex, frame: Frame): TracedPhaseRunner | null {
  const indices = rules.flatMap((r, i) => (r.phase === phaseName ? [i] : []));
  if (indices.length === 0) return null;
  const { source, constants } = tracedRunnerSource(rules, phase, indices, (table) => tables.build(table));
  const factory = factoryOf(source, true);
  return factory === null ? null : (factory(constants, helpersOf(tables), EMPTY, frame) as TracedPhaseRunner);
}
