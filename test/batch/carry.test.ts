// Carrying a member's state from one claim to the next (src/batch/carry.ts): the carried history
// is merged into the claim's own, in the order a full sort of both would give.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { applyState, emptyState, mergeHistory } from "../../src/batch/carry.js";
import { compareHistory } from "../../src/model/order.js";
import type { Context, HistoryEntry } from "../../src/model/types.js";

// few values per field, so entries often tie on some fields or on all of them
const entry: fc.Arbitrary<HistoryEntry> = fc.record({
  claimId: fc.constantFrom("C-1", "C-2", "C-10"),
  serviceDate: fc.integer({ min: 20_450, max: 20_454 }),
  code: fc.constantFrom("99213", "97110", "G0463"),
  modifiers: fc.array(fc.constantFrom("25", "GP", "59"), { maxLength: 2 }),
  providerNpi: fc.constantFrom("1234567893", "5051275498"),
  status: fc.constantFrom("paid", "denied"),
});
const sortedList = fc.array(entry, { maxLength: 12 }).map((xs) => xs.sort(compareHistory));

describe("carried history", () => {
  it("merging equals sorting the two lists together (stable: the input's entry first on a tie)", () => {
    fc.assert(
      fc.property(fc.oneof(sortedList, fc.array(entry, { maxLength: 12 })), fc.array(entry, { maxLength: 12 }), (input, carried) => {
        const merged = mergeHistory(input, carried);
        const expected = [...input, ...carried].sort(compareHistory);
        expect(merged.length).toBe(expected.length);
        // the same objects in the same places, not only equal ones
        merged.forEach((h, i) => expect(h).toBe(expected[i]));
        expect(merged).not.toBe(input);
        expect(merged).not.toBe(carried);
      }),
      { numRuns: 500 },
    );
  });

  it("applyState gives a new history list, which later claims of the member do not change", () => {
    const state = emptyState();
    const first: HistoryEntry = { claimId: "C-1", serviceDate: 20_451, code: "99213", modifiers: [], providerNpi: "1234567893", status: "paid" };
    state.history.push(first);
    const context = {
      asOf: 20_460,
      coverage: [],
      otherCoverage: [],
      accumulators: {},
      rawAccumulators: {},
      authorizations: [],
      history: [],
    } as unknown as Context;
    const applied = applyState(context, state);
    expect(applied.history).toEqual([first]);
    state.history.push({ ...first, claimId: "C-2" });
    expect(applied.history).toEqual([first]);
  });
});
