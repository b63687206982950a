// The parser's start-up shortcut changes nothing: the lookahead table in
// src/syntax/lookahead-table.ts is exactly what chevrotain's analysis of today's grammar gives
// (so a grammar edit without `npm run grammar:table` fails here), the parser built from it has
// the same lookahead functions as one built by the analysis, answering alike on any tokens, and
// parses the repository's packs and broken variants of them to the same ASTs and diagnostics.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createTokenInstance, EOF, type IToken, type TokenType } from "chevrotain";
import { lookaheadTable } from "../../scripts/lookahead-table.js";
import { allTokens } from "../../src/syntax/lexer.js";
import { DSL_METHOD_IDX } from "../../src/syntax/lookahead.js";
import { LOOKAHEAD_TABLE } from "../../src/syntax/lookahead-table.js";
import { messageProvider } from "../../src/syntax/messages.js";
import { newParser, parse, parseWith, withAnalysedParser } from "../../src/syntax/parser.js";

interface Internals {
  fromTable: boolean;
  fullRuleNameToShort: Record<string, number>;
  input: IToken[];
  lookAheadFuncsCache: Map<number, (this: unknown, alts?: unknown[]) => unknown>;
}

const internals = (analyse: boolean) => newParser(analyse) as unknown as Internals;

function edictFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? edictFiles(join(dir, e.name)) : e.name.endsWith(".edict") ? [join(dir, e.name)] : [],
  );
}

const token = (type: TokenType, i: number) => createTokenInstance(type, type.name, i, i, 1, 1, i + 1, i + 1);

