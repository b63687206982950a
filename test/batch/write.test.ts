// The batch's result writer (src/batch/write.ts) against `JSON.stringify`: the bytes a batch
// writes for a record through `BatchRunner.processInto` are those of `process(...).json` and a
// newline, over generated claims of one member after another (carried state), malformed records,
// traced runs, signed rulesets, strings JSON must escape, and results whose shape the writer does
// not know (which it must hand to `JSON.stringify` rather than drop or reorder a field).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BatchRunner, parseDefaultContext } from "../../src/batch/runner.js";
import { OutputBuffer, writeResult } from "../../src/batch/write.js";
import { factsOf } from "../../src/batch/summary.js";
import { sameGroup, sortKeyOf, compareKeys } from "../../src/batch/order.js";
import type { Result } from "../../src/model/types.js";
import { shippedPack } from "../support/packs.js";
import { generatedLines } from "../cli/batch-support.js";
import { CONTEXT, officeVisit } from "./support.js";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** one office visit's record as a batch writes it: its input line, its result's fields and `decidedBy` */
function officeVisitRecord() {
  const ruleset = shippedPack("demo-ppo");
  const runner = new BatchRunner(ruleset, parseDefaultContext(ruleset, CONTEXT));
  return runner.process(JSON.stringify(officeVisit("C-1", "M-1", "2026-03-02")), 1).record as unknown as Result & {
    line: number;
    decidedBy: Array<{ lineNumber: number; rule: string | null }>;
  };
}

/** every record through two runners in step: `process` and `processInto`; the bytes and the facts compared */
function compareRunners(texts: string[], options: { trace?: boolean } = {}, context: unknown = undefined): number {
  const ruleset = shippedPack("demo-ppo");
  const a = new BatchRunner(ruleset, parseDefaultContext(ruleset, context), options);
  const b = new BatchRunner(ruleset, parseDefaultContext(ruleset, context), options);
  // the batch's processing order, so members' claims carry state from one to the next
  const keyed = texts.map((t, i) => ({ ...sortKeyOf(t, i + 1), text: t })).sort(compareKeys);
  const out = new OutputBuffer(16); // small: the buffer must grow
  let results = 0;
  let all = "";
  for (let i = 0; i < keyed.length; i++) {
    const r = keyed[i]!;
    if (i === 0 || !sameGroup(keyed[i - 1]!, r)) {
      a.startGroup();
      b.startGroup();
    }
    const expected = a.process(r.text, r.line);
    const before = out.length;
    const facts = b.processInto(r.text, r.line, -1, out);
    expect(decode(out.bytes.subarray(before, out.length))).toBe(expected.json + "\n");
    all += expected.json + "\n";
    expect(facts).toEqual(factsOf(expected.record));
    if (!facts.error) results++;
  }
  expect(decode(out.take())).toBe(all);
  expect(out.length).toBe(0);
  return results;
}

