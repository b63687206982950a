// Phase 12: the member's share of each payable line — copay (PR-3), deductible (PR-1), then
// coinsurance on the rest (PR-2), each capped by the out-of-pocket room left; lines in
// line-number order share the accumulators (grammar/SEMANTICS.md §6). A tier with no
// out-of-pocket maximum leaves every step uncapped.
import { applyRate } from "../../model/money.js";
import type { Context } from "../../model/types.js";
import type { ClaimState } from "../state.js";

export function shareCosts(state: ClaimState): void {
  const { program, claim, context, moneyDeltas, trace } = state;
  const plan = program.plan;
  if (!plan) return;
  const network = claim.provider.network;
  const tier = plan.tiers[network];
  // the payable lines, in a loop rather than a filtered copy (the cost share changes no status)
  for (const s of state.lines) {
    if (s.status !== "paid") continue;
    const terms = s.benefit!.costShare[network];
    const deductibleMet = accumulated(context, moneyDeltas, tier.deductibleAccumulator);
    const outOfPocketBefore = tier.outOfPocketAccumulator === null ? null : accumulated(context, moneyDeltas, tier.outOfPocketAccumulator);
    let room = tier.outOfPocket === null || outOfPocketBefore === null ? Infinity : Math.max(0, tier.outOfPocket - outOfPocketBefore);
    let rest = s.allowed;
    const copay = Math.min(terms.copay, rest, room);
    rest -= copay;
    room -= copay;
    let deductible = 0;
    if (terms.deductible) {
      deductible = Math.min(rest, Math.max(0, tier.deductible - deductibleMet), room);
      rest -= deductible;
      room -= deductible;
    }
    const coinsurance = Math.min(applyRate(rest, terms.coinsurance), room);
    const paid = s.allowed - copay - deductible - coinsurance;
    // written where they stand: result building lists each above zero (adjustmentsOf)
    s.copay = copay;
    s.deductible = deductible;
    s.coinsurance = coinsurance;
    add(moneyDeltas, tier.deductibleAccumulator, deductible);
    if (tier.outOfPocketAccumulator !== null) add(moneyDeltas, tier.outOfPocketAccumulator, copay + deductible + coinsurance);
    trace?.costShare(s, {
      network,
      deductibleAccumulator: tier.deductibleAccumulator,
      deductibleMet,
      outOfPocketAccumulator: tier.outOfPocketAccumulator,
      outOfPocketBefore,
      copay,
      deductible,
      coinsurance,
      paid,
    });
  }
}

/** what the member has toward the accumulator: before this claim, and this claim's lines so far (functions, not closures a claim) */
function accumulated(context: Context, moneyDeltas: ReadonlyMap<string, number>, name: string): number {
  return (context.accumulators[name] ?? 0) + (moneyDeltas.get(name) ?? 0);
}

function add(moneyDeltas: Map<string, number>, name: string, amount: number): void {
  moneyDeltas.set(name, (moneyDeltas.get(name) ?? 0) + amount);
}