describe("the parser's lookahead table", () => {
  it("is what chevrotain's analysis of the grammar gives (run `npm run grammar:table` after changing src/syntax/parser.ts)", () => {
    // building the analysed parser here also runs chevrotain's grammar checks (on outside release builds)
    expect(LOOKAHEAD_TABLE, "src/syntax/lookahead-table.ts is stale: run `npm run grammar:table`").toEqual(lookaheadTable());
  });

  it("builds the parser without the analysis, with a lookahead function wherever the analysis makes one", () => {
    const fromTable = internals(false);
    const analysed = internals(true);
    expect(fromTable.fromTable).toBe(true);
    expect(analysed.fromTable).toBe(false);
    expect(fromTable.lookAheadFuncsCache.size).toBeGreaterThan(50);
    expect([...fromTable.lookAheadFuncsCache.keys()].sort()).toEqual([...analysed.lookAheadFuncsCache.keys()].sort());
  });

  it("falls back to the analysis when the table was made for other rules or tokens", () => {
    expect(LOOKAHEAD_TABLE.rules.length).toBeGreaterThan(10);
    const table = LOOKAHEAD_TABLE as { rules: readonly string[] };
    const saved = table.rules;
    try {
      table.rules = [...saved.slice(1), "renamed"];
      expect(internals(false).fromTable).toBe(false);
    } finally {
      table.rules = saved;
    }
    expect(internals(false).fromTable).toBe(true);
  });

  it("gives lookahead functions that choose as the analysed parser's do, on any tokens", () => {
    const fromTable = internals(false);
    const analysed = internals(true);
    const byName = new Map(allTokens.map((t) => [t.name, t]));
    // tokens that can appear in a token stream (categories cannot)
    const concrete = allTokens.filter((t) => !(t.PATTERN instanceof RegExp && t.PATTERN.source.includes("NOT_APPLICABLE")));
    // each production with its key in the parser's cache and its paths' token types
    const productions = Object.entries(LOOKAHEAD_TABLE.lookahead).flatMap(([rule, entries]) =>
      entries.map(([kind, occurrence, , paths]) => ({
        key: occurrence | DSL_METHOD_IDX[kind] | fromTable.fullRuleNameToShort[rule],
        paths: paths.flat().map((p) => (p === "" ? [] : p.split(" ").map((n) => byName.get(n)!))),
      })),
    );
    expect(productions.map((p) => p.key).sort()).toEqual([...analysed.lookAheadFuncsCache.keys()].sort());
    // tokens near the production's own paths (one of them, cut short or with one token changed, then anything)
    const tokensFor = (paths: TokenType[][]) =>
      fc
        .tuple(fc.constantFrom(...paths), fc.nat(4), fc.nat(4), fc.constantFrom(...concrete), fc.array(fc.constantFrom(...concrete), { maxLength: 3 }))
        .map(([path, cut, at, other, rest]) => {
          const start = path.slice(0, Math.max(0, path.length - (cut % 2 === 0 ? 0 : cut)));
          if (at < start.length && cut === 4) start[at] = other;
          return [...start, ...rest];
        });
    const cases = fc.constantFrom(...productions).chain((p) => fc.tuple(fc.constant(p.key), tokensFor(p.paths)));
    fc.assert(
      fc.property(cases, ([key, types]) => {
        // four EOFs at the end as chevrotain's sentinels
        const tokens = [...types, EOF, EOF, EOF, EOF].map(token);
        fromTable.input = tokens;
        analysed.input = tokens;
        const ours = fromTable.lookAheadFuncsCache.get(key)!.call(fromTable, []);
        const theirs = analysed.lookAheadFuncsCache.get(key)!.call(analysed, []);
        expect(ours, `key ${key} on ${types.map((t) => t.name).join(" ")}`).toBe(theirs);
      }),
      { numRuns: 4000 },
    );
  });

  it("parses every pack in the repository, and broken variants of them, as the analysed parser does", () => {
    const files = [...edictFiles("rules"), ...edictFiles("examples")];
    expect(files.length).toBeGreaterThan(3);
    let withErrors = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      // whole, and with a slice cut out at a few places: missing braces, keywords and values
      const variants = [text, ...[0.2, 0.45, 0.7, 0.9].map((at) => text.slice(0, Math.floor(text.length * at)) + text.slice(Math.floor(text.length * at) + 7))];
      for (const variant of variants) {
        // the chevrotain parsers alone: the fast path (src/syntax/fast-parser.ts) would read the clean declarations
        const ours = parseWith(undefined, variant, file);
        const theirs = withAnalysedParser(() => parseWith(undefined, variant, file));
        expect(ours, file).toEqual(theirs);
        if (ours.diagnostics.length > 0) withErrors++;
      }
    }
    expect(withErrors).toBeGreaterThan(3);
  });

  it("words errors where no branch fits, or a list is empty, as the analysed parser does", () => {
    const rule = (when: string, then = "deny CO-26") => `rule r "t"\n  phase eligibility\n  when ${when}\n  then ${then}\n`;
    const texts = [
      rule("line.units > )"), // no alternative of an expression fits
      rule("line.units > 0", "deny CO-26 remark"), // AT_LEAST_ONE_SEP with none
      rule("fees[] > 0"), // the same in a lookup's keys
      rule("line.units > 0", "deny"),
      rule("any l in claim.lines where"),
      'plan p "P" {\n  in_network cost share , \n}\n',
      'table t from "x.csv" { key code: }\n',
    ];
    // what chevrotain hands the message provider: the expected paths as token names
    const calls: unknown[] = [];
    const names = (paths: TokenType[][]) => paths.map((path) => path.map((t) => t.name));
    const { buildNoViableAltMessage, buildEarlyExitMessage } = messageProvider;
    messageProvider.buildNoViableAltMessage = (o) => {
      calls.push(["no viable", o.ruleName, o.expectedPathsPerAlt.map(names), o.actual.map((t) => t.image)]);
      return buildNoViableAltMessage.call(messageProvider, o);
    };
    messageProvider.buildEarlyExitMessage = (o) => {
      calls.push(["early exit", o.ruleName, names(o.expectedIterationPaths), o.actual.map((t) => t.image)]);
      return buildEarlyExitMessage.call(messageProvider, o);
    };
    try {
      for (const text of texts) {
        calls.length = 0;
        const ours = parse(text, "x.edict");
        const ourCalls = [...calls];
        calls.length = 0;
        const theirs = withAnalysedParser(() => parse(text, "x.edict"));
        expect(ours.diagnostics.length, text).toBeGreaterThan(0);
        expect(ours, text).toEqual(theirs);
        expect(ourCalls, text).toEqual(calls);
      }
      calls.length = 0;
      parse(texts[0], "x.edict");
      parse(texts[1], "x.edict");
      expect(calls.map((c) => (c as string[])[0])).toEqual(["no viable", "early exit"]);
    } finally {
      Object.assign(messageProvider, { buildNoViableAltMessage, buildEarlyExitMessage });
    }
  });
});
