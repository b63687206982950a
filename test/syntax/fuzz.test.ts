// Parser robustness (fast-check): parse never throws on random or mutated text, and its diagnostics always point inside the text.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse } from "../../src/syntax/parser.js";
import { format } from "../../src/syntax/printer.js";

const PACKS = ["rules/cms-edits/edits.edict", "rules/demo-ppo/plan.edict"].map((path) => ({ path, text: readFileSync(path, "utf8") }));

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

/** parses and checks every diagnostic; returns the result for further checks */
function parseChecked(text: string) {
  let out: ReturnType<typeof parse> | undefined;
  expect(() => {
    out = parse(text, "fuzz.edict");
  }).not.toThrow();
  const result = out!;
  expect(result.ast).toBeDefined();
  expect(Array.isArray(result.ast.declarations)).toBe(true);
  const lines = lineCount(text);
  for (const d of result.diagnostics) {
    expect(typeof d.message).toBe("string");
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.message).not.toContain("undefined");
    expect(d.message).not.toContain("NaN");
    if (d.hint !== undefined) expect(d.hint).not.toContain("undefined");
    expect(d.severity === "error" || d.severity === "warning").toBe(true);
    expect(d.code.length).toBeGreaterThan(0);
    expect(d.span.file).toBe("fuzz.edict");
    expect(d.span.line).toBeGreaterThanOrEqual(1);
    expect(d.span.line).toBeLessThanOrEqual(lines);
    expect(d.span.col).toBeGreaterThanOrEqual(1);
    expect(d.span.offset).toBeGreaterThanOrEqual(0);
    expect(d.span.offset).toBeLessThanOrEqual(text.length);
    // an internal failure means the parser threw inside: that is a bug, whatever the input
    expect(d.code).not.toBe("internal");
  }
  return result;
}

// ---------------------------------------------------------------- mutations of the shipped packs

type Mutation = { kind: "delete" | "insert" | "replace"; at: number; length: number; text: string };

const INSERTS = [
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  '"',
  "!",
  ".",
  "..",
  ",",
  ":",
  "?",
  "-",
  "$",
  "%",
  "*",
  "/",
  "//",
  "\n",
  " ",
  "\t",
  "\r",
  "when",
  "then",
  "rule",
  "and",
  "or",
  "not",
  "in",
  "any",
  "where",
  "on",
  "is",
  "missing",
  "deny",
  "remark",
  "plan",
  "table",
  "x",
  "Z12.11",
  "99213",
  "CO-",
  "$25",
  "20%",
  "2026-01-01",
  "é",
  "日",
  "\u2028",
  "\u0000",
  "🙂",
];

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("delete" as const, "insert" as const, "replace" as const),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.integer({ min: 1, max: 8 }),
  text: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ maxLength: 4 })),
});

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = Math.min(out.length, Math.floor(m.at * out.length));
    if (m.kind === "delete") out = out.slice(0, at) + out.slice(at + m.length);
    else if (m.kind === "insert") out = out.slice(0, at) + m.text + out.slice(at);
    else out = out.slice(0, at) + m.text + out.slice(at + m.length);
  }
  return out;
}

const mutatedPack = fc
  .record({ pack: fc.constantFrom(...PACKS), mutations: fc.array(mutation, { minLength: 1, maxLength: 5 }) })
  .map(({ pack, mutations }) => mutate(pack.text, mutations));

// ---------------------------------------------------------------- properties

describe("parse never throws", () => {
  it("on arbitrary ASCII strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => void parseChecked(s)),
      { numRuns: 300 },
    );
  });

  it("on arbitrary unicode strings (graphemes)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 100 }), (s) => void parseChecked(s)),
      { numRuns: 300 },
    );
  });

  it("on arbitrary code points, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 100 }), (s) => void parseChecked(s)),
      { numRuns: 300 },
    );
  });

  it("on strings made of the language's own pieces", () => {
    const piece = fc.constantFrom(...INSERTS, "rule r", "phase ptp", "valueset v = procedure", "benefit b", 'pack "p" version "1"', "accumulator a: money");
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((p) => p.join(" ")),
        (s) => void parseChecked(s),
      ),
      { numRuns: 300 },
    );
  });

  it("on the shipped packs with 1–5 random deletions, insertions and replacements", () => {
    fc.assert(
      fc.property(mutatedPack, (s) => void parseChecked(s)),
      { numRuns: 300 },
    );
  });
});

