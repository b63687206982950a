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
import { orderBenefits } from "./phases/order.js";
import { coordinate } from "./phases/coordination.js";

export interface Stage {
  phase: Phase;
  steps: readonly Step[];
}

export const STAGES: readonly Stage[] = [
  // the order of benefits comes first, so a line another payer should pay is CO-22 before anything else
  { phase: "eligibility", steps: [orderBenefits, runRules] },
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
  // after the cost share: the normal benefit is what coordination starts from
  { phase: "coordination", steps: [coordinate] },
];
