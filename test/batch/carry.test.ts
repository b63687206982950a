// Carrying a member's state from one claim to the next (src/batch/carry.ts): the carried history
// is merged into the claim's own, in the order a full sort of both would give.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { addEffect, advanceState, applyState, claimEffect, emptyState, mergeHistory } from "../../src/batch/carry.js";
import { parseClaim, parseContext } from "../../src/model/schemas.js";
import { shippedPack } from "../support/packs.js";
import { generatedLines } from "../cli/batch-support.js";
import { compareHistory } from "../../src/model/order.js";
import type { Claim, Context, HistoryEntry, Result } from "../../src/model/types.js";
import type { Program } from "../../src/ir/ir.js";

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

describe("the carried history, claim after claim", () => {
  const contextWith = (history: HistoryEntry[]) =>
    ({ asOf: 20_460, coverage: [], otherCoverage: [], accumulators: {}, rawAccumulators: {}, authorizations: [], history }) as unknown as Context;

  it("each claim's history is the stable sort of its own and all carried entries, as advanceState adds them claim after claim", () => {
    const program = { accumulators: [] } as unknown as Program;
    // a claim's paid lines (few values, so they often tie with the context's entries and each other)
    const paidClaim = fc.record({
      id: fc.constantFrom("C-1", "C-2", "C-10"),
      npi: fc.constantFrom("1234567893", "5051275498"),
      lines: fc.array(
        fc.record({
          serviceDate: fc.integer({ min: 20_450, max: 20_454 }),
          code: fc.constantFrom("99213", "97110", "G0463"),
          modifiers: fc.array(fc.constantFrom("25", "GP", "59"), { maxLength: 2 }),
          paid: fc.boolean(),
        }),
        { maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(entry, { maxLength: 6 }), paidClaim), { maxLength: 8 }), (claims) => {
        const state = emptyState();
        const given: Array<{ list: readonly HistoryEntry[]; copy: HistoryEntry[] }> = [];
        for (const [own, paid] of claims) {
          const applied = applyState(contextWith(own), state);
          const expected = [...own, ...state.history].sort(compareHistory);
          if (state.history.length === 0 && state.deltas.size === 0) expect(applied.history).toBe(own);
          else {
            expect(applied.history.length).toBe(expected.length);
            // the same objects in the same places
            applied.history.forEach((h, i) => expect(h).toBe(expected[i]));
          }
          given.push({ list: applied.history, copy: [...applied.history] });
          const lines = paid.lines.map((l, i) => ({ lineNumber: i + 1, serviceDate: l.serviceDate, code: l.code, modifiers: l.modifiers }));
          const claim = { id: paid.id, provider: { npi: paid.npi }, lines } as unknown as Claim;
          const result = {
            accumulators: {},
            lines: paid.lines.map((l, i) => ({ lineNumber: i + 1, status: l.paid ? "paid" : "denied" })),
          } as unknown as Result;
          advanceState(state, program, claim, result, new Map());
        }
        // later claims change no list an earlier claim was given
        for (const g of given) expect([...g.list]).toEqual(g.copy);
      }),
      { numRuns: 500 },
    );
  });

  it("a state changed by hand, or whose list was replaced after advanceState, is merged from its list", () => {
    const e = (claimId: string, serviceDate: number): HistoryEntry => ({
      claimId,
      serviceDate,
      code: "99213",
      modifiers: [],
      providerNpi: "1234567893",
      status: "paid",
    });
    const ctx = contextWith([]);
    const state = emptyState();
    state.history.push(e("C-2", 20_452), e("C-1", 20_451));
    expect(applyState(ctx, state).history.map((h) => h.claimId)).toEqual(["C-1", "C-2"]);
    state.history = [e("C-3", 20_453)];
    expect(applyState(ctx, state).history.map((h) => h.claimId)).toEqual(["C-3"]);
    state.history.length = 0;
    state.history.push(e("C-5", 20_455));
    state.deltas.set("x", 1);
    expect(applyState(ctx, state).history.map((h) => h.claimId)).toEqual(["C-5"]);
    // a kept sort from advanceState, then the list replaced: the new list is what counts
    const advanced = emptyState();
    const claim = {
      id: "C-7",
      provider: { npi: "1234567893" },
      lines: [{ lineNumber: 1, serviceDate: 20_457, code: "99213", modifiers: [] }],
    } as unknown as Claim;
    const paid = { accumulators: {}, lines: [{ lineNumber: 1, status: "paid" }] } as unknown as Result;
    advanceState(advanced, { accumulators: [] } as unknown as Program, claim, paid, new Map());
    expect(applyState(ctx, advanced).history.map((h) => h.claimId)).toEqual(["C-7"]);
    advanced.history = [e("C-6", 20_456)];
    expect(applyState(ctx, advanced).history.map((h) => h.claimId)).toEqual(["C-6"]);
    // the ledger's way: a state made from its own lists, without the kept sort
    const ledger = { deltas: new Map<string, number>(), history: [e("C-9", 20_459), e("C-8", 20_450)], authorizationUnits: new Map<string, number>() };
    expect(applyState(ctx, ledger).history.map((h) => h.claimId)).toEqual(["C-8", "C-9"]);
  });
});

