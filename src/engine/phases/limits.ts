// Phase 10's built-in step: benefit limits counted in visits (distinct service dates) or units,
// on top of what the member used before this claim; past the limit → CO-119.
import type { IrBenefit } from "../../ir/ir.js";
import { deny, LIMIT_REACHED, NO_REMARKS, type ClaimState, type LineState } from "../state.js";

export function checkLimits(state: ClaimState): void {
  for (const benefit of state.program.benefits) {
    if (!benefit.limit) continue;
    const count = paidLines(state.lines, benefit);
    if (count === 0) continue; // most claims: no copy
    const before = state.context.accumulators[benefit.limit.accumulator] ?? 0;
    // the payable lines of the benefit, in line order, in a list of their size (no closure a benefit)
    const lines: LineState[] = new Array(count);
    for (let i = 0, k = 0; k < count; i++) if (payableOf(state.lines[i]!, benefit)) lines[k++] = state.lines[i]!;
    if (benefit.limit.unit === "visits") countVisits(state, benefit, lines, before);
    else countUnits(state, benefit, lines, before);
  }
}

/** whether the line is payable and has the benefit */
function payableOf(s: LineState, benefit: IrBenefit): boolean {
  return s.status === "paid" && s.benefit === benefit;
}

/** how many payable lines have the benefit (a loop: no closure a claim) */
function paidLines(lines: readonly LineState[], benefit: IrBenefit): number {
  let count = 0;
  for (let i = 0; i < lines.length; i++) if (payableOf(lines[i]!, benefit)) count++;
  return count;
}

function countVisits(state: ClaimState, benefit: IrBenefit, lines: LineState[], before: number): void {
  const max = benefit.limit!.max;
  // the lines of each date, in line order, dates ascending: the list (a copy, checkLimits' own) sorted
  // in place by date — a stable sort keeps line order within a date — rather than a Map of dates,
  // a list a date and a sorted key list a claim (a claim may have thousands of dates: n log n either way)
  if (!inDateOrder(lines)) lines.sort(byServiceDate);
  let visits = 0;
  for (let i = 0; i < lines.length; ) {
    const date = lines[i]!.line.serviceDate;
    const within = before + visits < max;
    for (; i < lines.length && lines[i]!.line.serviceDate === date; i++) {
      const s = lines[i]!;
      if (!within) deny(s, LIMIT_REACHED, NO_REMARKS, benefit);
      state.trace?.limit(s, benefit, before, before + visits, within);
    }
    if (within) visits++;
  }
}

/** whether the lines' dates never go down (most claims: one date; then no sort and its work list) */
function inDateOrder(lines: readonly LineState[]): boolean {
  for (let i = 1; i < lines.length; i++) if (lines[i]!.line.serviceDate < lines[i - 1]!.line.serviceDate) return false;
  return true;
}

/** line states by service date (Array.prototype.sort is stable: equal dates keep their order) */
const byServiceDate = (a: LineState, b: LineState): number => a.line.serviceDate - b.line.serviceDate;

function countUnits(state: ClaimState, benefit: IrBenefit, lines: LineState[], before: number): void {
  const max = benefit.limit!.max;
  let units = 0;
  for (const s of lines) {
    const within = before + units + s.line.units <= max;
    if (!within) deny(s, LIMIT_REACHED, NO_REMARKS, benefit);
    state.trace?.limit(s, benefit, before, before + units, within);
    if (within) units += s.line.units;
  }
}
