// Generates, per phase, the untraced rule step of a pack as one function (a PhaseRunner of
// src/runtime/evaluator.ts): for each line, the rules that can fire for its code, in evaluation
// order, their conditions written out in place, each guarded as the engine's untraced step
// guards it (src/engine/phases/rules.ts). No closure is called per rule: a rule costs its guard
// and its condition.
//
// Safety, as in ./codegen.ts: the text is made of this file's and codegen.ts's fixed fragments
// and integers; the rules themselves, the status words and every value are constants (K[n]).
// test/compile/codegen.test.ts holds the generated text to that vocabulary.
import { CLAIM_SLOT, CONTEXT_SLOT, LINE_SLOT } from "../common/slots.js";
import { PHASES } from "../common/phases.js";
import type { IrExpr, IrRule } from "../ir/ir.js";
import type { Table } from "../ir/table.js";
import { EMPTY, type Frame, type TableIndex } from "./closures.js";
import { factoryOf, Generator, helpersOf, int, type Scope } from "./codegen.js";
import type { Claim, Context } from "../model/types.js";
import type { PhaseRunner, RuleActions, RuleLine } from "../runtime/evaluator.js";

/** a condition longer than this (in generated characters) becomes a function of its own */
const INLINE_CONDITION = 2_000;
/** past this many generated characters in a runner, conditions become functions (V8 optimises a runner only up to a size) */
const INLINE_BUDGET = 40_000;

/** writes one rule's `case` of a runner; `condition` writes an expression in place (or as a call) */
export type RuleCase = (rule: IrRule, condition: (expr: IrExpr) => string) => string;

/**
 * The source of a runner over the rules at `indices` (positions in `rules`, all of one phase):
 * `function (lines, claim, context, A)`, reading the frame `f`. It first hands the claim's line
 * states to the pair probes (their code records answer, see PairHash in ./closures.ts); for each
 * line it primes the line's code record and goes through the rules of that code in evaluation order, each rule's `case`
 * written by `ruleCase`; `prelude` writes what the runner declares first. `name` is the runner's
 * one-letter prefix (a fixed fragment, so stack traces tell runners apart).
 */
export function runnerSource(
  rules: readonly IrRule[],
  phase: number,
  indices: readonly number[],
  name: "r" | "t",
  ruleCase: (g: Generator) => RuleCase,
  bind?: (table: Table) => unknown,
  prelude: (g: Generator) => string = () => "",
): { source: string; constants: unknown[] } {
  const g = new Generator(bind);
  let inlined = 0;
  /** the temporaries of the conditions written in place: each is done with its own before the next starts, so they share */
  const temps: Scope = { temps: 0 };
  /** a condition as an expression of the runner, or a call of a function of its own */
  const condition = (expr: IrExpr): string => {
    const own = g.inScope(() => g.expr(expr));
    if (own.code.length <= INLINE_CONDITION && inlined + own.code.length <= INLINE_BUDGET) {
      inlined += own.code.length;
      temps.temps = Math.max(temps.temps, own.scope.temps);
      return own.code;
    }
    const fn = `w${g.functions.length}`;
    g.functions.push(`function ${fn}(f) { ${g.declarations(own.scope)}return ${own.code}; }`);
    return `${fn}(f)`;
  };
  const { code } = g.inScope(() => {
    const declared = prelude(g);
    const write = ruleCase(g);
    const cases = indices.map((index) => `case ${int(index)}: ${write(rules[index]!, condition)} break;`);
    return (
      `${declared}H.claimLines(lines); f[${int(CLAIM_SLOT)}] = claim; f[${int(CONTEXT_SLOT)}] = context; ` +
      `for (let l = 0; l < lines.length; l++) { const s = lines[l]; const R = s.rules; const rules = R.phases[${int(phase)}]; if (rules.length === 0) continue; ` +
      `f[${int(LINE_SLOT)}] = s.line; R.prime(s.line.code); ` +
      `for (let k = 0; k < rules.length; k++) { switch (rules[k].index) { ${cases.join(" ")} } } }`
    );
  });
  const source = `"use strict"; ${g.functions.join(" ")} return function ${name}${int(phase)}(lines, claim, context, A) { ${g.declarations(temps)}${code} };`;
  return { source, constants: g.constants };
}

/**
 * The source of the untraced runner of the rules at `indices`: each rule guarded as the engine's
 * untraced step guards it, and its action called on `A` (RuleActions) when it fires.
 */
