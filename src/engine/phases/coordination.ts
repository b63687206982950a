// Phase 13: coordination of benefits. On a claim that other payers adjudicated first
// (`claim.priorPayers`), each payable line's payment becomes what the plan's method allows once
// the prior payments are counted (grammar/SEMANTICS.md §8): `standard` (NAIC model COB),
// `non_duplication`, or `medicare_secondary` (42 CFR 411.33(a)). The normal benefit is what the
// cost share left the plan to pay as primary; accumulators keep what the cost share added.
import type { CoordinationMethod } from "../../ir/ir.js";
import type { PriorPayerLine } from "../../model/types.js";
import { adjustmentsOf, payable, PRIOR_PAYMENT, type Adjustment, type ClaimState, type LineState } from "../state.js";

/** every quantity of a line's formula, for the trace */
export interface CoordinationParts {
  method: CoordinationMethod;
  charge: number;
  /** this plan's allowed amount */
  allowed: number;
  /** what this plan pays as primary: allowed less the member's cost share */
  normalBenefit: number;
  /** each prior payer's line (null: the payer did not list it) */
  priors: Array<{ payerId: string; line: PriorPayerLine | null }>;
  priorPaid: number;
  /** the terms of the method's minimum, in the method's order, each with its value */
  terms: Array<{ name: string; value: number }>;
  /** the names of the terms that equal the minimum (or "zero" when it was negative) */
  bound: string[];
  /** the most the provider collects on the line from every payer and the member together */
  collectible: number;
  /** what this plan pays */
  paid: number;
  /** what the member still owes under this plan */
  memberOwes: number;
  /** quantities the terms are built from, e.g. the allowable expense, shown before the terms */
  inputs: Array<{ name: string; value: number }>;
}

export function coordinate(state: ClaimState): void {
  const { program, claim, trace } = state;
  const plan = program.plan;
  if (!plan || claim.priorPayers.length === 0) return;
  const method = plan.coordination.method;
  for (const s of payable(state)) {
    const parts = formula(
      method,
      s,
      claim.priorPayers.map((p) => ({ payerId: p.payerId, line: p.lines.find((l) => l.lineNumber === s.line.lineNumber) ?? null })),
    );
    rewrite(s, parts);
    trace?.coordination(s, plan.coordination, parts);
  }
}

function formula(method: CoordinationMethod, s: LineState, priors: CoordinationParts["priors"]): CoordinationParts {
  const charge = s.line.charge;
  const allowed = s.allowed;
  const memberShare = adjustmentsOf(s)
    .filter((a) => a.group === "PR")
    .reduce((n, a) => n + a.amount, 0);
  const normalBenefit = allowed - memberShare;
  const listed = priors.flatMap((p) => (p.line ? [p.line] : []));
  const priorPaid = listed.reduce((n, l) => n + l.paid, 0);
  const priorAllowed = listed.length ? Math.max(...listed.map((l) => l.allowed)) : 0;
  const inputs: CoordinationParts["inputs"] = [];
  let terms: CoordinationParts["terms"];
  let collectible: number;
  switch (method) {
    case "standard": {
      // NAIC: the allowable expense is the highest allowed amount among the plans; no plan
      // recognises more than was charged
      const allowable = Math.min(charge, Math.max(allowed, priorAllowed));
      inputs.push({ name: "allowable expense (the highest allowed, at most the charge)", value: allowable });
      terms = [
        { name: "normal benefit (paid as primary)", value: normalBenefit },
        { name: "allowable expense − prior payments", value: allowable - priorPaid },
      ];
      collectible = allowable;
      break;
    }
    case "non_duplication":
      inputs.push({ name: "normal benefit (paid as primary)", value: normalBenefit });
      terms = [{ name: "normal benefit − prior payments", value: normalBenefit - priorPaid }];
      collectible = allowed;
      break;
    case "medicare_secondary": {
      // 42 CFR 411.33(a)(1): a prior payer's contractual (CO) adjustments bind the provider to
      // accept the rest of the charge as payment in full
      const accepted = listed
        .filter((l) => l.adjustments.some((a) => a.group === "CO"))
        .map((l) => charge - l.adjustments.filter((a) => a.group === "CO").reduce((n, a) => n + a.amount, 0));
      const chargeOrAccepted = Math.min(charge, ...accepted);
      const higherAllowed = Math.max(allowed, priorAllowed);
      if (accepted.length) inputs.push({ name: "amount the provider must accept in full", value: Math.min(...accepted) });
      inputs.push({ name: "higher of this plan's allowed and the prior payers'", value: higherAllowed });
      terms = [
        { name: "(1) charge or amount accepted in full − prior payments", value: chargeOrAccepted - priorPaid },
        { name: "(2) normal benefit (paid as primary)", value: normalBenefit },
        { name: "(3) higher allowed − prior payments", value: higherAllowed - priorPaid },
      ];
      collectible = Math.min(chargeOrAccepted, higherAllowed);
      break;
    }
  }
  const lowest = Math.min(...terms.map((t) => t.value));
  const paid = Math.max(0, lowest);
  const bound = lowest < 0 ? ["zero"] : terms.filter((t) => t.value === lowest).map((t) => t.name);
  const memberOwes = Math.min(memberShare, Math.max(0, collectible - priorPaid - paid));
  return { method, charge, allowed, normalBenefit, priors, priorPaid, terms, bound, collectible, paid, memberOwes, inputs };
}

/**
 * The line's adjustments after coordination: OA-23 for the prior payments, the member's cost
 * share cut to what the member still owes (copay first, then deductible, then coinsurance, the
 * order it was taken in), and CO-45 for the rest of the charge, so that the line balances.
 */
function rewrite(s: LineState, parts: CoordinationParts): void {
  let owed = parts.memberOwes;
  const share: Adjustment[] = [];
  for (const a of adjustmentsOf(s)) {
    if (a.group !== "PR") continue;
    const amount = Math.min(a.amount, owed);
    owed -= amount;
    if (amount > 0) share.push({ ...a, amount });
  }
  const writeOff = parts.charge - parts.paid - parts.priorPaid - parts.memberOwes;
  const adjustments: Adjustment[] = [];
  if (writeOff > 0) adjustments.push({ group: "CO", reason: "45", amount: writeOff });
  if (parts.priorPaid > 0) adjustments.push({ group: PRIOR_PAYMENT.group, reason: PRIOR_PAYMENT.carc, amount: parts.priorPaid });
  s.coordinated = [...adjustments, ...share];
}
