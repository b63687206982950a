// The parser's own initRecognizerEngine (src/syntax/parser.ts) in place of chevrotain's: the same
// fields in the same order, token types left as chevrotain would leave them, and a token matcher
// that answers as chevrotain's for every pair of token types.
import { describe, expect, it } from "vitest";
import { EmbeddedActionsParser, EOF, type TokenType, tokenMatcher } from "chevrotain";
import { newParser } from "../../src/syntax/parser.js";
import * as L from "../../src/syntax/lexer.js";

type Init = (this: object, tokens: TokenType[], config: unknown) => void;
const chevrotainInit = (EmbeddedActionsParser.prototype as unknown as { initRecognizerEngine: Init }).initRecognizerEngine;
const edictProto = Object.getPrototypeOf(newParser(false)) as { initRecognizerEngine: Init };
const config = { maxLookahead: 3, recoveryEnabled: false };

/** what chevrotain's augmentTokenTypes sets on a token type */
const augmented = (t: TokenType) => {
  const x = t as TokenType & Record<string, unknown>;
  return { name: t.name, idx: x.tokenTypeIdx, categories: x.CATEGORIES, matches: x.categoryMatches, map: x.categoryMatchesMap, isParent: x.isParent };
};

describe("the parser's initRecognizerEngine", () => {
  it("is its own, not chevrotain's", () => {
    expect(edictProto.initRecognizerEngine).not.toBe(chevrotainInit);
  });

  it("sets the fields chevrotain's sets, in the same order, to equal values", () => {
    const theirs = Object.create(edictProto) as Record<string, unknown>;
    const ours = Object.create(edictProto) as Record<string, unknown>;
    chevrotainInit.call(theirs, [...L.allTokens], config);
    edictProto.initRecognizerEngine.call(ours, [...L.allTokens], config);
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    const { tokenMatcher: ourMatcher, ...ourFields } = ours;
    const { tokenMatcher: theirMatcher, ...theirFields } = theirs;
    expect(ourFields).toEqual(theirFields);
    expect(ours.className).toBe("EdictParser");
    expect(Object.keys(ours.tokensMap as object)).toEqual([...L.allTokens.map((t) => t.name), "EOF"]);
    // the vocabulary uses token categories, so chevrotain picks its category-aware matcher,
    // which its API exports as tokenMatcher: every token against every type
    const types = [...L.allTokens, EOF];
    const ourMatch = ourMatcher as (token: unknown, type: TokenType) => boolean;
    const theirMatch = theirMatcher as (token: unknown, type: TokenType) => boolean;
    let categoryMatches = 0;
    for (const of of types) {
      const token = { tokenTypeIdx: (of as TokenType & { tokenTypeIdx: number }).tokenTypeIdx, tokenType: of, image: "" };
      for (const type of types) {
        const expected = tokenMatcher(token as never, type);
        expect(ourMatch(token, type), `${of.name} as ${type.name}`).toBe(expected);
        expect(theirMatch(token, type), `${of.name} as ${type.name}`).toBe(expected);
        if (expected && of !== type) categoryMatches++;
      }
    }
    // NameToken, AnyWord and StringLiteral take other tokens: the category path is exercised
    expect(categoryMatches).toBeGreaterThan(10);
  });

  it("may skip re-deriving token categories: chevrotain's changes nothing on token types createToken made", () => {
    const types = [...L.allTokens, EOF];
    const before = types.map(augmented);
    chevrotainInit.call(Object.create(edictProto), [...L.allTokens], config);
    expect(types.map(augmented)).toEqual(before);
    expect(before.filter((t) => t.isParent).map((t) => t.name)).toEqual(expect.arrayContaining(["NameToken", "AnyWord", "StringLiteral"]));
  });
});
