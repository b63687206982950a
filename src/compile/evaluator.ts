// The compiled Evaluator: conditions as generated code or closures, tables as hash indexes, and rules indexed by
// the procedure codes they can apply to, so a line only meets the rules that could fire for it.
import { PHASES } from "../common/phases.js";
import type { IrBenefit, IrExpr, Program } from "../ir/ir.js";
import type { Claim, ClaimLine, Context } from "../model/types.js";
import type { Evaluator, EvaluatorOptions, LineRules, PrecedenceCheck, RuleCheck } from "../runtime/evaluator.js";
import { CLAIM_SLOT, CONTEXT_SLOT, FIRST_VARIABLE_SLOT, LINE_SLOT } from "../common/slots.js";
import { codeSetHas } from "../ir/codeset.js";
import { compileExpr, KeyRecord, TableIndex, type Compiled, type Frame, type KeyGroup } from "./closures.js";
import { generate, type Generated } from "./codegen.js";
import { generateTraced } from "./codegen-traced.js";
import { plansOf } from "./plan.js";
import { phaseRunners } from "./driver.js";
import { tracedRunner } from "./driver-traced.js";
import type { TracedPhaseRunner } from "../runtime/evaluator.js";

export interface CompileOptions extends EvaluatorOptions {
  /** generate JavaScript for evaluation, traced and untraced (default true); false keeps closures everywhere */
  codegen?: boolean;
}

