// The state of one claim while its phases run: each line's status, reason, benefit and money
// so far, and the two ways a decision may change a status (deny and pend). Phases read and
// write this state and nothing else.
import type { Phase, RulePhase } from "../common/phases.js";
import type { IrBenefit, Program, ReasonCode } from "../ir/ir.js";
import type { Claim, ClaimLine, Context } from "../model/types.js";
import type { Evaluator, LineRules } from "../runtime/evaluator.js";
import type { TraceBuilder } from "./trace.js";

export interface LineState {
  line: ClaimLine;
  /** what the evaluator keeps about the line's code: its rules, one list per phase, among it */
  rules: LineRules;
  status: "paid" | "denied" | "pended";
  reason: ReasonCode | null;
  /** the remarks of the deciding deny or pend */
  decisionRemarks: readonly string[];
  /** remarks added by `remark` and `set allowed` actions; null until the first */
  remarks: Set<string> | null;
  benefit: IrBenefit | null;
  allowedOverride: number | null;
  allowed: number;
  /** the line's money taken back, in cents, as the steps find it (see adjustmentsOf): the fee step's write-off (CO-45) … */
  writeOff: number;
  /** … and the cost share's copay (PR-3), deductible (PR-1) and coinsurance (PR-2) */
  copay: number;
  deductible: number;
  coinsurance: number;
  /**
   * the line's adjustments once coordination rewrote them, in their order; null until then. Kept
   * as numbers rather than a list of adjustment objects a line, which result building would copy:
   * it writes the result's adjustments once, from these (src/engine/result.ts)
   */
  coordinated: Adjustment[] | null;
  /** the rule or built-in step whose deny or pend gave the line its status; null while paid */
  decidedBy: Decider | null;
}

/** an adjustment of a line's payment: group, reason code, cents */
export interface Adjustment {
  group: string;
  reason: string;
  amount: number;
}

/** a rule, a benefit, or the plan (id "plan") for the built-in steps that speak for it: "pack/id" */
export interface Decider {
  readonly pack: string;
  readonly id: string;
}

export interface ClaimState {
  readonly program: Program;
  readonly evaluator: Evaluator;
  readonly claim: Claim;
  readonly context: Context;
  readonly lines: LineState[];
  /** null when the caller asked for no trace: phases then skip wording and fact reads */
  readonly trace: TraceBuilder | null;
  readonly skipPhases: ReadonlySet<RulePhase> | null;
  readonly skipRules: ReadonlySet<string> | null;
  /** money accumulator name → cents this claim adds (cost share fills it) */
  readonly moneyDeltas: Map<string, number>;
  /** authorization number → units this claim's lines took (the authorization step fills it); null until a line needs an authorization */
  authorizationUnits: Map<string, number> | null;
  /** the built-in steps with no rule of their own decide for the plan */
  readonly plan: Decider;
}

/** one step of a phase: a pure update of the claim state */
export type Step = (state: ClaimState, phase: Phase) => void;

export const NO_BENEFIT: ReasonCode = { group: "CO", carc: "204" };
export const NO_AUTHORIZATION: ReasonCode = { group: "CO", carc: "197" };
export const AUTHORIZATION_USED_UP: ReasonCode = { group: "CO", carc: "198" };
export const LIMIT_REACHED: ReasonCode = { group: "CO", carc: "119" };
export const PENDING_REVIEW: ReasonCode = { group: "CO", carc: "133" };
/** another payer pays first and its payment is not on the claim */
export const OTHER_PAYER_FIRST: ReasonCode = { group: "CO", carc: "22" };
/** what the payers before this plan paid, as this plan's remittance reports it */
export const PRIOR_PAYMENT: ReasonCode = { group: "OA", carc: "23" };

export const NO_REMARKS: readonly string[] = [];

export const reasonText = (r: ReasonCode): string => `${r.group}-${r.carc}`;

/** deny wins over everything but an earlier deny (grammar/SEMANTICS.md §3); true when it changed the line */
export function deny(s: LineState, reason: ReasonCode, remarks: readonly string[], by: Decider): boolean {
  if (s.status === "denied") return false;
  s.status = "denied";
  s.reason = reason;
  s.decisionRemarks = remarks;
  s.decidedBy = by;
  return true;
}

/** pend changes only a payable line; true when it changed the line */
export function pend(s: LineState, reason: ReasonCode, remarks: readonly string[], by: Decider): boolean {
  if (s.status !== "paid") return false;
  s.status = "pended";
  s.reason = reason;
  s.decisionRemarks = remarks;
  s.decidedBy = by;
  return true;
}

const planDeciders = new WeakMap<Program, Decider>();
/** the last program asked about and its decider: a host adjudicates with one program at a time, and skips the WeakMap */
let lastProgram: Program | null = null;
let lastDecider: Decider | null = null;
/** the plan as the decider of the built-in steps: "pack/plan", the ruleset's name for a pack of edits only */
export function planDecider(program: Program): Decider {
  if (program === lastProgram) return lastDecider!;
  let d = planDeciders.get(program);
  if (!d) planDeciders.set(program, (d = { pack: program.plan ? program.plan.pack : program.name, id: "plan" }));
  lastProgram = program;
  lastDecider = d;
  return d;
}

export function addRemarks(s: LineState, remarks: readonly string[]): void {
  if (remarks.length) remarks.forEach((r) => (s.remarks ??= new Set()).add(r));
}

/** the lines the built-in steps of phases 9–13 act on: not denied, not pended */
export const payable = (state: ClaimState): LineState[] => state.lines.filter((s) => s.status === "paid");

export function newLineState(line: ClaimLine, evaluator: Evaluator): LineState {
  return {
    line,
    rules: evaluator.rulesFor(line),
    status: "paid",
    reason: null,
    decisionRemarks: NO_REMARKS,
    remarks: null,
    benefit: null,
    allowedOverride: null,
    allowed: 0,
    writeOff: 0,
    copay: 0,
    deductible: 0,
    coinsurance: 0,
    coordinated: null,
    decidedBy: null,
  };
}

/**
 * A payable line's adjustments so far, in the order the result lists them: the write-off (CO-45),
 * then copay (PR-3), deductible (PR-1) and coinsurance (PR-2), each when above zero; after
 * coordination, what coordination wrote. A new list each call (coordination and tests read it).
 */
export function adjustmentsOf(s: LineState): Adjustment[] {
  if (s.coordinated !== null) return s.coordinated;
  const list: Adjustment[] = [];
  if (s.writeOff > 0) list.push({ group: "CO", reason: "45", amount: s.writeOff });
  if (s.copay > 0) list.push({ group: "PR", reason: "3", amount: s.copay });
  if (s.deductible > 0) list.push({ group: "PR", reason: "1", amount: s.deductible });
  if (s.coinsurance > 0) list.push({ group: "PR", reason: "2", amount: s.coinsurance });
  return list;
}
