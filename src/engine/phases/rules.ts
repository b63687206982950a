// A phase's rules, run on every line in declaration order: the whole of phases 1–7 and the
// rule step of phases 8–11 (grammar/SEMANTICS.md §2, §3).
import { phaseIndex, type Phase } from "../../common/phases.js";
import { FactLog } from "../../runtime/facts.js";
import type { RuleActions, RuleCheck } from "../../runtime/evaluator.js";
import type { RuleEffect } from "../trace.js";
import { addRemarks, deny, pend, type ClaimState, type LineState } from "../state.js";

export function runRules(state: ClaimState, phase: Phase): void {
  if (state.skipPhases?.has(phase as never)) return;
  const index = phaseIndex(phase);
  const { lines, skipRules, trace } = state;
  const runners = state.evaluator.phaseRunners;
  if (runners !== undefined && trace === null && skipRules === null) {
    // the evaluator's generated step: the same as runUntraced on every rule, one function for the phase
    runners[index]?.(lines, state.claim, state.context, ACTIONS);
    return;
  }
  const traced = trace !== null && skipRules === null ? state.evaluator.tracedPhaseRunner?.(index) : undefined;
  if (traced) {
    // the generated first pass lists the rules that hold, by line; each then runs with the fact
    // log, in the same order (conditions read the claim, never a line's status, so none is changed by an action)
    traced(lines, state.claim, state.context, FIRED);
    if (FIRED.length === 0) return; // most phases of most claims: no rule holds
    for (let i = 0; i < FIRED.length; i += 2) runTraced(state, phase, FIRED[i] as LineState, FIRED[i + 1] as RuleCheck);
    // emptied only when filled: setting an array's length is a call into the runtime, and most
    // phases list nothing (bench/NOTES.md, "A full trace for less")
    FIRED.length = 0;
    return;
  }
  for (let l = 0; l < lines.length; l++) {
    const s = lines[l]!;
    const checks = s.rules.phases[index]!;
    if (checks.length === 0) continue;
    s.rules.prime?.(s.line.code); // as the phase runners do: the line's code is the next table probe
    for (let k = 0; k < checks.length; k++) {
      const check = checks[k]!;
      if (skipRules?.has(`${check.rule.pack}/${check.rule.id}`)) continue;
      if (trace === null) runUntraced(state, s, check);
      else runTraced(state, phase, s, check);
    }
  }
}

/** what a phase runner does when a rule fires: runUntraced's actions (the stage driver hands them to the runners too, ../adjudicate.ts) */
export const ACTIONS: RuleActions<LineState> = {
  deny: (s, rule) => {
    if (rule.action.kind === "deny") deny(s, rule.action.reason, rule.action.remarks, rule);
  },
  pend: (s, rule) => {
    if (rule.action.kind === "pend") pend(s, rule.action.reason, rule.action.remarks, rule);
  },
  remark: (s, rule) => addRemarks(s, rule.action.remarks),
  setAllowed: (s, rule, amount) => {
    if (amount === null) return;
    s.allowedOverride = Math.max(0, amount as number);
    addRemarks(s, rule.action.remarks);
  },
};

/** a rule without a trace: a rule that cannot change the line is not evaluated, and nothing is worded */
function runUntraced(state: ClaimState, s: LineState, check: RuleCheck): void {
  const action = check.rule.action;
  switch (action.kind) {
    case "deny":
      if (s.status !== "denied" && check.test(state.claim, s.line, state.context, null)) deny(s, action.reason, action.remarks, check.rule);
      return;
    case "pend":
      if (s.status === "paid" && check.test(state.claim, s.line, state.context, null)) pend(s, action.reason, action.remarks, check.rule);
      return;
    case "remark":
      if (check.test(state.claim, s.line, state.context, null)) addRemarks(s, action.remarks);
      return;
    case "setAllowed": {
      if (s.status !== "paid" || s.allowedOverride !== null || !check.test(state.claim, s.line, state.context, null)) return;
      const amount = check.amount(state.claim, s.line, state.context, null);
      if (amount !== null) {
        s.allowedOverride = Math.max(0, amount);
        addRemarks(s, action.remarks);
      }
    }
  }
}

/**
 * The one fact log of every traced rule, emptied before each: evaluation is synchronous and never
 * re-entered, and a rule's facts are taken from it (log.facts) before the next rule runs.
 */
const SHARED_LOG = new FactLog();

/** the list a traced phase runner fills: a line's state, then a rule's check, for each rule that holds (reused: never re-entered) */
const FIRED: Array<LineState | RuleCheck> = [];

/**
 * A rule with a trace: evaluated with the fact log for the facts it read, and if it fires, its
 * action taken where it can change the line; the trace shows it either way. A traced phase
 * runner calls this only for the rules whose untraced condition held; the checks' own loop calls
 * it for every rule (an observer, such as coverage, then sees each rule evaluated once).
 */
function runTraced(state: ClaimState, phase: Phase, s: LineState, check: RuleCheck): void {
  const { claim, context, trace } = state;
  const action = check.rule.action;
  const canChange =
    action.kind === "remark" ||
    (action.kind === "deny" && s.status !== "denied") ||
    (action.kind === "pend" && s.status === "paid") ||
    (action.kind === "setAllowed" && s.status === "paid" && s.allowedOverride === null);
  const log = SHARED_LOG;
  log.rollback(0);
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
  trace?.ruleFired(s, phase, check.rule, log.facts, effect);
}
