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
import { CLAIM_SLOT, CONTEXT_SLOT, LINE_SLOT } from "../common/slots.js";
import type { IrExpr, IrRule } from "../ir/ir.js";
import type { Table } from "../ir/table.js";
import type { TracedPhaseRunner } from "../runtime/evaluator.js";
import { EMPTY, type Frame, type TableIndex } from "./closures.js";
import { factoryOf, Generator, helpersOf, int, type Scope } from "./codegen.js";

/** a condition longer than this (in generated characters) becomes a function of its own (as ./driver.ts) */
const INLINE_CONDITION = 2_000;
/** past this many generated characters in a runner, conditions become functions (V8 optimises a function only up to a size) */
const INLINE_BUDGET = 40_000;

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
  const g = new Generator(bind);
  let inlined = 0;
  /** the temporaries of the conditions written in place: each is done with its own before the next starts, so they share */
  const temps: Scope = { temps: 0 };
  const condition = (expr: IrExpr): string => {
    const own = g.inScope(() => g.expr(expr));
    if (own.code.length <= INLINE_CONDITION && inlined + own.code.length <= INLINE_BUDGET) {
      inlined += own.code.length;
      temps.temps = Math.max(temps.temps, own.scope.temps);
      return own.code;
    }
    const name = `w${g.functions.length}`;
    g.functions.push(`function ${name}(f) { ${g.declarations(own.scope)}return ${own.code}; }`);
    return `${name}(f)`;
  };
  const { code } = g.inScope(() => {
    const cases = indices.map((index) => `case ${int(index)}: if ((${condition(rules[index]!.when)}) === true) A.push(s, rules[k]); break;`);
    return (
      `f[${int(CLAIM_SLOT)}] = claim; f[${int(CONTEXT_SLOT)}] = context; ` +
      `for (let l = 0; l < lines.length; l++) { const s = lines[l]; const R = s.rules; const rules = R.phases[${int(phase)}]; if (rules.length === 0) continue; ` +
      `f[${int(LINE_SLOT)}] = s.line; R.prime(s.line.code); ` +
      `for (let k = 0; k < rules.length; k++) { switch (rules[k].index) { ${cases.join(" ")} } } }`
    );
  });
  const source = `"use strict"; ${g.functions.join(" ")} return function t${int(phase)}(lines, claim, context, A) { ${g.declarations(temps)}${code} };`;
  return { source, constants: g.constants };
}

/** the traced runner of a phase (null: the phase has no rules, or the host forbids generating code) */
export function tracedRunner(rules: readonly IrRule[], phase: number, phaseName: string, tables: TableIndex, frame: Frame): TracedPhaseRunner | null {
  const indices = rules.flatMap((r, i) => (r.phase === phaseName ? [i] : []));
  if (indices.length === 0) return null;
  const { source, constants } = tracedRunnerSource(rules, phase, indices, (table) => tables.build(table));
  const factory = factoryOf(source, true);
  return factory === null ? null : (factory(constants, helpersOf(tables), EMPTY, frame) as TracedPhaseRunner);
}
