// `any r in T[k] where x matches r.col` (and `no`) answered without walking the rows' pattern
// strings: the first time a key's rows are asked, their patterns are split once into the exact
// codes (a Set) and the prefixes of the `*` patterns (by length, a Set of prefixes for each),
// kept on the key's entry in the table's index (./closures.ts Entry, which lives as long as the
// index); a probe is then one Set lookup and one per prefix length. The answer is
// runtime/values.ts matchesPattern's over the rows: a code that is no string, a short list, a
// list filtered by date (not the entry's own) or a pattern that is no string take the plain walk.
import type { Value } from "../ir/ir.js";
import type { Row } from "../ir/table.js";
import { matchesPattern } from "../runtime/values.js";
import type { BoundTable } from "./closures.js";

/** a key's patterns of one column, split: exact codes, and the `*` patterns' prefixes by length */
interface Split {
  column: string;
  /** false when a pattern is no string: the walk answers */
  ok: boolean;
  exact: Set<string>;
  /** the prefix lengths present, ascending, and a Set of prefixes for each, in the same order */
  lengths: number[];
  prefixes: Set<string>[];
}

/** lists shorter than this are walked: a split would cost more than it saves */
export const SPLIT_FROM = 4;

/** `matches` against one table column's patterns */
export class PatternIndex {
  constructor(private readonly column: string) {}

  /** whether `code` matches the column's pattern of any of `rows`, which `table.rowsKept` just gave */
  any(table: BoundTable, rows: readonly Row[], code: Value): boolean {
    if (typeof code !== "string" || rows.length < SPLIT_FROM) return this.walk(rows, code);
    const entry = table.kept;
    // only the entry's own list (a dated key's rows filtered by day are a list of their own)
    if (entry === null || entry.rows !== rows) return this.walk(rows, code);
    let split = entry.patterns as Split | null;
    if (split === null) entry.patterns = split = this.split(rows);
    if (!split.ok || split.column !== this.column) return this.walk(rows, code);
    if (split.exact.has(code)) return true;
    const { lengths, prefixes } = split;
    for (let k = 0; k < lengths.length; k++) {
      const n = lengths[k]!;
      if (n > code.length) break;
      if (prefixes[k]!.has(n === code.length ? code : code.slice(0, n))) return true;
    }
    return false;
  }

  /** the plain walk, as the loop over the rows would (every value as matchesPattern takes it) */
  private walk(rows: readonly Row[], code: Value): boolean {
    const column = this.column;
    for (let i = 0; i < rows.length; i++) if (matchesPattern(code, rows[i]![column] ?? null)) return true;
    return false;
  }

  /** the rows' patterns split */
  private split(rows: readonly Row[]): Split {
    const exact = new Set<string>();
    const byLength = new Map<number, Set<string>>();
    let ok = true;
    for (const row of rows) {
      const p = row[this.column] ?? null;
      if (p === null) continue; // matches nothing
      if (typeof p !== "string") ok = false;
      else if (!p.endsWith("*")) exact.add(p);
      else {
        const prefix = p.slice(0, -1);
        let set = byLength.get(prefix.length);
        if (!set) byLength.set(prefix.length, (set = new Set()));
        set.add(prefix);
      }
    }
    const lengths = [...byLength.keys()].sort((a, b) => a - b);
    return { column: this.column, ok, exact, lengths, prefixes: lengths.map((n) => byLength.get(n)!) };
  }
}