export function compiledEvaluator(program: Program, options: CompileOptions = {}): Evaluator {
  // an observer sees every evaluation, as in the reference: closures only, and no rule index
  const observer = options.observer ?? null;
  const tables = new TableIndex();
  tables.buildAll(program.tables); // once, at load: no claim pays for it

  // One frame for every evaluation: evaluation is synchronous and never re-entered, and each
  // quantifier writes its slot before reading it, so nothing leaks from one rule to the next.
  const slots = Math.max(
    FIRST_VARIABLE_SLOT,
    ...program.rules.map((r) => r.slots),
    ...program.benefits.map((b) => b.slots),
    ...program.precedence.map((p) => p.slots),
  );
  const frame: Frame = new Array(slots).fill(null);
  const enter = (claim: Claim, line: ClaimLine, context: Context): Frame => {
    frame[CLAIM_SLOT] = claim;
    frame[LINE_SLOT] = line;
    frame[CONTEXT_SLOT] = context;
    return frame;
  };

  // Untraced evaluation runs generated functions (./codegen.ts), or the closures (which record
  // the facts they read when given a log) where code cannot be generated or an observer watches.
  const untraced = (expr: IrExpr, traced: Compiled): Generated =>
    (options.codegen !== false && observer === null && generate(expr, tables)) || ((f) => traced(f, null));
  // Traced evaluation runs generated functions that record facts (./codegen-traced.ts), or the
  // closures, as above. Callers generate on first traced use (so an untraced host never pays for
  // it) and then hold the function itself: a traced rule costs no wrapper call.
  const traced = (expr: IrExpr, closure: Compiled): Compiled =>
    options.codegen === false || observer !== null ? closure : ((generateTraced(expr, tables) as Compiled | null) ?? closure);
  // an observer counts every evaluation, so it gets the plain loops; others get the indexes of ./plan.ts
  const plans = observer === null ? plansOf(tables) : null;
  const compile = (expr: IrExpr) => compileExpr(expr, tables, observer, plans);

  const checks = program.rules.map((rule, index) => {
    const closure = compile(rule.when);
    const whenFast = untraced(rule.when, closure);
    // replaced by the traced function itself on first traced use
    let when: Compiled = (f, log) => (when = traced(rule.when, closure))(f, log);
    const amountClosure = rule.action.kind === "setAllowed" ? compile(rule.action.amount) : null;
    const amountFast = rule.action.kind === "setAllowed" && amountClosure ? untraced(rule.action.amount, amountClosure) : null;
    let amount: Compiled | null =
      rule.action.kind === "setAllowed" && amountClosure
        ? (f, log) => (amount = traced((rule.action as { amount: IrExpr }).amount, amountClosure))(f, log)
        : null;
    const check: RuleCheck = {
      rule,
      index,
      test: (claim, line, context, log) => (log ? when(enter(claim, line, context), log) : whenFast(enter(claim, line, context))) === true,
      amount: (claim, line, context, log) =>
        (log ? (amount ? amount(enter(claim, line, context), log) : null) : amountFast ? amountFast(enter(claim, line, context)) : null) as number | null,
    };
    return { check, codes: observer ? null : requiredCodes(rule.when, tables) };
  });
  const byPhase = PHASES.map((phase) => checks.filter((c) => c.check.rule.phase === phase));
  // one probe per line: its code's rules, benefits, fee and table record, gathered once per code
  const rulesByCode = new Map<string, CodeRules>();
  // Codes with the same rules share one list per phase, and one array of those lists: a phase
  // runner reads a line's list for its phase, and a list shared by many codes is in the cache
  // where one per code would be a cache miss per line and phase.
  const sharedPhases = new Map<string, RuleCheck[][]>();
  const sharedLists = new Map<string, RuleCheck[]>();
  const rulesFor = (line: ClaimLine): CodeRules => {
    let rules = rulesByCode.get(line.code);
    if (!rules) {
      const keys: string[] = [];
      const phases = byPhase.map((phase) => {
        const list = phase.filter((c) => c.codes === null || c.codes.has(line.code)).map((c) => c.check);
        const key = list.map((c) => c.index).join(",");
        keys.push(key);
        let shared = sharedLists.get(key);
        if (!shared) sharedLists.set(key, (shared = list));
        return shared;
      });
      const key = keys.join(";");
      let shared = sharedPhases.get(key);
      if (!shared) sharedPhases.set(key, (shared = phases));
      const group = tables.keyGroup(LINE_CODE_TYPE);
      rules = new CodeRules(shared, group, group?.records.get(line.code), group?.size ?? 0, line.code);
      rulesByCode.set(line.code, rules);
    }
    return rules;
  };

  // each benefit with its condition; a code's list is shared by every code with the same benefits (warm in the cache)
  const benefitChecks: BenefitCheck[] = program.benefits.map((b) => ({ benefit: b, when: b.when ? untraced(b.when, compile(b.when)) : null }));
  const benefitsByCode = new Map<string, BenefitCheck[]>();
  const sharedBenefits = new Map<string, BenefitCheck[]>();
  const benefitsFor = (code: string): BenefitCheck[] => {
    let list = benefitsByCode.get(code);
    if (!list) {
      const indices = program.benefits.flatMap((b, i) => (codeSetHas(b.codes, code) ? [i] : []));
      const key = indices.join(",");
      list = sharedBenefits.get(key);
      if (!list) sharedBenefits.set(key, (list = indices.map((i) => benefitChecks[i]!)));
      benefitsByCode.set(code, list);
    }
    return list;
  };

  // a precedence rule's `first` and `second` sit in the first two variable slots
  const precedence = program.precedence.map((rule): PrecedenceCheck => {
    const closure = compile(rule.when);
    const whenFast = untraced(rule.when, closure);
    let when: Compiled = (f, log) => (when = traced(rule.when, closure))(f, log);
    return {
      rule,
      test: (claim, line, context, first, second, log) => {
        const f = enter(claim, line, context);
        f[FIRST_VARIABLE_SLOT] = first;
        f[FIRST_VARIABLE_SLOT + 1] = second;
        return (log ? when(f, log) : whenFast(f)) === true;
      },
    };
  });

  const feeSchedule = program.plan?.feeSchedule ?? null;
  const fees = new Map<string, number>();
  if (feeSchedule) {
    // file order: the first row for a code wins, as in the reference
    for (const row of [...feeSchedule.table.rows].reverse()) fees.set(row[feeSchedule.table.keyColumns[0]] as string, row[feeSchedule.column] as number);
  }

  // untraced, a phase's rules run in one generated function each (./driver.ts), unless code cannot be generated
  const runners = options.codegen !== false && observer === null ? phaseRunners(program.rules, tables, frame) : null;

  // traced, each phase's rules are first tested untraced in one generated function (./driver-traced.ts),
  // made on first traced use so that an untraced host never pays for it
  const tracedRunners: Array<TracedPhaseRunner | null | undefined> = PHASES.map(() => undefined);
  const tracedPhaseRunner = (phase: number): TracedPhaseRunner | null => {
    let runner = tracedRunners[phase];
    if (runner === undefined) tracedRunners[phase] = runner = tracedRunner(program.rules, phase, PHASES[phase]!, tables, frame);
    return runner;
  };

  return {
    precedence,
    rulesFor,
    ...(runners ? { phaseRunners: runners, tracedPhaseRunner } : {}),
    benefitFor: (claim, line, context, rules) => {
      const list = rules instanceof CodeRules ? (rules.benefits ??= benefitsFor(line.code)) : benefitsFor(line.code);
      for (let i = 0; i < list.length; i++) {
        const { benefit, when } = list[i]!;
        if (when === null || when(enter(claim, line, context)) === true) return benefit;
      }
      return null;
    },
    fee: (code, rules) => {
      if (!(rules instanceof CodeRules)) return fees.get(code) ?? null;
      if (rules.fee === undefined) rules.fee = fees.get(code) ?? null;
      return rules.fee;
    },
  };
}

