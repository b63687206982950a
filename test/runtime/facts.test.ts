// The facts a traced rule shows: each (fact, value) once, in the order first read. The de-dup
// must treat two values as the same exactly when the trace (JSON) would write them alike.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { FactLog, sameShown, type FactValue } from "../../src/runtime/facts.js";
import type { Type } from "../../src/ir/types.js";

const integer = { t: "integer" } as Type;
const text = { t: "text" } as Type;
const list = { t: "list", of: { t: "integer" } } as unknown as Type;

const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom("1", "a", ""),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-0, Number.NaN, Infinity),
);
const shown: fc.Arbitrary<FactValue> = fc.oneof(scalar, fc.array(fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom("1", "x")), { maxLength: 3 }));

describe("FactLog.facts", () => {
  it("keeps each (fact, value) once, in the order first read", () => {
    const log = new FactLog();
    log.record("line.units", integer, 2);
    log.record("line.code", text, "99213");
    log.record("line.units", integer, 2);
    log.record("line.units", integer, 3);
    log.record("line.code", text, "99213");
    log.record("codes", list, [1, 2]);
    log.record("codes", list, [1, 2]);
    log.record("codes", list, [2, 1]);
    expect(log.facts).toEqual([
      { fact: "line.units", value: 2 },
      { fact: "line.code", value: "99213" },
      { fact: "line.units", value: 3 },
      { fact: "codes", value: [1, 2] },
      { fact: "codes", value: [2, 1] },
    ]);
  });

  it("calls two values the same exactly when JSON writes them alike", () => {
    fc.assert(
      fc.property(shown, shown, (a, b) => {
        expect(sameShown(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 2000 },
    );
  });
});
