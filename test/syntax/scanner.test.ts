// The scanner (src/syntax/lexer.ts `tokenize`) lexes exactly as chevrotain's lexer built from the
// same tokens: the same tokens with the same positions, the same comments, the same errors for
// characters no token takes, on every pack in the repository and on any text.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { ILexingResult } from "chevrotain";
import { edictLexer, KEYWORDS, tokenize } from "../../src/syntax/lexer.js";

function edictFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? edictFiles(join(dir, e.name)) : e.name.endsWith(".edict") ? [join(dir, e.name)] : [],
  );
}

/** everything chevrotain reports, the token type by name */
function lexed(out: ILexingResult) {
  const tok = (t: (typeof out.tokens)[number]) => ({ ...t, tokenType: t.tokenType.name });
  return { tokens: out.tokens.map(tok), groups: Object.fromEntries(Object.entries(out.groups).map(([k, v]) => [k, v.map(tok)])), errors: out.errors };
}

const same = (text: string) => expect(lexed(tokenize(text)), JSON.stringify(text)).toEqual(lexed(edictLexer().tokenize(text)));

describe("the scanner", () => {
  it("lexes every pack in the repository as chevrotain's lexer does", () => {
    const files = [...edictFiles("rules"), ...edictFiles("examples"), ...edictFiles("test")];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) same(readFileSync(file, "utf8"));
  });

  it("lexes edge cases as chevrotain's lexer does", () => {
    for (const text of [
      "",
      "\n",
      "\r\n\r\n  x",
      "\r\rrule",
      "a\u00a0b\ufeffc",
      "@@@ rule # x ~",
      "é",
      "\uff01\ufeff",
      "\"unterminated\n\"ok\" 'single' 'open",
      "2026-01-011 2026-01-01 12.5% $25.50 $3 0001F 99213 E1..E4 A1.* B2* CO-45 PR-1 in_network index not no",
      "// comment at the end",
      "x // comment\r\ny",
      "a.b..c != <= >= < > = { } ( ) [ ] , : ? + - * /",
      'rule r "t" \\',
    ])
      same(text);
  });

  it("lexes any text made of Edict's words and symbols as chevrotain's lexer does", () => {
    const piece = fc.oneof(
      fc.constantFrom(...KEYWORDS),
      fc.constantFrom("..", ".", "!=", "<=", ">=", "<", ">", "=", "{", "}", "(", ")", "[", "]", ",", ":", "?", "+", "-", "*", "/", "//", "$", "%", "-"),
      fc.constantFrom(" ", "\n", "\r\n", "\r", "\t", "\u00a0", "\ufeff", '"', "'", "\\", "_", "é", "@", "#", "\uff01"),
      fc.stringMatching(/^[A-Za-z0-9_]{1,6}$/),
      fc.stringMatching(/^(CO|PR|OA|PI|CR)-[A-Z0-9]{0,3}$/),
      fc.stringMatching(/^[0-9]{1,4}(-[0-9]{1,2}){0,2}$/),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        same(pieces.join(""));
      }),
      { numRuns: 1500 },
    );
  });

  it("lexes any string at all as chevrotain's lexer does", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
        same(text);
      }),
      { numRuns: 1000 },
    );
  });
});
