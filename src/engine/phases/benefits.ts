// Phase 8's built-in step: every line not denied gets the first benefit that covers it
// (grammar/SEMANTICS.md §4); none → CO-204, and a ruleset with no plan pends every line.
import { deny, pend, NO_BENEFIT, PENDING_REVIEW, type ClaimState } from "../state.js";

export function findBenefits(state: ClaimState): void {
  const { program, evaluator, claim, context, trace } = state;
  for (const s of state.lines) {
    if (s.status === "denied") continue;
    const benefit = program.plan ? evaluator.benefitFor(claim, s.line, context, s.rules) : null;
    if (benefit) s.benefit = benefit;
    else if (program.plan) deny(s, NO_BENEFIT, [], state.plan);
    else pend(s, PENDING_REVIEW, [], state.plan);
    if (!trace) continue;
    if (benefit) trace.benefitFound(s, benefit);
    else trace.noBenefit(s);
  }
}
