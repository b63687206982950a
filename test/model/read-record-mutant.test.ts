// The judge of test/model/read-record.test.ts can fail: with the one-pass reader broken on purpose
// (fast-parse's money-string reader one cent off, or its date reader one day off, for the reader
// alone: the general path calls its own copy), the same comparison finds the difference on the
// bench generator's records.
import { describe, expect, it, vi } from "vitest";
import { generatedLines } from "../cli/batch-support.js";

const mutant = vi.hoisted(() => ({ kind: "none" as "none" | "cents" | "day" }));

vi.mock("../../src/model/fast-parse.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/model/fast-parse.js")>();
  return {
    ...real,
    decimalCents: (s: string, from?: number, to?: number) => real.decimalCents(s, from, to) + (mutant.kind === "cents" ? 1 : 0),
    dayAt: (s: string, at: number) => real.dayAt(s, at) + (mutant.kind === "day" ? 1 : 0),
  };
});

const { disagreement } = await import("./read-record-support.js");

describe("the one-pass reader, broken on purpose", () => {
  const lines = generatedLines(5, 50);
  const differences = () => lines.map((l) => disagreement(l)).filter((d) => d !== null && d !== undefined);

  it("agrees with the general path when it is not broken", () => {
    mutant.kind = "none";
    expect(differences()).toEqual([]);
  });

  it("is caught with amounts one cent off", () => {
    mutant.kind = "cents";
    const found = differences();
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(/charge|accumulators/);
  });

  it("is caught with dates one day off", () => {
    mutant.kind = "day";
    const found = differences();
    expect(found.length).toBe(lines.length);
    expect(found[0]).toMatch(/Date|asOf|from/);
  });
});
