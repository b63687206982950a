// Phase 10's built-in step: benefit limits counted in visits (distinct service dates) or units,
// on top of what the member used before this claim; past the limit → CO-119.
import type { IrBenefit } from "../../ir/ir.js";
import { deny, LIMIT_REACHED, type ClaimState, type LineState } from "../state.js";

export function checkLimits(state: ClaimState): void {
  for (const benefit of state.program.benefits) {
    if (!benefit.limit || !hasPaidLine(state.lines, benefit)) continue; // most claims: no copy
    const before = state.context.accumulators[benefit.limit.accumulator] ?? 0;
    if (benefit.limit.unit === "visits" && state.trace === null && state.lines.length <= FEW_LINES) {
      countFewVisits(state.lines, benefit, before);
      continue;
    }
    const lines = state.lines.filter((s) => s.status === "paid" && s.benefit === benefit);
    if (benefit.limit.unit === "visits") countVisits(state, benefit, lines, before);
    else countUnits(state, benefit, lines, before);
  }
}

/** up to this many lines, a claim's visits are counted by looking back, with no lists or Map (the result's count deltas do the same) */
const FEW_LINES = 16;

/**
 * countVisits without a trace, on a few lines: dates are taken in order and each within the limit
 * is a visit, so once a date is past it every later one is too; a line's date is within exactly
 * when `before` and the distinct dates before it (among the payable lines of the benefit) stay below the limit.
 */
function countFewVisits(lines: readonly LineState[], benefit: IrBenefit, before: number): void {
  const max = benefit.limit!.max;
  // the lines past the limit, one bit each (at most FEW_LINES), found before any is denied
  let past = 0;
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i]!;
    if (!payableOf(s, benefit)) continue;
    const date = s.line.serviceDate;
    // the distinct earlier dates: each counted at its first line (in line order) of the benefit
    let earlier = 0;
    for (let j = 0; j < lines.length; j++) {
      const t = lines[j]!;
      if (!payableOf(t, benefit) || t.line.serviceDate >= date) continue;
      let first = true;
      for (let k = 0; k < j && first; k++) first = !(payableOf(lines[k]!, benefit) && lines[k]!.line.serviceDate === t.line.serviceDate);
      if (first) earlier++;
    }
    if (before + earlier >= max) past |= 1 << i;
  }
  for (let i = 0; past !== 0; i++, past >>>= 1) if (past & 1) deny(lines[i]!, LIMIT_REACHED, [], benefit);
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
