// Phase 9's built-in step: a payable line whose benefit `requires authorization` takes its
// units from the first matching authorization with enough left (grammar/SEMANTICS.md §4).
import type { Authorization } from "../../model/types.js";
import { deny, AUTHORIZATION_USED_UP, NO_AUTHORIZATION, type ClaimState } from "../state.js";

export function checkAuthorizations(state: ClaimState): void {
  const { claim, context, trace } = state;
  const authorizations = context.authorizations;
  for (const s of state.lines) {
    if (s.status !== "paid") continue;
    const benefit = s.benefit!;
    if (!benefit.requiresAuthorization) continue;
    // the units taken by earlier lines of this claim: made by the first line that needs an authorization
    const taken = (state.authorizationUnits ??= new Map());
    const line = s.line;
    // the authorizations that name the line's code and date (and the claim's authorization number,
    // if it has one), in their order: the first with enough units left is taken
    let matched = false;
    let chosen: Authorization | null = null;
    for (let k = 0; k < authorizations.length; k++) {
      const a = authorizations[k]!;
      if (!matches(a, claim.priorAuthorization, line.code, line.serviceDate)) continue;
      matched = true;
      if (remaining(a, taken) >= line.units) {
        chosen = a;
        break;
      }
    }
    if (!matched) {
      deny(s, NO_AUTHORIZATION, [], benefit);
      trace?.authorization(s, benefit, claim.priorAuthorization, { kind: "none" });
    } else if (chosen === null) {
      deny(s, AUTHORIZATION_USED_UP, [], benefit);
      trace?.authorization(s, benefit, claim.priorAuthorization, {
        kind: "usedUp",
        remaining: authorizations
          .filter((a) => matches(a, claim.priorAuthorization, line.code, line.serviceDate))
          .map((a) => ({ number: a.number, units: remaining(a, taken) })),
      });
    } else {
      trace?.authorization(s, benefit, claim.priorAuthorization, { kind: "authorized", number: chosen.number, remaining: remaining(chosen, taken) });
      taken.set(chosen.number, (taken.get(chosen.number) ?? 0) + line.units);
    }
  }
}

/** whether the authorization covers the code on the date, under the claim's authorization number if it names one */
function matches(a: Authorization, number: string | null, code: string, date: number): boolean {
  return (number === null || a.number === number) && a.from <= date && date <= a.to && a.codes.includes(code);
}

/** the units left of the authorization once this claim's earlier lines took theirs */
function remaining(a: Authorization, taken: ReadonlyMap<string, number>): number {
  return a.units - a.used - (taken.get(a.number) ?? 0);
}
