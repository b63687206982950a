// Tests for src/model/order.ts: historyInOrder answers exactly whether compareHistory would leave
// a history as it is (its shortcuts compare the keys one at a time).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compareHistory, historyInOrder } from "../../src/model/order.js";
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
