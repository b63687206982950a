// The phases of adjudication, in the one order the engine runs them (grammar/SEMANTICS.md §2).
// The engine's stage list (src/engine/stages.ts) follows this list; rules may name any phase
// but the last two, which the plan's cost-share terms and its coordination method decide alone.

export const PHASES = [
  "eligibility",
  "duplicates",
  "validity",
  "sex_age",
  "ptp",
  "mue",
  "necessity",
  "benefits",
  "authorization",
  "limits",
  "pricing",
  "cost_share",
  "coordination",
] as const;
export type Phase = (typeof PHASES)[number];

type PlanPhase = "cost_share" | "coordination";
/** the phases a rule may belong to */
export const RULE_PHASES = PHASES.filter((p): p is Exclude<Phase, PlanPhase> => p !== "cost_share" && p !== "coordination");
export type RulePhase = (typeof RULE_PHASES)[number];

/** a phase's position in PHASES (and in an evaluator's per-phase rule lists) */
export const phaseIndex = (phase: Phase): number => PHASES.indexOf(phase);
