// The compiled Evaluator: conditions as closures, tables as hash indexes, and rules indexed by
// the procedure codes they can apply to, so a line only meets the rules that could fire for it.
import type { RulePhase } from "../syntax/ast.js";
import { PHASES } from "../syntax/ast.js";
import type { IrBenefit, IrExpr, IrRule, Program } from "../ir/ir.js";
import type { Claim, ClaimLine, Context } from "../model/types.js";
import type { Evaluator } from "../engine/adjudicate.js";
import { codeSetHas } from "../ir/codeset.js";
import { compileExpr, TableIndex, type Compiled, type Frame } from "./closures.js";

interface CompiledRule {
  rule: IrRule;
  when: Compiled;
  amount: Compiled | null;
  /** the line codes for which the rule can fire; null = any code */
  codes: ReadonlySet<string> | null;
}

export function compiledEvaluator(program: Program): Evaluator {
  const tables = new TableIndex();
  program.tables.forEach((t) => tables.build(t)); // once, at load: no claim pays for it
  const compiled = new Map<IrRule, CompiledRule>();
  for (const rule of program.rules) {
    compiled.set(rule, {
      rule,
      when: compileExpr(rule.when, tables),
      amount: rule.action.kind === "setAllowed" ? compileExpr(rule.action.amount, tables) : null,
      codes: requiredCodes(rule.when, tables),
    });
  }
  const byPhase = new Map<RulePhase, CompiledRule[]>(PHASES.map((p) => [p, program.rules.filter((r) => r.phase === p).map((r) => compiled.get(r)!)]));
  const perCode = new Map<RulePhase, Map<string, IrRule[]>>(PHASES.map((p) => [p, new Map()]));

  const rulesFor = (phase: RulePhase, line: ClaimLine): readonly IrRule[] => {
    const cache = perCode.get(phase)!;
    let rules = cache.get(line.code);
    if (!rules) {
      rules = byPhase.get(phase)!.filter((c) => c.codes === null || c.codes.has(line.code)).map((c) => c.rule);
      cache.set(line.code, rules);
    }
    return rules;
  };

  const frame = (claim: Claim, line: ClaimLine, context: Context, slots: number): Frame => {
    const f: Frame = new Array(slots).fill(null);
    f[0] = claim;
    f[1] = line;
    f[2] = context;
    return f;
  };

  const benefitWhen = new Map<IrBenefit, Compiled | null>(program.benefits.map((b) => [b, b.when ? compileExpr(b.when, tables) : null]));
  const benefitsByCode = new Map<string, IrBenefit[]>();
  const benefitsFor = (code: string): IrBenefit[] => {
    let list = benefitsByCode.get(code);
    if (!list) {
      list = program.benefits.filter((b) => codeSetHas(b.codes, code));
      benefitsByCode.set(code, list);
    }
    return list;
  };

  const feeSchedule = program.plan?.feeSchedule ?? null;
  const fees = new Map<string, number>();
  if (feeSchedule) {
    // file order: the first row for a code wins, as in the reference
    for (const row of [...feeSchedule.table.rows].reverse()) fees.set(row[feeSchedule.table.keyColumns[0]] as string, row[feeSchedule.column] as number);
  }

  return {
    rulesFor,
    test: (rule, claim, line, context, log) => compiled.get(rule)!.when(frame(claim, line, context, rule.slots), log) === true,
    amount: (rule, claim, line, context, log) => {
      const amount = compiled.get(rule)!.amount;
      return amount ? (amount(frame(claim, line, context, rule.slots), log) as number | null) : null;
    },
    benefitFor: (claim, line, context) => {
      for (const b of benefitsFor(line.code)) {
        const when = benefitWhen.get(b)!;
        if (when === null || when(frame(claim, line, context, b.slots), null) === true) return b;
      }
      return null;
    },
    fee: (code) => fees.get(code) ?? null,
  };
}

/**
 * A set of codes the line's code must be in for `expr` to be true, or null when the
 * expression does not restrict it. Sound by construction: it only narrows through `and`,
 * `any`, positive set membership and lookups keyed by `line.code`.
 */
export function requiredCodes(expr: IrExpr, tables: TableIndex): Set<string> | null {
  const isLineCode = (e: IrExpr) => e.op === "field" && e.field === "code" && e.object.op === "var" && e.object.slot === 1;
  const intersect = (a: Set<string> | null, b: Set<string> | null) => (a === null ? b : b === null ? a : new Set([...a].filter((x) => b.has(x))));
  switch (expr.op) {
    case "and":
      return intersect(requiredCodes(expr.left, tables), requiredCodes(expr.right, tables));
    case "or": {
      const l = requiredCodes(expr.left, tables);
      const r = requiredCodes(expr.right, tables);
      return l && r ? new Set([...l, ...r]) : null;
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