describe("the accumulators a claim is adjudicated with", () => {
  it("are the context's own, in its order, with the carried deltas added (new names after), on a new object without a prototype", () => {
    const given = Object.assign(Object.create(null) as Record<string, number>, { out_of_pocket: 1_000, "2": 5, deductible: 250, "10": 1 });
    const context = { asOf: 20_460, coverage: [], otherCoverage: [], accumulators: given, authorizations: [], history: [] } as unknown as Context;
    const state = emptyState();
    state.deltas.set("deductible", 50).set("visits", 2).set("out_of_pocket", -100);
    const applied = applyState(context, state).accumulators;
    expect(Object.getPrototypeOf(applied)).toBeNull();
    expect(applied).not.toBe(given);
    expect(Object.entries(applied)).toEqual(
      Object.entries(Object.assign(Object.create(null), { "2": 5, "10": 1, out_of_pocket: 900, deductible: 300, visits: 2 })),
    );
    expect(Object.keys(applied)).toEqual(["2", "10", "out_of_pocket", "deductible", "visits"]);
    // the context's own object is unchanged
    expect(Object.entries(given)).toEqual([
      ["2", 5],
      ["10", 1],
      ["out_of_pocket", 1_000],
      ["deductible", 250],
    ]);
    // an object with a prototype: only its own keys, as Object.assign takes them
    const inherited = Object.assign(Object.create({ inherited: 7 }) as Record<string, number>, { own: 1 });
    const plain = applyState({ ...context, accumulators: inherited } as Context, state).accumulators;
    expect(Object.keys(plain)).toEqual(["own", "deductible", "visits", "out_of_pocket"]);
  });
});

describe("advancing a member's state", () => {
  it("advanceState adds what addEffect(claimEffect(…)) adds, in the same order, over generated claims", () => {
    const ruleset = shippedPack("demo-ppo");
    const program = ruleset.program;
    const direct = emptyState();
    const viaEffect = emptyState();
    let paidLines = 0;
    for (const text of generatedLines(23, 120)) {
      const record = JSON.parse(text) as { claim: unknown; context: unknown };
      const claim = parseClaim(record.claim);
      const context = parseContext(record.context, { accumulators: program.accumulators });
      if (!claim.ok || !context.ok) throw new Error("a generated record does not parse");
      const { result, decisions } = ruleset.adjudicateWithDecisions(claim.claim, applyState(context.context, direct));
      advanceState(direct, program, claim.claim, result, decisions.authorizationUnits);
      addEffect(viaEffect, claimEffect(program, claim.claim, result, decisions.authorizationUnits));
      paidLines += result.lines.filter((l) => l.status === "paid").length;
    }
    expect(paidLines).toBeGreaterThan(0);
    expect([...direct.deltas]).toEqual([...viaEffect.deltas]);
    expect(direct.history).toEqual(viaEffect.history);
    expect([...direct.authorizationUnits]).toEqual([...viaEffect.authorizationUnits]);
    expect(direct.deltas.size).toBeGreaterThan(0);
  });

  it("a carried entry is built as the record readers build the input's: same keys in the same order, plain prototype, its own modifier list", () => {
    const ruleset = shippedPack("demo-ppo");
    const program = ruleset.program;
    const state = emptyState();
    let read: HistoryEntry | undefined;
    for (const text of generatedLines(23, 60)) {
      const record = JSON.parse(text) as { claim: unknown; context: unknown };
      const claim = parseClaim(record.claim);
      const context = parseContext(record.context, { accumulators: program.accumulators });
      if (!claim.ok || !context.ok) throw new Error("a generated record does not parse");
      read ??= context.context.history[0];
      const { result, decisions } = ruleset.adjudicateWithDecisions(claim.claim, applyState(context.context, state));
      const before = state.history.length;
      advanceState(state, program, claim.claim, result, decisions.authorizationUnits);
      for (const h of state.history.slice(before)) {
        const line = claim.claim.lines.find((l) => l.serviceDate === h.serviceDate && l.code === h.code)!;
        expect(h.modifiers).toEqual(line.modifiers);
        expect(h.modifiers).not.toBe(line.modifiers);
      }
    }
    expect(read).toBeDefined();
    expect(state.history.length).toBeGreaterThan(0);
    for (const h of state.history) {
      expect(Object.getPrototypeOf(h)).toBe(Object.prototype);
      expect(Object.keys(h)).toEqual(Object.keys(read!));
      expect(Object.keys(h)).toEqual(["claimId", "serviceDate", "code", "modifiers", "providerNpi", "status"]);
      expect(h.status).toBe("paid");
    }
  });

  it("a paid line's history entry comes from the claim line of its number (the last of a repeated number), short claim or long", () => {
    const program = shippedPack("demo-ppo").program;
    for (const count of [3, 40]) {
      const lines = Array.from({ length: count }, (_, i) => ({ lineNumber: i % 2 === 0 ? i + 1 : 1, serviceDate: 20_450 + i, code: `C${i}`, modifiers: [] }));
      const claim = { id: "C-1", provider: { npi: "1234567893" }, lines } as unknown as Claim;
      const result = {
        accumulators: {},
        lines: [
          { lineNumber: 1, status: "paid" },
          { lineNumber: 3, status: "paid" },
          { lineNumber: 5, status: "denied" },
        ],
      } as unknown as Result;
      const state = emptyState();
      advanceState(state, program, claim, result, new Map());
      const lastOne = lines.filter((l) => l.lineNumber === 1).at(-1)!;
      expect(state.history.map((h) => h.code)).toEqual([lastOne.code, "C2"]);
      expect(state.history).toEqual(claimEffect(program, claim, result, new Map()).history);
    }
  });
});