export function phaseRunnerSource(
  rules: readonly IrRule[],
  phase: number,
  indices: readonly number[],
  bind?: (table: Table) => unknown,
): { source: string; constants: unknown[] } {
  const prelude = (g: Generator) => `const DENIED = ${g.constant("denied")}, PAID = ${g.constant("paid")}; `;
  const ruleCase =
    (g: Generator): RuleCase =>
    (rule, condition) => {
      const r = g.constant(rule);
      const when = `(${condition(rule.when)}) === true`;
      switch (rule.action.kind) {
        case "deny":
          return `if (s.status !== DENIED && ${when}) A.deny(s, ${r});`;
        case "pend":
          return `if (s.status === PAID && ${when}) A.pend(s, ${r});`;
        case "remark":
          return `if (${when}) A.remark(s, ${r});`;
        case "setAllowed":
          return `if (s.status === PAID && s.allowedOverride === null && ${when}) A.setAllowed(s, ${r}, ${condition(rule.action.amount)});`;
      }
    };
  return runnerSource(rules, phase, indices, "r", ruleCase, bind, prelude);
}

/**
 * A runner per phase (null for a phase without rules), over the evaluator's shared frame; null
 * altogether where the host forbids generating code (the engine then runs the rule checks).
 */
export function phaseRunners(rules: readonly IrRule[], tables: TableIndex, frame: Frame): Array<PhaseRunner | null> | null {
  const runners: Array<PhaseRunner | null> = [];
  for (let p = 0; p < PHASES.length; p++) {
    const indices = rules.flatMap((r, i) => (r.phase === PHASES[p] ? [i] : []));
    if (indices.length === 0) {
      runners.push(null);
      continue;
    }
    const { source, constants } = phaseRunnerSource(rules, p, indices, (table) => tables.build(table));
    const factory = factoryOf(source, true);
    if (factory === null) return null;
    runners.push(factory(constants, helpersOf(tables), EMPTY, frame) as PhaseRunner);
  }
  return runners;
}

/** one step of the engine's stages for a driver: a phase's rules (its runner, when it has one) or a built-in step called with its phase */
export type DriverItem<S> = { kind: "rules"; phase: number } | { kind: "step"; step: (state: S, phase: never) => void; phase: unknown };

/** what a driver is given: the claim state, its lines, claim and context, the phase runners by phase index, and the runners' actions */
export type StageDriver<S, L extends RuleLine> = (
  state: S,
  lines: L[],
  claim: Claim,
  context: Context,
  runners: ReadonlyArray<PhaseRunner | null>,
  actions: RuleActions<L>,
) => void;

/**
 * The engine's stages as one generated function: each built-in step and each phase's runner
 * called in `items`' order from a call site of its own, where a loop over the steps calls them all
 * from one (src/engine/adjudicate.ts runs it untraced with nothing skipped). The text is this
 * function's fixed fragments and integers; steps and phases are constants (K[n]). Null where the
 * host forbids generating code (the engine then runs its loop).
 */
export function stageDriver<S, L extends RuleLine>(items: ReadonlyArray<DriverItem<S>>): StageDriver<S, L> | null {
  const { source, constants } = stageDriverSource(items);
  const factory = factoryOf(source, false);
  return factory === null ? null : (factory(constants, undefined as never, EMPTY, null) as StageDriver<S, L>);
}

/** the source of stageDriver's function and its constants: each built-in step and its phase, by index */
export function stageDriverSource<S>(items: ReadonlyArray<DriverItem<S>>): { source: string; constants: unknown[] } {
  const constants: unknown[] = [];
  const declared: string[] = [];
  const body: string[] = [];
  items.forEach((item, n) => {
    if (item.kind === "rules") {
      body.push(`const r${int(n)} = R[${int(item.phase)}]; if (r${int(n)} != null) r${int(n)}(lines, claim, context, A);`);
      return;
    }
    declared.push(`const s${int(n)} = K[${int(constants.length)}], p${int(n)} = K[${int(constants.length + 1)}];`);
    constants.push(item.step, item.phase);
    body.push(`s${int(n)}(state, p${int(n)});`);
  });
  return { source: `"use strict"; ${declared.join(" ")} return function d(state, lines, claim, context, R, A) { ${body.join(" ")} };`, constants };
}