describe("the batch's result writer", () => {
  it("writes the bytes of JSON.stringify for generated claims, member after member", () => {
    const lines = generatedLines(11, 400);
    expect(compareRunners(lines)).toBe(400);
  });

  it("and for malformed records, claims without a context, and records the engine rejects", () => {
    const texts = [
      "{oops",
      JSON.stringify(officeVisit("C-1", "M-1", "2026-03-02")), // no context: an error record
      JSON.stringify({ claim: officeVisit("C-2", "M-1", "2026-03-03"), context: CONTEXT }),
      JSON.stringify({ claim: { ...officeVisit("C-3", "M-\u00e9\u2028", "2026-03-04"), id: 'C-"3"\\\u0001' }, context: CONTEXT }),
      JSON.stringify({ claim: officeVisit("C-4", "M-1", "2026-03-05"), context: CONTEXT, extra: 1 }),
      "[1,2]",
    ];
    expect(compareRunners(texts)).toBe(2);
    // with a default context the bare claims are adjudicated too
    expect(compareRunners(texts, {}, CONTEXT)).toBe(3);
  });

  it("with the trace on (written by JSON.stringify, as before)", () => {
    expect(compareRunners(generatedLines(5, 40), { trace: true })).toBe(40);
  });

  it("a result of another shape goes to JSON.stringify whole: no field dropped or moved", () => {
    const { line, decidedBy, ...result } = officeVisitRecord();
    const variants: Array<Record<string, unknown>> = [
      result,
      { ...result, ruleset: { ...result.ruleset, keyId: "k-1", signature: "c2ln" } }, // a signed artifact
      { ...result, ruleset: { ...result.ruleset, keyId: "k-1" } },
      { ...result, extra: 1 },
      Object.assign({ status: result.status }, result), // status first
      { ...result, trace: [] },
      { ...result, accumulators: { out_of_pocket: "12.50", visits: 2, "\u00e9\n": -0, x: Number.NaN, y: Number.POSITIVE_INFINITY } },
      { ...result, accumulators: { 2: "1.00", a: 1, 1: 3 } }, // integer keys come first in both
      { ...result, lines: result.lines.map((l) => ({ ...l, note: "x" })) },
      { ...result, lines: result.lines.map((l) => ({ ...l, remarks: ["N130", "\ud800"], reason: "CO-\u00e9" })) },
      { ...result, lines: result.lines.map((l) => ({ ...l, adjustments: [{ amount: "1.00", group: "CO", reason: "45" }] })) },
      { ...result, lines: result.lines.map((l) => ({ ...l, lineNumber: "1" })) },
      { ...result, totals: { ...result.totals, billed: 12 } },
      { ...result, lines: {} },
      { ...result, accumulators: null },
    ];
    const out = new OutputBuffer(8);
    for (const v of variants) {
      for (const decided of [decidedBy, [{ lineNumber: 1, rule: null }], [{ rule: "a/b", lineNumber: 1 }], [{ lineNumber: 1, rule: "a\tb" }]]) {
        out.clear();
        writeResult(out, line, v as unknown as Result, decided as never);
        expect(decode(out.view())).toBe(JSON.stringify({ line, ...v, decidedBy: decided }) + "\n");
      }
    }
  });

  it("results naming ruleset after ruleset: each one's own bytes, not the last one's", () => {
    const { line, decidedBy, ...result } = officeVisitRecord();
    const rs = result.ruleset;
    // equal text in other string objects, as a result from another run of the program holds
    const copy = (t: string) => [...t].join("");
    const rulesets: Array<Record<string, unknown>> = [
      rs,
      { ...rs },
      { name: copy(rs.name), version: copy(rs.version), hash: copy(rs.hash) },
      { ...rs, hash: `${rs.hash.slice(0, -1)}0` },
      { ...rs, version: "2026.2" },
      { ...rs, name: "other" },
      { ...rs, keyId: "k-1", signature: "c2ln" },
      { ...rs, keyId: "k-1", signature: "c2lo" },
      { ...rs, keyId: "k-2", signature: "c2lo" },
      { ...rs, keyId: "k-2", signature: "c2lo" },
      rs,
      { ...rs, hash: 7 }, // not a string: JSON.stringify writes the line
      { ...rs, hash: '\u00e9"' },
      { ...rs, hash: '\u00e9"' },
      rs,
    ];
    const out = new OutputBuffer(8);
    for (const order of [rulesets, [...rulesets].reverse()])
      for (const r of order) {
        out.clear();
        writeResult(out, line, { ...result, ruleset: r } as unknown as Result, decidedBy);
        expect(decode(out.view())).toBe(JSON.stringify({ line, ...result, ruleset: r, decidedBy }) + "\n");
      }
  });

  it("keys inherited from a prototype are not the object's own: JSON.stringify leaves them out, and so does the writer", () => {
    const { line, decidedBy, ...result } = officeVisitRecord();
    /** `o` with its keys from `from` on moved to its prototype (own keys first, then the inherited ones, in for…in) */
    const inheriting = (o: object, from: number) => {
      const entries = Object.entries(o);
      return Object.assign(Object.create(Object.fromEntries(entries.slice(from))) as object, Object.fromEntries(entries.slice(0, from)));
    };
    const line0 = result.lines[0]!;
    const variants: Array<Record<string, unknown>> = [
      { ...result, lines: [inheriting(line0, 8)] }, // remarks inherited
      { ...result, lines: [inheriting(line0, 5)] },
      { ...result, lines: [inheriting(line0, 0)] },
      { ...result, totals: inheriting(result.totals, 3) },
      { ...result, ruleset: inheriting(result.ruleset, 2) },
      { ...result, lines: [{ ...line0, adjustments: [inheriting({ group: "CO", reason: "45", amount: "1.00" }, 2)] }] },
      inheriting(result, 5), // accumulators inherited
    ];
    const out = new OutputBuffer(8);
    for (const v of variants) {
      out.clear();
      writeResult(out, line, v as unknown as Result, decidedBy);
      expect(decode(out.view())).toBe(JSON.stringify({ line, ...v, decidedBy }) + "\n");
      out.clear();
      writeResult(out, line, v as unknown as Result, [inheriting({ lineNumber: 1, rule: "a/b" }, 1)] as never);
      expect(decode(out.view())).toBe(JSON.stringify({ line, ...v, decidedBy: [{ lineNumber: 1 }] }) + "\n");
    }
  });

  it("any strings and numbers in the known shape: the bytes of JSON.stringify", () => {
    const money = fc.oneof(fc.string(), fc.constantFrom("0.00", "12.34", "-5.00"));
    const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }));
    const num = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(-0, 0, 9, 10, 99, 100, 0x7fffffff, 0x80000000, 1e21, 0.5, Number.NaN, Number.POSITIVE_INFINITY),
      fc.nat(),
    );
    const adjustment = fc.record({ group: text, reason: text, amount: money });
    const line = fc.record({
      lineNumber: num,
      status: fc.constantFrom("paid", "denied", "pended"),
      reason: fc.option(text, { nil: null }),
      billed: money,
      allowed: money,
      paid: money,
      patientResponsibility: money,
      adjustments: fc.array(adjustment, { maxLength: 3 }),
      remarks: fc.array(text, { maxLength: 2 }),
    });
    const result = fc.record({
      claimId: text,
      ruleset: fc.oneof(
        fc.record({ name: text, version: text, hash: text }),
        fc.record({ name: text, version: text, hash: text, keyId: text, signature: text }),
      ),
      status: text,
      totals: fc.record({ billed: money, allowed: money, paid: money, patientResponsibility: money }),
      lines: fc.array(line, { maxLength: 4 }),
      accumulators: fc.dictionary(text, fc.oneof(money, num), { maxKeys: 3 }),
    });
    const decided = fc.array(fc.record({ lineNumber: num, rule: fc.option(text, { nil: null }) }), { maxLength: 4 });
    const out = new OutputBuffer(4);
    fc.assert(
      fc.property(fc.integer({ min: 1 }), result, decided, (n, r, d) => {
        out.clear();
        writeResult(out, n, r as unknown as Result, d as never);
        expect(decode(out.view())).toBe(JSON.stringify({ line: n, ...r, decidedBy: d }) + "\n");
      }),
      { numRuns: 400 },
    );
  });
});
