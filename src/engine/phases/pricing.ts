// Phase 11's built-in step, after the phase's rules: allowed = min(billed, a rule's `set
// allowed` or fee × units), the rest written off as CO-45; no fee → pend to price by hand.
import { pend, PENDING_REVIEW, type ClaimState } from "../state.js";

export function price(state: ClaimState): void {
  const { evaluator, trace } = state;
  // the payable lines, in a loop rather than a filtered copy (pricing a line changes no other line's status)
  for (const s of state.lines) {
    if (s.status !== "paid") continue;
    const line = s.line;
    const fee = s.allowedOverride === null ? evaluator.fee(line.code, s.rules) : null;
    if (s.allowedOverride === null && fee === null) {
      pend(s, PENDING_REVIEW, [], state.plan);
      trace?.unpriced(s);
      continue;
    }
    const amount = s.allowedOverride ?? fee! * line.units;
    s.allowed = Math.min(line.charge, amount);
    const writeOff = line.charge - s.allowed;
    if (writeOff > 0) s.writeOff = writeOff;
    trace?.priced(s, fee, amount, writeOff);
  }
}
