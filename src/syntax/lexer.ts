// The Edict lexer: turns rule text into chevrotain tokens (see grammar/edict.ebnf, "tokens").
// Comments are kept in their own group so the formatter can put them back.
import { RELEASE_BUILD } from "./release.js";
import { createToken, type ILexingError, type ILexingResult, type IToken, Lexer, type TokenType } from "chevrotain";

// ------------------------------------------------------------------ token categories

/** Matches any word the parser accepts as a name: an identifier or a "soft" keyword. */
export const NameToken = createToken({ name: "NameToken", pattern: Lexer.NA });
/** Matches any word at all, keyword or not: used after "." and "phase", where no keyword is meant. */
export const AnyWord = createToken({ name: "AnyWord", pattern: Lexer.NA });
/** Both complete and unterminated strings: the parser accepts either, the lexer reports the latter. */
export const StringLiteral = createToken({ name: "StringLiteral", pattern: Lexer.NA });

// The tokens matched by a regular expression say which characters they can start with
// (start_chars_hint) and that they never span lines (line_breaks: false): both are what chevrotain
// would work out by parsing each expression when the lexer is built, at a cost of ~20 ms of
// start-up, and the scanner (`tokenize`) tries tokens by them. test/syntax/lexer-hints.test.ts
// holds them equal to chevrotain's own analysis.
const chars = (from: string, to: string) =>
  Array.from({ length: to.charCodeAt(0) - from.charCodeAt(0) + 1 }, (_, i) => String.fromCharCode(from.charCodeAt(0) + i));
const DIGITS = chars("0", "9");
const UPPER = chars("A", "Z");

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[a-z_][A-Za-z0-9_]*/,
  start_chars_hint: [...chars("a", "z"), "_"],
  line_breaks: false,
  categories: [NameToken, AnyWord],
});

// ------------------------------------------------------------------ keywords

/**
 * Soft keywords are also plausible names (`accumulator deductible`, `any limit in …`, a column
 * called `code`), so wherever the grammar wants a name they are accepted as one. Hard keywords
 * start declarations, clauses or expression forms and can never be names.
 */
const SOFT_KEYWORDS = [
  "version",
  "effective",
  "to",
  "from",
  "until",
  "procedure",
  "diagnosis",
  "modifier",
  "code",
  "pattern",
  "text",
  "integer",
  "money",
  "percent",
  "date",
  "boolean",
  "fee",
  "schedule",
  "network",
  "out",
  "deductible",
  "out_of_pocket",
  "coinsurance",
  "codes",
  "limit",
  "visits",
  "units",
  "per",
  "authorization",
  "cost",
  "share",
  "copay",
  "applies",
  "waived",
  "allowed",
  "coordination",
  "maximum",
] as const;

const HARD_KEYWORDS = [
  "pack",
  "include",
  "valueset",
  "table",
  "parameter",
  "accumulator",
  "plan",
  "benefit",
  "rule",
  "override",
  "disable",
  "precedence",
  "key",
  "active",
  "in_network",
  "out_of_network",
  "when",
  "requires",
  "cite",
  "phase",
  "then",
  "deny",
  "pend",
  "remark",
  "set",
  "or",
  "and",
  "not",
  "any",
  "no",
  "in",
  "is",
  "missing",
  "matches",
  "where",
  "on",
  "for",
  "count",
  "sum",
  "true",
  "false",
  "day",
  "days",
  "month",
  "months",
  "year",
  "years",
] as const;

export type KeywordText = (typeof SOFT_KEYWORDS)[number] | (typeof HARD_KEYWORDS)[number];

function keywordToken(word: string, soft: boolean): TokenType {
  return createToken({
    name: `Kw_${word}`,
    // the word must not run on into a longer identifier: `index` is not `in` + `dex`; a plain
    // string (the same match as a regular expression of letters) costs chevrotain no analysis
    pattern: word,
    longer_alt: Identifier,
    categories: soft ? [NameToken, AnyWord] : [AnyWord],
  });
}

/** keyword text → its token type */
export const Keyword: Record<KeywordText, TokenType> = {} as Record<KeywordText, TokenType>;
for (const word of SOFT_KEYWORDS) Keyword[word] = keywordToken(word, true);
for (const word of HARD_KEYWORDS) Keyword[word] = keywordToken(word, false);

