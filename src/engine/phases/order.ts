// Phase 1's built-in step: the order of benefits. When the ruleset has precedence rules and the
// member has coverage under other plans on a line's date, this plan's place among them is
// decided pair by pair (grammar/SEMANTICS.md §8): a plan that pays after others needs their
// payments on the claim (`claim.priorPayers`), or the line is denied CO-22.
import type { PrecedenceCheck } from "../../runtime/evaluator.js";
import { FactLog } from "../../runtime/facts.js";
import type { Coverage } from "../../model/types.js";
import { deny, pend, OTHER_PAYER_FIRST, PENDING_REVIEW, type ClaimState, type LineState } from "../state.js";

/** how one other coverage stands against this plan's: which pays first, and by which rule */
export interface Comparison {
  other: Coverage;
  /** true: the other plan pays first; false: this plan does; null: no rule decides */
  otherFirst: boolean | null;
  rule: PrecedenceCheck["rule"] | null;
  facts: Array<{ fact: string; value: string | number | boolean | null | Array<string | number> }>;
}

export function orderBenefits(state: ClaimState): void {
  const { evaluator, context, claim, trace } = state;
  if (evaluator.precedence.length === 0 || context.otherCoverage.length === 0) return;
  for (const s of state.lines) {
    const date = s.line.serviceDate;
    const active = (c: Coverage) => c.from <= date && (c.to === null || date <= c.to);
    const mine = context.coverage.find(active);
    const others = context.otherCoverage.filter(active);
    // no coverage of this plan on the date: the eligibility rules decide the line
    if (!mine || others.length === 0) continue;
    const comparisons = others.map((other) => compare(state, s, mine, other));
    const position = 1 + comparisons.filter((c) => c.otherFirst === true).length;
    const undecided = comparisons.some((c) => c.otherFirst === null);
    const priorPayers = claim.priorPayers.length;
    const missing = position - 1 > priorPayers;
    if (missing) deny(s, OTHER_PAYER_FIRST, [], state.plan);
    else if (undecided) pend(s, PENDING_REVIEW, [], state.plan);
    trace?.benefitOrder(s, mine, comparisons, { position, of: others.length + 1, priorPayers, missing, undecided });
  }
}

/** the first precedence rule, in declaration order, that puts one of the two coverages first */
function compare(state: ClaimState, s: LineState, mine: Coverage, other: Coverage): Comparison {
  const { claim, context, trace } = state;
  for (const check of state.evaluator.precedence) {
    const otherLog = trace ? new FactLog() : null;
    const mineLog = trace ? new FactLog() : null;
    const otherFirst = check.test(claim, s.line, context, other, mine, otherLog);
    const mineFirst = check.test(claim, s.line, context, mine, other, mineLog);
    // a rule that holds both ways (or neither) does not decide this pair
    if (otherFirst === mineFirst) continue;
    return { other, otherFirst, rule: check.rule, facts: (otherFirst ? otherLog : mineLog)?.facts ?? [] };
  }
  return { other, otherFirst: null, rule: null, facts: [] };
}
