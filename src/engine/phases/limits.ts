// Phase 10's built-in step: benefit limits counted in visits (distinct service dates) or units,
// on top of what the member used before this claim; past the limit → CO-119.
import type { IrBenefit } from "../../ir/ir.js";
import { deny, LIMIT_REACHED, type ClaimState, type LineState } from "../state.js";

export function checkLimits(state: ClaimState): void {
  for (const benefit of state.program.benefits) {
    if (!benefit.limit || !hasPaidLine(state.lines, benefit)) continue; // most claims: no copy
    const before = state.context.accumulators[benefit.limit.accumulator] ?? 0;
    const lines = state.lines.filter((s) => payableOf(s, benefit));
    if (benefit.limit.unit === "visits") countVisits(state, benefit, lines, before);
    else countUnits(state, benefit, lines, before);
  }
}

/** whether the line is payable and has the benefit */
function payableOf(s: LineState, benefit: IrBenefit): boolean {
  return s.status === "paid" && s.benefit === benefit;
}

/** whether a payable line has the benefit (a loop: no closure a claim) */
function hasPaidLine(lines: readonly LineState[], benefit: IrBenefit): boolean {
  for (let i = 0; i < lines.length; i++) if (payableOf(lines[i]!, benefit)) return true;
  return false;
}

function countVisits(state: ClaimState, benefit: IrBenefit, lines: LineState[], before: number): void {
  const max = benefit.limit!.max;
  // the lines of each date, in line order, grouped once (a claim may have thousands of dates)
  const byDate = new Map<number, LineState[]>();
  for (const s of lines) {
    const list = byDate.get(s.line.serviceDate);
    if (list) list.push(s);
    else byDate.set(s.line.serviceDate, [s]);
  }
  const dates = [...byDate.keys()].sort((x, y) => x - y);
  let visits = 0;
  for (const date of dates) {
    const within = before + visits < max;
    for (const s of byDate.get(date)!) {
      if (!within) deny(s, LIMIT_REACHED, [], benefit);
      state.trace?.limit(s, benefit, before, before + visits, within);
    }
    if (within) visits++;
  }
}

function countUnits(state: ClaimState, benefit: IrBenefit, lines: LineState[], before: number): void {
  const max = benefit.limit!.max;
  let units = 0;
  for (const s of lines) {
    const within = before + units + s.line.units <= max;
    if (!within) deny(s, LIMIT_REACHED, [], benefit);
    state.trace?.limit(s, benefit, before, before + units, within);
    if (within) units += s.line.units;
  }
}