/** every keyword, hard and soft (the editor's highlighter and completion use this list) */
export const KEYWORDS: readonly string[] = [...HARD_KEYWORDS, ...SOFT_KEYWORDS];

export const SOFT_KEYWORD_SET: ReadonlySet<string> = new Set(SOFT_KEYWORDS);
export const HARD_KEYWORD_SET: ReadonlySet<string> = new Set(HARD_KEYWORDS);

/** the words that start a declaration; the parser resynchronises on them after an error */
export const DECLARATION_KEYWORDS = [
  "pack",
  "include",
  "valueset",
  "table",
  "parameter",
  "accumulator",
  "plan",
  "benefit",
  "rule",
  "override",
  "disable",
  "precedence",
] as const;

/** `override rule …`, `override parameter …`, `override coordination …`, `disable rule …`: the declaration keyword after these is part of the same declaration */
export const OVERRIDE_KEYWORDS = ["override", "disable"] as const;

// ------------------------------------------------------------------ literals

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  start_chars_hint: [" ", "\t", "\r", "\n", "\f", "\v", "\u00a0", "\ufeff"],
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\r\n]*/,
  start_chars_hint: ["/"],
  line_breaks: false,
  group: "comments",
});

export const StringLit = createToken({
  name: "StringLit",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  start_chars_hint: ['"'],
  line_breaks: false,
  categories: [StringLiteral],
});
/** a string that reaches the end of its line without a closing quote */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  start_chars_hint: ['"'],
  line_breaks: false,
  categories: [StringLiteral],
});

/** `'text'`: a common slip; accepted as a text so parsing goes on, and reported */
export const SingleQuotedString = createToken({
  name: "SingleQuotedString",
  pattern: /'[^'\r\n]*'/,
  start_chars_hint: ["'"],
  line_breaks: false,
  categories: [StringLiteral],
});

// a date is exactly 4-2-2 digits; `2026-01-011` is not a date followed by `1`
export const DateLit = createToken({
  name: "DateLit",
  pattern: /[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])/,
  start_chars_hint: DIGITS,
  line_breaks: false,
});
/** `CO-236`: a group code, a dash and the CARC; must be tried before CODE would take `CO` */
export const Reason = createToken({
  name: "Reason",
  pattern: /(?:CO|PR|OA|PI|CR)-[A-Z0-9]+/,
  start_chars_hint: ["C", "P", "O"],
  line_breaks: false,
});
/** decimals are checked by the parser, so `$25.5` gets a clear message instead of a token soup */
export const Money = createToken({ name: "Money", pattern: /\$[0-9]+(?:\.[0-9]+)?/, start_chars_hint: ["$"], line_breaks: false });
export const Percent = createToken({ name: "Percent", pattern: /[0-9]+(?:\.[0-9]+)?%/, start_chars_hint: DIGITS, line_breaks: false });

// A code's optional tail: `.11`, `.*`, `.11*` or `*`. A dot must be followed by a digit, a
// letter or `*`, so `E1..E4` is `E1`, `..`, `E4`.
const CODE_TAIL = String.raw`(?:\.[A-Z0-9]+\*?|\.\*|\*)?`;
/** `0001F`: digits then an upper-case letter; before INTEGER, which would take only the digits */
export const DigitCode = createToken({
  name: "DigitCode",
  pattern: new RegExp(`[0-9]+[A-Z][A-Z0-9]*${CODE_TAIL}`),
  start_chars_hint: DIGITS,
  line_breaks: false,
});
export const Code = createToken({
  name: "Code",
  pattern: new RegExp(`[A-Z][A-Z0-9]*${CODE_TAIL}`),
  start_chars_hint: UPPER,
  line_breaks: false,
});
export const Integer = createToken({ name: "Integer", pattern: /[0-9]+/, start_chars_hint: DIGITS, line_breaks: false });

// ------------------------------------------------------------------ punctuation