/** a benefit and its condition as generated code (null: no condition) */
interface BenefitCheck {
  readonly benefit: IrBenefit;
  readonly when: Generated | null;
}

/** the type of a line's code, as a table's key column names it (line.code is a procedure) */
const LINE_CODE_TYPE = "procedure";

/**
 * What the compiled evaluator keeps about one procedure code, held on each line of the code: its
 * shared table record (a KeyRecord itself, so `prime` makes it the last probe before a line's
 * rules run, ./driver.ts, with no second object to read), its rules, benefits and fee.
 */
class CodeRules extends KeyRecord implements LineRules {
  /** the benefits whose codes cover the code, in order, with their conditions (on first use) */
  benefits: BenefitCheck[] | null = null;
  /** the fee-schedule amount per unit; undefined until first asked */
  fee: number | null | undefined = undefined;

  constructor(
    readonly phases: RuleCheck[][],
    group: KeyGroup | null,
    record: ConstructorParameters<typeof KeyRecord>[1],
    size: number,
    code: string,
  ) {
    super(group, record, size, code);
  }
}

/**
 * A set of codes the line's code must be in for `expr` to be true, or null when the
 * expression does not restrict it. Sound by construction: it only narrows through `and`,
 * `any`, positive set membership and lookups keyed by `line.code`.
 */
export function requiredCodes(expr: IrExpr, tables: TableIndex): Set<string> | null {
  const isLineCode = (e: IrExpr) => e.op === "field" && e.field === "code" && e.object.op === "var" && e.object.slot === LINE_SLOT;
  const intersect = (a: Set<string> | null, b: Set<string> | null) => (a === null ? b : b === null ? a : new Set([...a].filter((x) => b.has(x))));
  switch (expr.op) {
    case "and":
    case "or": {
      // the operands of the whole chain of this operator, in a loop (a chain may be very long)
      const operands: IrExpr[] = [];
      let x: IrExpr = expr;
      while (x.op === expr.op) {
        operands.push(x.right);
        x = x.left;
      }
      operands.push(x);
      if (expr.op === "and") return operands.reduce<Set<string> | null>((acc, o) => intersect(acc, requiredCodes(o, tables)), null);
      const union = new Set<string>();
      for (const o of operands) {
        const codes = requiredCodes(o, tables);
        if (codes === null) return null;
        for (const code of codes) union.add(code);
      }
      return union;
    }
    case "inSet":
      return !expr.negated && isLineCode(expr.element) && expr.set.ranges.length === 0 && expr.set.prefixes.length === 0 ? new Set(expr.set.exact) : null;
    case "inTable":
      return !expr.negated && isLineCode(expr.element) ? tables.keyValues(expr.table, expr.table.keyColumns[0]) : null;
    case "compare":
      if (expr.cmp === "=" && !expr.lists && isLineCode(expr.left) && expr.right.op === "const") return new Set([expr.right.value as string]);
      if (expr.cmp === "=" && !expr.lists && isLineCode(expr.right) && expr.left.op === "const") return new Set([expr.left.value as string]);
      return null;
    case "any": {
      let fromCollection: Set<string> | null = null;
      if (expr.collection.op === "lookup") {
        const lookup = expr.collection;
        lookup.keys.forEach((k, i) => {
          if (isLineCode(k)) fromCollection = intersect(fromCollection, tables.keyValues(lookup.table, lookup.table.keyColumns[i]));
        });
      }
      return intersect(fromCollection, expr.where ? requiredCodes(expr.where, tables) : null);
    }
    default:
      return null;
  }
}
