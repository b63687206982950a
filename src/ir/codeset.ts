// A set of codes as the checker resolved it: exact codes, ranges of same-shaped codes and
// ICD-10 prefixes. Small ranges are expanded so membership is one hash probe.
import { codeInRange, expandRange } from "../model/codes.js";

export interface CodeSet {
  /** a name for traces and hover: the valueset's name or the inline text */
  name: string;
  exact: ReadonlySet<string>;
  ranges: ReadonlyArray<{ from: string; to: string }>;
  prefixes: readonly string[];
}

const EXPAND_LIMIT = 10_000;

export function makeCodeSet(name: string, items: Array<{ from: string; to?: string }>): CodeSet {
  const exact = new Set<string>();
  const ranges: Array<{ from: string; to: string }> = [];
  const prefixes: string[] = [];
  for (const item of items) {
    if (item.to !== undefined) {
      const expanded = expandRange(item.from, item.to, EXPAND_LIMIT);
      if (expanded) expanded.forEach((c) => exact.add(c));
      else ranges.push({ from: item.from, to: item.to });
    } else if (item.from.endsWith("*")) {
      prefixes.push(item.from.slice(0, -1));
    } else {
      exact.add(item.from);
    }
  }
  return { name, exact, ranges, prefixes };
}

export function codeSetHas(set: CodeSet, code: string): boolean {
  if (set.exact.has(code)) return true;
  for (const r of set.ranges) if (codeInRange(code, r.from, r.to)) return true;
  for (const p of set.prefixes) if (code.startsWith(p)) return true;
  return false;
}

export function codeSetMembers(set: CodeSet): string[] {
  return [...[...set.exact].sort(), ...set.ranges.map((r) => `${r.from}..${r.to}`), ...set.prefixes.map((p) => `${p}*`)];
}