export const DotDot = createToken({ name: "DotDot", pattern: ".." });
export const Dot = createToken({ name: "Dot", pattern: "." });
export const NotEqual = createToken({ name: "NotEqual", pattern: "!=" });
export const LessEqual = createToken({ name: "LessEqual", pattern: "<=" });
export const GreaterEqual = createToken({ name: "GreaterEqual", pattern: ">=" });
export const Less = createToken({ name: "Less", pattern: "<" });
export const Greater = createToken({ name: "Greater", pattern: ">" });
export const Equal = createToken({ name: "Equal", pattern: "=" });
export const LCurly = createToken({ name: "LCurly", pattern: "{" });
export const RCurly = createToken({ name: "RCurly", pattern: "}" });
export const LParen = createToken({ name: "LParen", pattern: "(" });
export const RParen = createToken({ name: "RParen", pattern: ")" });
export const LBracket = createToken({ name: "LBracket", pattern: "[" });
export const RBracket = createToken({ name: "RBracket", pattern: "]" });
export const Comma = createToken({ name: "Comma", pattern: "," });
export const Colon = createToken({ name: "Colon", pattern: ":" });
export const Question = createToken({ name: "Question", pattern: "?" });
export const Plus = createToken({ name: "Plus", pattern: "+" });
export const Minus = createToken({ name: "Minus", pattern: "-" });
export const Star = createToken({ name: "Star", pattern: "*" });
export const Slash = createToken({ name: "Slash", pattern: "/" });

// Longest keywords first: with longer_alt, `no` tried before `not` would hand `not` to
// Identifier, and `in` before `in_network` would do the same to `in_network`.
const keywordsLongestFirst = Object.entries(Keyword)
  .sort(([a], [b]) => b.length - a.length || (a < b ? -1 : 1))
  .map(([, type]) => type);

/** Order matters: the first pattern that matches wins (DATE before INTEGER, REASON before CODE). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  StringLit,
  UnterminatedString,
  SingleQuotedString,
  DateLit,
  Reason,
  Money,
  Percent,
  DigitCode,
  Integer,
  Code,
  ...keywordsLongestFirst,
  Identifier,
  DotDot,
  Dot,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equal,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Question,
  Plus,
  Minus,
  Star,
  Slash,
  // categories last: they match nothing themselves but must be known to the lexer and parser
  NameToken,
  AnyWord,
  StringLiteral,
];

let built: Lexer | null = null;

/**
 * chevrotain's lexer for these tokens, built on first use. Parsing no longer uses it (see
 * `tokenize`); test/syntax/scanner.test.ts holds the two equal, and lexer-hints.test.ts holds
 * the start-character hints equal to chevrotain's own analysis.
 */
export function edictLexer(): Lexer {
  built ??= new Lexer(allTokens, { ensureOptimizations: false, positionTracking: "full", skipValidations: RELEASE_BUILD });
  return built;
}

// ------------------------------------------------------------------ the scanner

// chevrotain's Lexer works out, each time it is built, how to try these tokens: which may start
// with which character, which are one character, which give way to a longer Identifier (~15 ms
// of start-up, in lodash). The scanner below is chevrotain 11's tokenizing loop (its
// tokenizeInternal, one mode, full positions, error recovery on) over the same tokens, with
// that set-up read straight from the token definitions: the first token, in allTokens order,
// that can start with the character and matches wins; a keyword gives way to a longer
// Identifier; skipped characters become one error per run, up to where some token matches.

interface Scanned {
  type: TokenType & { tokenTypeIdx: number };
  /** the match's length at offset, or -1 */
  match: (text: string, offset: number) => number;
  /** undefined: skipped (whitespace); false: a token; a name: that group (comments) */
  group: string | false | undefined;
  lineBreaks: boolean;
  longer: Scanned | undefined;
}

interface Scanner {
  all: Scanned[];
  /** char code → the tokens that may start with it, in allTokens order */
  byChar: Map<number, Scanned[]>;
  /**
   * char codes (below 128) whose tokens are keywords that give way to a longer Identifier, then
   * Identifier itself: there the first match is the whole identifier-shaped word, a keyword when
   * the word is one (a keyword that is only a prefix of the word gives way to the longer
   * Identifier), so one match and one lookup replace trying each keyword in turn
   */
  wordStart: boolean[];
  /** keyword text → its token, for wordStart characters */
  keywords: Map<string, Scanned>;
  identifier: Scanned;
  /** Identifier's pattern, sticky, matched in the loop itself for wordStart characters */
  identifierSticky: RegExp;
  /** char codes below 128 → the tokens that may start with them (the array is cheaper to index than the map while the loop runs interpreted) */
  byAscii: (Scanned[] | undefined)[];
  /**
   * whether skipped whitespace is read in the loop itself: when WhiteSpace is still the pattern
   * below, skipped, the first token tried at each of its characters, so a run of those
   * characters is one WhiteSpace match that makes no token
   */
  inlineSpace: boolean;
}

