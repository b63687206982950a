// Adjudication of one claim: a fresh state per claim, the stages of ./stages.ts in order, then
// the result. Driven by either evaluator through the contract in src/runtime/evaluator.ts.
// Pure: no clock, no I/O.
import type { Program } from "../ir/ir.js";
import type { Claim, Context, Result } from "../model/types.js";
import type { Evaluator } from "../runtime/evaluator.js";
import { STAGES } from "./stages.js";
import { phaseIndex, type RulePhase } from "../common/phases.js";
import { stageDriver, type DriverItem } from "../compile/driver.js";
import { ACTIONS, runRules } from "./phases/rules.js";
import { TraceBuilder } from "./trace.js";
import { buildResult } from "./result.js";
import { newLineState, planDecider, type ClaimState, type LineState } from "./state.js";

export interface AdjudicateOptions {
  trace?: boolean;
  /**
   * Rules not to run: whole phases of rules, and single rules by "pack/id". Only rules are
   * skipped, never the engine's own steps (benefits, authorization, limits, pricing, cost
   * share). None by default; an estimate skips the edits that need a finished claim.
   */
  skip?: { phases?: readonly RulePhase[]; rules?: readonly string[] };
}

/** no trace, nothing skipped: the default, one object for every call */
const NO_OPTIONS: AdjudicateOptions = Object.freeze({});

export function adjudicate(program: Program, evaluator: Evaluator, claim: Claim, context: Context, options: AdjudicateOptions = NO_OPTIONS): Result {
  const state = run(newClaimState(program, evaluator, claim, context, options));
  return buildResult(program, claim, state.lines, state.moneyDeltas, state.trace?.build());
}

/** what a claim's adjudication decided, beyond its result, recorded as it ran (no trace needed) */
export interface Decisions {
  /** each line that is not paid, in line order: the rule or built-in step that decided it, "pack/id" */
  decidedBy: Array<{ lineNumber: number; rule: string | null }>;
  /** authorization number → units this claim's lines took from it */
  authorizationUnits: Map<string, number>;
}

/** the result and the decisions behind it (a batch carries authorization units to the member's next claim) */
export function adjudicateWithDecisions(
  program: Program,
  evaluator: Evaluator,
  claim: Claim,
  context: Context,
  options: AdjudicateOptions = {},
): { result: Result; decisions: Decisions } {
  const state = run(newClaimState(program, evaluator, claim, context, options));
  const result = buildResult(program, claim, state.lines, state.moneyDeltas, state.trace?.build());
  const decidedBy: Decisions["decidedBy"] = [];
  for (const s of state.lines) {
    if (s.status === "paid" || s.reason === null) continue;
    decidedBy.push({ lineNumber: s.line.lineNumber, rule: s.decidedBy ? `${s.decidedBy.pack}/${s.decidedBy.id}` : null });
  }
  return { result, decisions: { decidedBy, authorizationUnits: state.authorizationUnits ?? new Map() } };
}

/**
 * STAGES as one generated function, for the common run (untraced, nothing skipped, the evaluator's
 * phase runners): each step and runner called from a call site of its own, which V8 can inline,
 * where the loop below calls every step from one. Made once, from STAGES, when this module loads;
 * null where the host forbids generating code (the loop then runs).
 */
const DRIVER = stageDriver<ClaimState, LineState>(
  STAGES.flatMap((stage) =>
    stage.steps.map(
      (step): DriverItem<ClaimState> => (step === runRules ? { kind: "rules", phase: phaseIndex(stage.phase) } : { kind: "step", step, phase: stage.phase }),
    ),
  ),
);

function run(state: ClaimState): ClaimState {
  const runners = state.evaluator.phaseRunners;
  if (DRIVER !== null && runners !== undefined && state.trace === null && state.skipPhases === null && state.skipRules === null) {
    // what the loop does: runRules on this path is the phase's runner alone (./phases/rules.ts)
    DRIVER(state, state.lines, state.claim, state.context, runners, ACTIONS);
    return state;
  }
  for (const stage of STAGES) for (const step of stage.steps) step(state, stage.phase);
  return state;
}

/** every line payable, nothing decided yet */
export function newClaimState(program: Program, evaluator: Evaluator, claim: Claim, context: Context, options: AdjudicateOptions = NO_OPTIONS): ClaimState {
  return {
    program,
    evaluator,
    claim,
    context,
    lines: lineStates(claim, evaluator),
    trace: options.trace === true ? new TraceBuilder(program) : null,
    skipPhases: options.skip?.phases?.length ? new Set(options.skip.phases) : null,
    skipRules: options.skip?.rules?.length ? new Set(options.skip.rules) : null,
    moneyDeltas: new Map(),
    authorizationUnits: null,
    plan: planDecider(program),
  };
}

function lineStates(claim: Claim, evaluator: Evaluator): LineState[] {
  const lines = claim.lines;
  const states: LineState[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) states[i] = newLineState(lines[i]!, evaluator);
  return states;
}
