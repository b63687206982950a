// The orders a parsed context keeps its lists in, decided once: both parsers (./schemas.ts and
// ./fast-parse.ts) sort by them, and a batch that carries history from one claim to the next
// (src/batch/carry.ts) puts each entry where an input one would sit. Pure.
import type { Coverage, HistoryEntry } from "./types.js";

// equal first: one comparison for equal strings (history entries of one claim share most fields)
// where `<` and `>` would walk them twice
export const compareText = (a: string | number, b: string | number): number => (a === b ? 0 : a < b ? -1 : a > b ? 1 : 0);

/** coverage periods by start, then end (open last), then plan */
export const compareCoverage = (a: Coverage, b: Coverage): number =>
  a.from - b.from || (a.to ?? Infinity) - (b.to ?? Infinity) || compareText(a.planId, b.planId);

/** authorization numbers shorter first, so digit strings keep their numeric order */
export const compareAuthorizationNumber = (a: { number: string }, b: { number: string }): number =>
  a.number.length - b.number.length || compareText(a.number, b.number);

/** history by service date, then every field, so equal input gives equal order */
export function compareHistory(a: HistoryEntry, b: HistoryEntry): number {
  return (
    a.serviceDate - b.serviceDate ||
    compareText(a.claimId, b.claimId) ||
    compareText(a.code, b.code) ||
    compareModifiers(a.modifiers, b.modifiers) ||
    compareText(a.providerNpi, b.providerNpi) ||
    compareText(a.status, b.status)
  );
}

/**
 * modifier lists in the order of their comma-joined text, without joining them when they are the
 * same list element by element (an entry carried from an earlier claim of a batch is usually met
 * again in a later record's own history: everything up to here ties)
 */
export function compareModifiers(a: readonly string[], b: readonly string[]): number {
  if (a.length === b.length) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (i === a.length) return 0;
  }
  return compareText(a.join(","), b.join(","));
}

/** whether a history is already in compareHistory order (it usually is: then no sort is needed) */
export function historyInOrder(history: readonly HistoryEntry[]): boolean {
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1]!;
    const b = history[i]!;
    if (a.serviceDate < b.serviceDate) continue;
    if (a.serviceDate > b.serviceDate) return false;
    // compareHistory's next keys, each compared once: entries of one claim on one day usually
    // differ by code, and the modifiers are joined only when all before them are equal
    if (a.claimId !== b.claimId) {
      if (a.claimId > b.claimId) return false;
    } else if (a.code !== b.code) {
      if (a.code > b.code) return false;
    } else if (compareHistory(a, b) > 0) return false;
  }
  return true;
}