/** WhiteSpace's pattern, for which the scanner reads a run of whitespace in its loop */
const SPACE_SOURCE = "[ \\t\\r\\n\\f\\v\\u00a0\\ufeff]+";

type Internal = TokenType & { PATTERN?: RegExp | string; START_CHARS_HINT?: string[]; LINE_BREAKS?: boolean; LONGER_ALT?: TokenType; GROUP?: string };

let scanner: Scanner | null = null;
/** the candidates of a wordStart character (matched before the loop, which then has none to try) */
const WORD: Scanned[] = [];
const NONE: Scanned[] = [];

function buildScanner(): Scanner {
  const relevant = (allTokens as Internal[]).filter((t) => t.PATTERN !== Lexer.NA);
  const byType = new Map<TokenType, Scanned>();
  const all = relevant.map((t): Scanned => {
    const pattern = t.PATTERN!;
    let match: Scanned["match"];
    if (typeof pattern === "string") {
      const length = pattern.length;
      match = (text, offset) => (text.startsWith(pattern, offset) ? length : -1);
    } else {
      const sticky = new RegExp(pattern.source, `${pattern.flags}y`);
      match = (text, offset) => {
        sticky.lastIndex = offset;
        return sticky.test(text) ? sticky.lastIndex - offset : -1;
      };
    }
    const group = t.GROUP === Lexer.SKIPPED ? undefined : typeof t.GROUP === "string" ? t.GROUP : false;
    const scanned: Scanned = { type: t as Scanned["type"], match, group, lineBreaks: t.LINE_BREAKS === true, longer: undefined };
    byType.set(t, scanned);
    return scanned;
  });
  const byChar = new Map<number, Scanned[]>();
  relevant.forEach((t, i) => {
    const starts = typeof t.PATTERN === "string" ? [t.PATTERN[0]] : t.START_CHARS_HINT;
    if (!starts) throw new Error(`token ${t.name}: a regular expression needs start_chars_hint`);
    if (t.LONGER_ALT) all[i].longer = byType.get(t.LONGER_ALT);
    // (a plain loop: this runs interpreted, once, while a process's first parse waits)
    for (let c = 0; c < starts.length; c++) {
      const code = starts[c].charCodeAt(0);
      const list = byChar.get(code);
      if (!list) byChar.set(code, [all[i]]);
      else if (list[list.length - 1] !== all[i]) list.push(all[i]);
    }
  });
  const identifier = byType.get(Identifier)!;
  // a keyword whose whole text Identifier matches (its greedy match from the start is the
  // whole text; the loop uses the same expression, so V8 compiles one, not an anchored copy too)
  const word = { test: (text: string) => identifier.match(text, 0) === text.length };
  const keywords = new Map<string, Scanned>();
  const wordStart: boolean[] = [];
  for (const [code, list] of byChar) {
    const last = list[list.length - 1];
    const rest = list.slice(0, -1);
    const keywordsOnly = rest.every((s) => {
      const t = s.type as Internal;
      return typeof t.PATTERN === "string" && word.test(t.PATTERN) && t.LONGER_ALT === Identifier && s.group === false && !s.lineBreaks;
    });
    if (code >= 128 || last !== identifier || identifier.group !== false || identifier.lineBreaks || !keywordsOnly) continue;
    wordStart[code] = true;
    for (const s of rest) keywords.set((s.type as Internal).PATTERN as string, s);
  }
  const identifierPattern = (Identifier as Internal).PATTERN as RegExp;
  const identifierSticky = new RegExp(identifierPattern.source, `${identifierPattern.flags}y`);
  const byAscii: (Scanned[] | undefined)[] = [];
  for (let code = 0; code < 128; code++) byAscii.push(byChar.get(code));
  const space = byType.get(WhiteSpace);
  const spacePattern = (WhiteSpace as Internal).PATTERN;
  const inlineSpace =
    space !== undefined &&
    space.group === undefined &&
    space.lineBreaks &&
    spacePattern instanceof RegExp &&
    spacePattern.source === SPACE_SOURCE &&
    spacePattern.flags === "" &&
    [32, 9, 10, 11, 12, 13, 0xa0, 0xfeff].every((code) => byChar.get(code)?.[0] === space);
  return { all, byChar, wordStart, keywords, identifier, identifierSticky, byAscii, inlineSpace };
}

