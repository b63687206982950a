// The trace builder's order (src/engine/trace.ts): entries by line number, each line's in the
// order they were added, whichever sort build() takes for the claim's size.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TraceBuilder } from "../../src/engine/trace.js";
import type { LineState } from "../../src/engine/state.js";
import { shippedPack } from "../support/packs.js";

describe("TraceBuilder.build", () => {
  it("orders entries by line number, stable within a line, short traces and long", () => {
    const program = shippedPack("demo-ppo").program;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 150 }), (lineNumbers) => {
        const trace = new TraceBuilder(program);
        // each entry names its position in the order added, in the code the trace shows
        const added = lineNumbers.map((lineNumber, i) => ({ lineNumber, code: `C${i}` }));
        for (const line of added) trace.noBenefit({ line } as unknown as LineState);
        const expected = added
          .map((a, i) => ({ ...a, i }))
          .sort((a, b) => a.lineNumber - b.lineNumber || a.i - b.i)
          .map((a) => [a.lineNumber, a.code]);
        expect(trace.build().map((e) => [e.lineNumber, e.facts[0]!.value])).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
