// The order of adjudication, read in one place: each phase of PHASES (src/common/phases.ts)
// and the steps it runs. Adding a phase is adding its module under ./phases and an entry here
// (and its name to PHASES). grammar/SEMANTICS.md §2 is the prose of this table.
import type { Phase } from "../common/phases.js";
import type { Step } from "./state.js";
import { runRules } from "./phases/rules.js";
import { findBenefits } from "./phases/benefits.js";
import { checkAuthorizations } from "./phases/authorization.js";
import { checkLimits } from "./phases/limits.js";
import { price } from "./phases/pricing.js";
import { shareCosts } from "./phases/cost-share.js";

export interface Stage {
  phase: Phase;
  steps: readonly Step[];
}

export const STAGES: readonly Stage[] = [
  { phase: "eligibility", steps: [runRules] },
  { phase: "duplicates", steps: [runRules] },
  { phase: "validity", steps: [runRules] },
  { phase: "sex_age", steps: [runRules] },
  { phase: "ptp", steps: [runRules] },
  { phase: "mue", steps: [runRules] },
  { phase: "necessity", steps: [runRules] },
  { phase: "benefits", steps: [findBenefits, runRules] },
  { phase: "authorization", steps: [checkAuthorizations, runRules] },
  { phase: "limits", steps: [checkLimits, runRules] },
  // a rule's `set allowed` must be known before the fee step prices the line
  { phase: "pricing", steps: [runRules, price] },
  { phase: "cost_share", steps: [shareCosts] },
];