/** Lexes `text` exactly as chevrotain's lexer would (`edictLexer().tokenize`); never throws. */
export function tokenize(text: string): ILexingResult {
  const { all, byChar, wordStart, keywords, identifier, identifierSticky, byAscii, inlineSpace } = (scanner ??= buildScanner());
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const errors: ILexingError[] = [];
  const length = text.length;
  let offset = 0;
  let line = 1;
  let column = 1;
  while (offset < length) {
    let chosen: Scanned | undefined;
    let imageLength = -1;
    let code = text.charCodeAt(offset);
    // a run of skipped whitespace, read here: most of the loop's turns while it runs interpreted
    // (a process's first parse) are these, and the regular expression's way costs a call, a
    // match and a second pass over the run for its line breaks
    if (inlineSpace && (code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff)) {
      do {
        if (code === 10 || code === 13) {
          // \r\n is one break
          if (code === 13 && text.charCodeAt(offset + 1) === 10) offset++;
          line++;
          column = 1;
        } else column++;
        offset++;
        code = text.charCodeAt(offset);
      } while (code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff);
      continue;
    }
    const candidates = code < 128 ? (wordStart[code] === true ? WORD : (byAscii[code] ?? NONE)) : (byChar.get(code) ?? NONE);
    let image: string | undefined;
    if (candidates === WORD) {
      identifierSticky.lastIndex = offset;
      if (identifierSticky.test(text)) {
        imageLength = identifierSticky.lastIndex - offset;
        image = text.substring(offset, offset + imageLength);
        chosen = keywords.get(image) ?? identifier;
      }
    }
    // indexed: `for … of` allocates per token while this runs interpreted (a process's first parse)
    for (let c = 0; c < candidates.length; c++) {
      const candidate = candidates[c];
      imageLength = candidate.match(text, offset);
      if (imageLength === -1) continue;
      chosen = candidate;
      const longer = candidate.longer;
      if (longer) {
        const longerLength = longer.match(text, offset);
        if (longerLength > imageLength) {
          chosen = longer;
          imageLength = longerLength;
        }
      }
      break;
    }
    if (chosen) {
      image ??= text.substring(offset, offset + imageLength);
      if (chosen.group !== undefined) {
        const token: IToken = {
          image,
          startOffset: offset,
          endOffset: offset + imageLength - 1,
          startLine: line,
          endLine: line,
          startColumn: column,
          endColumn: column + imageLength - 1,
          tokenTypeIdx: chosen.type.tokenTypeIdx,
          tokenType: chosen.type,
        };
        (chosen.group === false ? tokens : comments).push(token);
      }
      // only skipped whitespace spans lines, so no token's end moves to a later line
      const lastBreak = chosen.lineBreaks ? lastLineBreak(image) : undefined;
      if (lastBreak) {
        line += lastBreak.count;
        column = imageLength - lastBreak.endIndex;
      } else {
        column += imageLength;
      }
      offset += imageLength;
    } else {
      const start = offset;
      const startLine = line;
      const startColumn = column;
      let resynced = false;
      while (!resynced && offset < length) {
        offset++;
        resynced = all.some((candidate) => candidate.match(text, offset) !== -1);
      }
      column += offset - start;
      errors.push({
        offset: start,
        line: startLine,
        column: startColumn,
        length: offset - start,
        message: `unexpected character: ->${text.charAt(start)}<- at offset: ${start}, skipped ${offset - start} characters.`,
      });
    }
  }
  return { tokens, groups: { comments }, errors };
}

/** how many line breaks (\n, \r\n, \r) `image` holds and the index of the last one's last character, as chevrotain counts them */
function lastLineBreak(image: string): { count: number; endIndex: number } | undefined {
  let count = 0;
  let endIndex = -1;
  for (let i = 0; i < image.length; i++) {
    const c = image.charCodeAt(i);
    if (c === 10) {
      count++;
      endIndex = i;
    } else if (c === 13) {
      if (image.charCodeAt(i + 1) === 10) i++;
      count++;
      endIndex = i;
    }
  }
  return count > 0 ? { count, endIndex } : undefined;
}
