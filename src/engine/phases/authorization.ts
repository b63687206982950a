// Phase 9's built-in step: a payable line whose benefit `requires authorization` takes its
// units from the first matching authorization with enough left (grammar/SEMANTICS.md §4).
import type { Authorization } from "../../model/types.js";
import { deny, AUTHORIZATION_USED_UP, NO_AUTHORIZATION, type ClaimState } from "../state.js";

export function checkAuthorizations(state: ClaimState): void {
  const { claim, context, trace } = state;
  /** authorization number → units taken by earlier lines of this claim */
  const taken = state.authorizationUnits;
  const remaining = (a: Authorization) => a.units - a.used - (taken.get(a.number) ?? 0);
  // the authorizations naming each code, in their order, gathered once rather than per line
  // (and only on a claim with a line that needs one)
  let byCode: Map<string, Authorization[]> | null = null;
  for (const s of state.lines) {
    if (s.status !== "paid") continue;
    const benefit = s.benefit!;
    if (!benefit.requiresAuthorization) continue;
    byCode ??= authorizationsByCode(context.authorizations);
    const line = s.line;
    const matching = (byCode.get(line.code) ?? []).filter(
      (a) => (claim.priorAuthorization === null || a.number === claim.priorAuthorization) && a.from <= line.serviceDate && line.serviceDate <= a.to,
    );
    const chosen = matching.find((a) => remaining(a) >= line.units);
    if (matching.length === 0) {
      deny(s, NO_AUTHORIZATION, [], benefit);
      trace?.authorization(s, benefit, claim.priorAuthorization, { kind: "none" });
    } else if (!chosen) {
      deny(s, AUTHORIZATION_USED_UP, [], benefit);
      trace?.authorization(s, benefit, claim.priorAuthorization, {
        kind: "usedUp",
        remaining: matching.map((a) => ({ number: a.number, units: remaining(a) })),
      });
    } else {
      trace?.authorization(s, benefit, claim.priorAuthorization, { kind: "authorized", number: chosen.number, remaining: remaining(chosen) });
      taken.set(chosen.number, (taken.get(chosen.number) ?? 0) + line.units);
    }
  }
}

/** the authorizations naming each code, in their order */
function authorizationsByCode(authorizations: readonly Authorization[]): Map<string, Authorization[]> {
  const byCode = new Map<string, Authorization[]>();
  for (const a of authorizations) {
    for (const code of new Set(a.codes)) {
      const list = byCode.get(code);
      if (list) list.push(a);
      else byCode.set(code, [a]);
    }
  }
  return byCode;
}
