// A phase's rules, run on every line in declaration order: the whole of phases 1–7 and the
// rule step of phases 8–11 (grammar/SEMANTICS.md §2, §3).
import { phaseIndex, type Phase } from "../../common/phases.js";
import { FactLog } from "../../runtime/facts.js";
import type { RuleCheck } from "../../runtime/evaluator.js";
import type { RuleEffect } from "../trace.js";
import { addRemarks, deny, pend, type ClaimState, type LineState } from "../state.js";

export function runRules(state: ClaimState, phase: Phase): void {
  if (state.skipPhases?.has(phase as never)) return;
  const index = phaseIndex(phase);
  for (const s of state.lines) {
    for (const check of s.rules[index]!) {
      if (state.skipRules?.has(`${check.rule.pack}/${check.rule.id}`)) continue;
      runRule(state, phase, s, check);
    }
  }
}

function runRule(state: ClaimState, phase: Phase, s: LineState, check: RuleCheck): void {
  const { claim, context, trace } = state;
  const action = check.rule.action;
  const canChange =
    action.kind === "remark" ||
    (action.kind === "deny" && s.status !== "denied") ||
    (action.kind === "pend" && s.status === "paid") ||
    (action.kind === "setAllowed" && s.status === "paid" && s.allowedOverride === null);
  if (!canChange && !trace) return; // cannot change the outcome; only the trace would show it
  const log = trace ? new FactLog() : null;
  if (!check.test(claim, s.line, context, log)) return;
  let effect: RuleEffect;
  switch (action.kind) {
    case "deny":
      effect = { kind: "deny", changed: deny(s, action.reason, action.remarks, check.rule) };
      break;
    case "pend":
      effect = { kind: "pend", changed: pend(s, action.reason, action.remarks, check.rule) };
      break;
    case "remark":
      addRemarks(s, action.remarks);
      effect = { kind: "remark" };
      break;
    case "setAllowed": {
      const amount = canChange ? check.amount(claim, s.line, context, log) : null;
      if (amount !== null) {
        s.allowedOverride = Math.max(0, amount);
        addRemarks(s, action.remarks);
      }
      effect = { kind: "setAllowed", amount: amount === null ? null : s.allowedOverride };
      break;
    }
  }
  if (trace && log) trace.ruleFired(s, phase, check.rule, log.facts, effect);
}
