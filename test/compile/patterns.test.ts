// The split patterns of a table's rows (src/compile/patterns.ts) answer `any r in rows where code
// matches r.col` as matchesPattern does row by row: exact codes, prefixes of every length (the
// whole code included), null and non-string patterns, short lists, and lists filtered by date.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PatternIndex } from "../../src/compile/patterns.js";
import type { BoundTable } from "../../src/compile/closures.js";
import type { Row } from "../../src/ir/table.js";
import { matchesPattern } from "../../src/runtime/values.js";

const CODES = ["I10", "I109", "M5450", "M545", "M54", "Z0000", "Z1211", "A00", "S83511A", "E119"];
const pattern = fc.oneof(
  fc.constantFrom(...CODES),
  fc.tuple(fc.constantFrom(...CODES), fc.nat(8)).map(([c, n]) => `${c.slice(0, Math.min(n, c.length))}*`),
  fc.constant(null),
);
const code = fc.oneof(fc.constantFrom(...CODES), fc.constantFrom("I", "", "M5", "Q99"));

/** a bound table stand-in whose kept entry is `entry` (the index reads only `kept`) */
function tableKeeping(rows: Row[]): { table: BoundTable; entry: { rows: Row[]; patterns: unknown } } {
  const entry = { rows, patterns: null as unknown };
  return { table: { kept: entry } as unknown as BoundTable, entry };
}

const walked = (rows: readonly Row[], c: string | null) => rows.some((r) => matchesPattern(c, r.p ?? null));

describe("PatternIndex", () => {
  it("answers as matchesPattern over every row, the split made once per entry", () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 30 }), fc.array(code, { minLength: 1, maxLength: 8 }), (patterns, codes) => {
        const rows: Row[] = patterns.map((p) => ({ p }));
        const { table, entry } = tableKeeping(rows);
        const index = new PatternIndex("p");
        for (const c of codes) expect(index.any(table, rows, c)).toBe(walked(rows, c));
        // lists of four rows or more are split, once, onto the entry
        if (rows.length >= 4) expect(entry.patterns).not.toBeNull();
        const split = entry.patterns;
        for (const c of codes) index.any(table, rows, c);
        expect(entry.patterns).toBe(split);
      }),
      { numRuns: 500 },
    );
  });

  it("walks a list that is not the kept entry's own (rows filtered by date), and another column's rows", () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 4, maxLength: 20 }), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), code, (patterns, keep, c) => {
        const rows: Row[] = patterns.map((p) => ({ p, q: "Z*" }));
        const { table } = tableKeeping(rows);
        const filtered = rows.filter((_, i) => keep[i]);
        const index = new PatternIndex("p");
        expect(index.any(table, rows, c)).toBe(walked(rows, c));
        expect(index.any(table, filtered, c)).toBe(walked(filtered, c));
        // the entry's split is of column p: column q is walked
        expect(new PatternIndex("q").any(table, rows, c)).toBe(rows.some((r) => matchesPattern(c, r.q ?? null)));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps matchesPattern's answer, or its error, for codes and patterns that are no strings", () => {
    const rows: Row[] = [{ p: "I10" }, { p: 7 }, { p: null }, { p: "M54*" }];
    const { table } = tableKeeping(rows);
    const index = new PatternIndex("p");
    const outcome = (f: () => boolean) => {
      try {
        return f();
      } catch (e) {
        return (e as Error).constructor.name;
      }
    };
    for (const c of [null, "I10", "M5450", "E119", 5] as const) {
      expect(outcome(() => index.any(table, rows, c))).toEqual(outcome(() => walked(rows, c as string | null)));
    }
    expect(index.any(table, rows, "I10")).toBe(true);
    expect(outcome(() => index.any(table, rows, "M5450"))).toBe("TypeError");
  });
});