describe("mutated packs", () => {
  it("a mutation that still parses prints to text that parses again, and format is idempotent", () => {
    fc.assert(
      fc.property(mutatedPack, (s) => {
        const first = format(s, "fuzz.edict");
        if (first.diagnostics.length > 0) {
          expect(first.text).toBe(s);
          return;
        }
        const second = format(first.text, "fuzz.edict");
        expect(second.diagnostics).toEqual([]);
        expect(second.text).toBe(first.text);
      }),
      { numRuns: 200 },
    );
  });

  it("diagnostics come sorted by position within one file", () => {
    fc.assert(
      fc.property(mutatedPack, (s) => {
        const { diagnostics } = parseChecked(s);
        const syntax = diagnostics.filter((d) => d.code === "syntax");
        // lexical diagnostics come first, then parser ones in file order: check the parser ones
        const parserOnes = syntax.filter((d) => !/never closed|unexpected character|unexpected "!"/.test(d.message));
        for (let i = 1; i < parserOnes.length; i++) expect(parserOnes[i].span.offset).toBeGreaterThanOrEqual(parserOnes[i - 1].span.offset);
      }),
      { numRuns: 100 },
    );
  });
});

describe("edge inputs", () => {
  it.each([
    ["empty", ""],
    ["only whitespace", " \n\t\r\n  "],
    ["only a comment without newline", "// x"],
    ["a lone quote", '"'],
    ["a lone backslash in a string", '"\\'],
    ["CR line breaks", "rule r\rphase ptp\rwhen x\rthen pend\r"],
    ["a BOM", "\ufeffrule r phase ptp when x then pend"],
    ["NUL bytes", "rule\u0000r"],
    ["deep nots", `rule r phase ptp when ${"not ".repeat(500)}x then pend`],
    ["many declarations keywords", "rule ".repeat(1000)],
    ["unclosed braces", "benefit b {".repeat(50)],
    ["a very long line", `rule r phase ptp when ${Array.from({ length: 2000 }, (_, i) => `x${i}`).join(" and ")} then pend`],
  ])("%s", (_, text) => {
    parseChecked(text);
  });

  it("60 nested parentheses parse cleanly", () => {
    const { diagnostics, ast } = parseChecked(`rule r phase ptp when ${"(".repeat(60)}x${")".repeat(60)} then pend`);
    expect(diagnostics).toEqual([]);
    expect(ast.declarations).toHaveLength(1);
  });

  it("1000 nested parentheses give a proper diagnostic or parse, not an internal failure", () => {
    // currently the recursive descent overflows the stack and parse() reports
    // "the parser failed unexpectedly (Maximum call stack size exceeded / Invalid array length); please report this"
    const text = `rule r phase ptp when ${"(".repeat(1000)}x${")".repeat(1000)} then pend`;
    const { diagnostics } = parseChecked(text);
    expect(diagnostics.every((d) => d.code !== "internal")).toBe(true);
  });

  it("a parse that failed internally leaves the parser usable", () => {
    parse(`rule r phase ptp when ${"(".repeat(2000)}x${")".repeat(2000)} then pend`, "deep.edict");
    const after = parse("rule a phase ptp when (x) then pend\nrule b phase ptp when y then deny CO-1", "ok.edict");
    expect(after.diagnostics).toEqual([]);
    expect(after.ast.declarations.map((d) => d.kind)).toEqual(["rule", "rule"]);
  });

  it("CR-only line breaks: diagnostics count lines the same way", () => {
    const { diagnostics } = parseChecked("rule r\rphase ptp\rwen x\rthen pend\r");
    expect(diagnostics.map((d) => [d.span.line, d.span.col])).toEqual([[3, 1]]);
  });
});
