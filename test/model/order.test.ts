// Tests for src/model/order.ts: historyInOrder answers exactly whether compareHistory would leave
// a history as it is (its shortcuts compare the keys one at a time); compareHistory orders as its
// first definition did, which joined the modifier lists for every comparison that got that far.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compareHistory, compareModifiers, compareText, historyInOrder } from "../../src/model/order.js";
import type { HistoryEntry } from "../../src/model/types.js";

// few values per field, so neighbours often tie on the first keys and the later ones decide
const entry: fc.Arbitrary<HistoryEntry> = fc.record({
  claimId: fc.constantFrom("C1", "C2", "C10"),
  serviceDate: fc.integer({ min: 20_000, max: 20_002 }),
  code: fc.constantFrom("99213", "97110", "G0121"),
  modifiers: fc.array(fc.constantFrom("25", "59", "GP", "5"), { maxLength: 2 }),
  providerNpi: fc.constantFrom("1234567893", "1111111112"),
  status: fc.constantFrom("paid", "denied"),
});

describe("historyInOrder", () => {
  it("is true exactly when each entry sorts at or after the one before it", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.boolean(), (xs, sortFirst) => {
        const history = sortFirst ? [...xs].sort(compareHistory) : xs;
        const expected = history.every((h, i) => i === 0 || compareHistory(history[i - 1]!, h) <= 0);
        expect(historyInOrder(history)).toBe(expected);
        if (sortFirst) expect(historyInOrder(history)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

/** compareHistory as first written: `<` and `>` on every key, the modifier lists joined */
function joinedCompare(a: HistoryEntry, b: HistoryEntry): number {
  const text = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    a.serviceDate - b.serviceDate ||
    text(a.claimId, b.claimId) ||
    text(a.code, b.code) ||
    text(a.modifiers.join(","), b.modifiers.join(",")) ||
    text(a.providerNpi, b.providerNpi) ||
    text(a.status, b.status)
  );
}

// modifiers that are prefixes of each other, hold the separator, or are empty: lists whose joined
// text ties although the lists differ (["5,9"] and ["5", "9"]), or differs only past an element
const modifier = fc.constantFrom("5", "59", "5,9", "9", "", ",", "GP", "gp", "\u00e9");
const tying: fc.Arbitrary<HistoryEntry> = fc.record({
  claimId: fc.constantFrom("C1", "C2"),
  serviceDate: fc.constant(20_000),
  code: fc.constantFrom("99213", "97110"),
  modifiers: fc.array(modifier, { maxLength: 3 }),
  providerNpi: fc.constantFrom("1234567893", "1111111112"),
  status: fc.constantFrom("paid", "denied"),
});

describe("compareHistory", () => {
  it("gives the sign its first definition gave, the modifier lists compared as their joined text", () => {
    fc.assert(
      fc.property(fc.oneof(tying, entry), fc.oneof(tying, entry), fc.boolean(), (a, b, copy) => {
        // a copy of an entry (equal lists, other objects): what a batch's carried entries meet
        const y = copy ? { ...a, modifiers: [...a.modifiers] } : b;
        expect(Math.sign(compareHistory(a, y))).toBe(Math.sign(joinedCompare(a, y)));
        const [p, q] = [a.modifiers.join(","), y.modifiers.join(",")];
        expect(Math.sign(compareModifiers(a.modifiers, y.modifiers))).toBe(p < q ? -1 : p > q ? 1 : 0);
      }),
      { numRuns: 5000 },
    );
    // lists that differ but join to the same text tie, as they did
    expect(compareModifiers(["5,9"], ["5", "9"])).toBe(0);
    expect(compareModifiers(["5"], ["5", ""])).toBeLessThan(0);
    expect(compareModifiers(["59"], ["5", "9"])).toBeGreaterThan(0);
  });

  it("sorts lists as the first definition did", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(tying, entry), { maxLength: 10 }), (xs) => {
        expect([...xs].sort(compareHistory)).toEqual([...xs].sort(joinedCompare));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("compareText", () => {
  it("is `<` then `>`, for strings and numbers alike (NaN equal to everything, as before)", () => {
    const value = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom("a", "ab", "b"));
    const number = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(Number.NaN));
    for (const arb of [value, number] as fc.Arbitrary<string | number>[]) {
      fc.assert(
        fc.property(arb, arb, (x, y) => {
          expect(compareText(x, y)).toBe(x < y ? -1 : x > y ? 1 : 0);
        }),
        { numRuns: 500 },
      );
    }
  });
});
