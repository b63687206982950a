// The lexer's start-up shortcuts change nothing: the start characters and line-break flags that
// src/syntax/lexer.ts states for its tokens equal what chevrotain works out from the patterns,
// and keywords and punctuation written as plain strings lex exactly as the regular expressions
// they replace.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Lexer, type TokenType } from "chevrotain";
import { allTokens, edictLexer, KEYWORDS } from "../../src/syntax/lexer.js";

type Internal = TokenType & { PATTERN?: unknown; START_CHARS_HINT?: unknown; LINE_BREAKS?: unknown; LONGER_ALT?: TokenType; CATEGORIES?: TokenType[] };

/** copies of the tokens as chevrotain would see them without the shortcuts: no hints, and every string pattern a regular expression */
function referenceTokens(): TokenType[] {
  const copies = new Map<TokenType, Internal>();
  for (const t of allTokens as Internal[]) {
    const { START_CHARS_HINT: _hint, LINE_BREAKS: lineBreaks, ...rest } = t;
    const copy: Internal = { ...rest };
    // only whitespace spans lines on purpose: it keeps its flag, as before the shortcuts
    if (t.name === "WhiteSpace") copy.LINE_BREAKS = lineBreaks;
    if (typeof t.PATTERN === "string") copy.PATTERN = new RegExp(t.PATTERN.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&"));
    copies.set(t, copy);
  }
  for (const copy of copies.values()) {
    if (copy.LONGER_ALT) copy.LONGER_ALT = copies.get(copy.LONGER_ALT)!;
    if (copy.CATEGORIES) copy.CATEGORIES = copy.CATEGORIES.map((c) => copies.get(c) ?? c);
  }
  return allTokens.map((t) => copies.get(t)!);
}

const reference = new Lexer(referenceTokens(), { ensureOptimizations: false, positionTracking: "full" });

interface Analysis {
  patternIdxToConfig: Record<string, Array<{ tokenTypeIdx: number; canLineTerminator: boolean; short: number | false }>>;
  charCodeToPatternIdxToConfig: Record<string, Array<Array<{ tokenTypeIdx: number }> | undefined>>;
  canModeBeOptimized: Record<string, boolean>;
}

const analysis = (lexer: Lexer) => lexer as unknown as Analysis;

function lexed(lexer: Lexer, text: string) {
  const out = lexer.tokenize(text);
  const tok = (t: (typeof out.tokens)[number]) => [t.tokenType.name, t.image, t.startOffset, t.endOffset, t.startLine, t.endLine, t.startColumn, t.endColumn];
  return { tokens: out.tokens.map(tok), comments: (out.groups.comments ?? []).map(tok), errors: out.errors };
}

function edictFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? edictFiles(join(dir, e.name)) : e.name.endsWith(".edict") ? [join(dir, e.name)] : [],
  );
}

describe("lexer start-up shortcuts", () => {
  it("states the start characters chevrotain would compute, token by token and character by character", () => {
    const ours = analysis(edictLexer());
    const theirs = analysis(reference);
    expect(ours.canModeBeOptimized).toEqual(theirs.canModeBeOptimized);
    expect(ours.canModeBeOptimized.defaultMode).toBe(true);
    const byChar = (a: Analysis) => a.charCodeToPatternIdxToConfig.defaultMode.map((list) => list?.map((c) => c.tokenTypeIdx));
    expect(byChar(ours)).toEqual(byChar(theirs));
  });

  it("marks the same tokens as spanning lines", () => {
    const flags = (a: Analysis) => a.patternIdxToConfig.defaultMode.map((c) => [c.tokenTypeIdx, c.canLineTerminator, c.short]);
    expect(flags(analysis(edictLexer()))).toEqual(flags(analysis(reference)));
  });

  it("lexes every pack in the repository as the regular-expression lexer does", () => {
    const files = [...edictFiles("rules"), ...edictFiles("examples")];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(lexed(edictLexer(), text), file).toEqual(lexed(reference, text));
    }
  });

  it("lexes any text made of Edict's words and symbols as the regular-expression lexer does", () => {
    const piece = fc.oneof(
      fc.constantFrom(...KEYWORDS),
      fc.constantFrom("..", ".", "!=", "<=", ">=", "<", ">", "=", "{", "}", "(", ")", "[", "]", ",", ":", "?", "+", "-", "*", "/", "//"),
      fc.constantFrom(" ", "\n", "\r\n", "\t", "\u00a0", '"', "'", "$", "%", "_", "é"),
      fc.stringMatching(/^[A-Za-z0-9_]{1,6}$/),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        expect(lexed(edictLexer(), text)).toEqual(lexed(reference, text));
      }),
      { numRuns: 400 },
    );
  });
});
