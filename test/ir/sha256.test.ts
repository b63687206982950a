// The ruleset hash's SHA-256 agrees with Node's crypto on any text, whole or fed in pieces.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { Sha256, sha256Hex } from "../../src/ir/sha256.js";

describe("sha256", () => {
  it("matches node:crypto on arbitrary text, in one piece or split", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), fc.nat(300), (text, cut) => {
        const expected = createHash("sha256").update(text).digest("hex");
        expect(sha256Hex(text)).toBe(expected);
        const points = Array.from(text); // split between code points, as whole strings are fed
        expect(new Sha256().update(points.slice(0, cut).join("")).update(points.slice(cut).join("")).hex()).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("handles the block-boundary lengths", () => {
    for (const n of [0, 55, 56, 63, 64, 65, 119, 120, 128]) expect(sha256Hex("a".repeat(n))).toBe(createHash("sha256").update("a".repeat(n)).digest("hex"));
  });
});
