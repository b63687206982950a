import { describe, it, expect } from "vitest";
import fc from "fast-check";
import type { Diagnostic } from "../../src/common/diagnostic.js";
import { parse } from "../../src/syntax/parser.js";
import { print } from "../../src/syntax/printer.js";
import { PACKS, expression, positionsOf, ruleWith, shape, sourceFile } from "./support.js";

const RUNS = 200;

/** a diagnostic's positions lie inside the text and agree with each other, and its code is the syntax stage's */
function expectInside(text: string, d: Diagnostic): void {
  const lines = text.split(/\r\n|\r|\n/);
  const { span } = d;
  expect(span.line).toBeGreaterThanOrEqual(1);
  expect(span.line).toBeLessThanOrEqual(lines.length);
  expect(span.col).toBeGreaterThanOrEqual(1);
  expect(span.col).toBeLessThanOrEqual(lines[span.line - 1].length + 1);
  expect(span.endLine).toBeGreaterThanOrEqual(span.line);
  expect(span.endLine).toBeLessThanOrEqual(lines.length);
  expect(span.endCol).toBeLessThanOrEqual(lines[span.endLine - 1].length + 1);
  expect(span.offset).toBeGreaterThanOrEqual(0);
  expect(span.endOffset).toBeGreaterThanOrEqual(span.offset);
  expect(span.endOffset).toBeLessThanOrEqual(text.length);
  expect(positionsOf(text)(span.offset)).toEqual({ line: span.line, col: span.col });
  expect(d.message.length).toBeGreaterThan(0);
  // the parser's own failure (`internal`) never happens, whatever the text
  expect(["syntax", "unknown-phase"]).toContain(d.code);
}

function expectWellBehaved(text: string): void {
  const result = parse(text, "fuzz.edict");
  for (const d of result.diagnostics) expectInside(text, d);
  // whatever parsed cleanly prints and parses back to the same thing
  if (result.diagnostics.length === 0) expect(shape(parse(print(result.ast), "fuzz.edict").ast)).toEqual(shape(result.ast));
}

describe("printing random ASTs", () => {
  it("parses back to the same expression, without diagnostics", () => {
    fc.assert(
      fc.property(expression(4), (e) => {
        const file = ruleWith(e);
        const text = print(file);
        const reparsed = parse(text, "gen.edict");
        expect(reparsed.diagnostics, text).toEqual([]);
        expect(shape(reparsed.ast), text).toEqual(shape(file));
      }),
      { numRuns: RUNS },
    );
  });

  it("parses back to the same declarations, without diagnostics", () => {
    fc.assert(
      fc.property(sourceFile, (file) => {
        const text = print(file);
        const reparsed = parse(text, "gen.edict");
        expect(reparsed.diagnostics, text).toEqual([]);
        expect(shape(reparsed.ast), text).toEqual(shape(file));
      }),
      { numRuns: RUNS },
    );
  });

  it("is idempotent: printing what it printed changes nothing", () => {
    fc.assert(
      fc.property(sourceFile, (file) => {
        const once = print(file);
        expect(print(parse(once, "gen.edict").ast)).toBe(once);
      }),
      { numRuns: RUNS },
    );
  });

  it("is idempotent on the shipped packs", () => {
    for (const pack of PACKS) {
      const once = print(parse(pack.text, pack.path).ast);
      expect(print(parse(once, pack.path).ast)).toBe(once);
    }
  });

  it("keeps every comment of a pack wherever comments are added, and stays idempotent", () => {
    const pack = PACKS[0];
    const lines = pack.text.split("\n");
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: lines.length - 1 }), { maxLength: 6 }), fc.boolean(), (where, atLineEnd) => {
        const withComments = lines
          .map((line, i) => (where.includes(i) ? (atLineEnd && line.trim() ? `${line} // note ${i}` : `// note ${i}\n${line}`) : line))
          .join("\n");
        const parsed = parse(withComments, pack.path);
        expect(parsed.diagnostics).toEqual([]);
        const once = print(parsed.ast);
        const reparsed = parse(once, pack.path).ast;
        expect(reparsed.comments.map((c) => c.text.trimEnd()).sort()).toEqual(parsed.ast.comments.map((c) => c.text.trimEnd()).sort());
        expect(shape(reparsed)).toEqual(shape(parsed.ast));
        expect(print(reparsed)).toBe(once);
      }),
      { numRuns: 100 },
    );
  });
});

describe("parsing anything", () => {
  it("never throws on arbitrary strings and reports positions inside the text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), expectWellBehaved), { numRuns: RUNS });
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 100 }), expectWellBehaved), { numRuns: RUNS });
  });

  it("never throws on strings made of Edict's own words and symbols", () => {
    const piece = fc.constantFrom(
      "rule",
      "r",
      "phase",
      "ptp",
      "when",
      "then",
      "deny",
      "CO-1",
      "any",
      "x",
      "in",
      "where",
      "and",
      "or",
      "not",
      "(",
      ")",
      "{",
      "}",
      "[",
      "]",
      ",",
      ".",
      "..",
      "=",
      "$5.00",
      "20%",
      "3 days",
      '"t"',
      '"open',
      "benefit",
      "codes",
      "accumulator",
      "limit",
      "\n",
      " ",
      "//c\n",
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((p) => p.join(" ")),
        expectWellBehaved,
      ),
      { numRuns: RUNS },
    );
  });

  it("never throws on mutations of the shipped packs: deleted, inserted and replaced characters", () => {
    const mutation = fc.record({
      pack: fc.constantFrom(...PACKS.map((p) => p.text)),
      edits: fc.array(
        fc.record({
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          kind: fc.constantFrom("delete", "insert", "replace"),
          char: fc.string({ minLength: 1, maxLength: 1 }),
        }),
        { minLength: 1, maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ pack, edits }) => {
        let text = pack;
        for (const { at, kind, char } of edits) {
          const i = Math.min(text.length - 1, Math.floor(at * text.length));
          if (kind === "delete") text = text.slice(0, i) + text.slice(i + 1);
          else if (kind === "insert") text = text.slice(0, i) + char + text.slice(i);
          else text = text.slice(0, i) + char + text.slice(i + 1);
        }
        expectWellBehaved(text);
      }),
      { numRuns: RUNS },
    );
  });
});
