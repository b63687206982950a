// Lexer unit tests: tricky tokens (ranges, codes, money, percent, dates, reasons), keyword/identifier boundaries, comments.
import { describe, expect, it } from "vitest";
import type { IToken } from "chevrotain";
import { tokenize } from "../../src/syntax/lexer.js";

/**
 * A token's kind, independent of the token type's exact name, so these tests describe the
 * language rather than the lexer's internals: "integer", "range", "code", "money", "percent",
 * "date", "reason", "string", "ident", "kw:<word>" or the punctuation itself.
 */
const KIND_BY_NAME: Record<string, string> = {
  IntegerLit: "integer",
  Integer: "integer",
  Range: "range",
  DotDot: "range",
  CodeLit: "code",
  Code: "code",
  DigitCode: "code",
  MoneyLit: "money",
  Money: "money",
  PercentLit: "percent",
  Percent: "percent",
  DateLit: "date",
  ReasonLit: "reason",
  Reason: "reason",
  StringLit: "string",
  UnterminatedString: "unterminated",
  Identifier: "ident",
};

function kindOf(t: IToken): string {
  const name = t.tokenType.name;
  const kw = /^kw_(.+)$/i.exec(name);
  if (kw) return `kw:${kw[1]}`;
  return KIND_BY_NAME[name] ?? t.image;
}

function lex(text: string) {
  const out = tokenize(text);
  return { tokens: out.tokens, errors: out.errors, comments: out.groups.comments ?? [] };
}

/** `[kind, image]` for every token; asserts the text lexes without errors */
function tokens(text: string): Array<[string, string]> {
  const out = lex(text);
  expect(out.errors).toEqual([]);
  return out.tokens.map((t) => [kindOf(t), t.image]);
}

describe("numbers, ranges and codes", () => {
  it("a procedure range is INTEGER .. INTEGER", () => {
    expect(tokens("99202..99205")).toEqual([
      ["integer", "99202"],
      ["range", ".."],
      ["integer", "99205"],
    ]);
  });

  it("a modifier range is CODE .. CODE, the dot not taken into the first code", () => {
    expect(tokens("E1..E4")).toEqual([
      ["code", "E1"],
      ["range", ".."],
      ["code", "E4"],
    ]);
  });

  it("a range of dotted diagnosis codes", () => {
    expect(tokens("Z12.0..Z12.9")).toEqual([
      ["code", "Z12.0"],
      ["range", ".."],
      ["code", "Z12.9"],
    ]);
  });

  it.each(["Z12.11", "C50.*", "Z12*", "0001F", "G0121", "N362", "M54.50", "LT", "S83.511A"])("%s is one code token", (code) => {
    expect(tokens(code)).toEqual([["code", code]]);
  });

  it("a bare number is an integer", () => {
    expect(tokens("25 0 007")).toEqual([
      ["integer", "25"],
      ["integer", "0"],
      ["integer", "007"],
    ]);
  });

  it("codes in a set with commas", () => {
    expect(tokens("{ 45378, Z12.*, F1..F9 }")).toEqual([
      ["{", "{"],
      ["integer", "45378"],
      [",", ","],
      ["code", "Z12.*"],
      [",", ","],
      ["code", "F1"],
      ["range", ".."],
      ["code", "F9"],
      ["}", "}"],
    ]);
  });
});

describe("money, percent, dates, reasons", () => {
  it.each([
    ["$25", "money"],
    ["$3000.00", "money"],
    ["$0.50", "money"],
    ["20%", "percent"],
    ["12.5%", "percent"],
    ["0%", "percent"],
    ["2026-01-01", "date"],
    ["1999-12-31", "date"],
    ["CO-236", "reason"],
    ["PR-1", "reason"],
    ["OA-23", "reason"],
    ["PI-B7", "reason"],
    ["CR-A1", "reason"],
  ])("%s is a single %s token", (text, kind) => {
    expect(tokens(text)).toEqual([[kind, text]]);
  });

  it("a date followed by a field access keeps the date whole", () => {
    expect(tokens("2026-01-01 <= c.to")).toEqual([
      ["date", "2026-01-01"],
      ["<=", "<="],
      ["ident", "c"],
      [".", "."],
      ["kw:to", "to"],
    ]);
  });

  it("a subtraction written with spaces is not a date or a reason", () => {
    expect(tokens("2026 - 01 - 01").map(([k]) => k)).toEqual(["integer", "-", "integer", "-", "integer"]);
    expect(tokens("CO - 1").map(([k]) => k)).toEqual(["code", "-", "integer"]);
  });

  it("a remark code list after a reason", () => {
    expect(tokens("deny CO-151 remark N362, M15")).toEqual([
      ["kw:deny", "deny"],
      ["reason", "CO-151"],
      ["kw:remark", "remark"],
      ["code", "N362"],
      [",", ","],
      ["code", "M15"],
    ]);
  });
});

describe("keywords and identifiers", () => {
  it("`in` is a keyword, `in_network` another one, `index` a name", () => {
    expect(tokens("in in_network index")).toEqual([
      ["kw:in", "in"],
      ["kw:in_network", "in_network"],
      ["ident", "index"],
    ]);
  });

  it("a keyword is never the prefix of a longer name", () => {
    expect(tokens("not note no nothing inx years_between order any_line")).toEqual([
      ["kw:not", "not"],
      ["ident", "note"],
      ["kw:no", "no"],
      ["ident", "nothing"],
      ["ident", "inx"],
      ["ident", "years_between"],
      ["ident", "order"],
      ["ident", "any_line"],
    ]);
  });

  it("camelCase names and names with digits and underscores", () => {
    expect(tokens("serviceDate _tmp line2 modifier_indicator")).toEqual([
      ["ident", "serviceDate"],
      ["ident", "_tmp"],
      ["ident", "line2"],
      ["ident", "modifier_indicator"],
    ]);
  });

  it("a keyword after a dot is still lexed as the keyword (the parser accepts it as a name)", () => {
    expect(tokens("line.units")).toEqual([
      ["ident", "line"],
      [".", "."],
      ["kw:units", "units"],
    ]);
  });

  it("durations are a number then a unit keyword", () => {
    expect(tokens("365 days 1 year")).toEqual([
      ["integer", "365"],
      ["kw:days", "days"],
      ["integer", "1"],
      ["kw:year", "year"],
    ]);
  });

  it("operators, longest first", () => {
    expect(
      tokens("a != b <= c >= d < e > f = g + h - i * j / k")
        .filter(([k]) => k !== "ident")
        .map(([k]) => k),
    ).toEqual(["!=", "<=", ">=", "<", ">", "=", "+", "-", "*", "/"]);
  });
});

describe("strings and comments", () => {
  it("a string with escaped quotes and backslashes is one token", () => {
    const text = String.raw`"say \"hi\" \\ bye"`;
    expect(tokens(text)).toEqual([["string", text]]);
  });

  it("`//` inside a string is not a comment", () => {
    const out = lex('cite "http://example.org"');
    expect(out.tokens.map(kindOf)).toEqual(["kw:cite", "string"]);
    expect(out.comments).toEqual([]);
  });

  it("comments go to the comments group, not the token stream, with their positions", () => {
    const out = lex("// heading\nrule a // trailing\n  phase ptp\n");
    expect(out.errors).toEqual([]);
    expect(out.tokens.map((t) => t.image)).toEqual(["rule", "a", "phase", "ptp"]);
    expect(out.comments.map((c) => [c.image, c.startLine, c.startColumn])).toEqual([
      ["// heading", 1, 1],
      ["// trailing", 2, 8],
    ]);
  });

  it("a comment ends at the end of its line, CRLF included", () => {
    const out = lex("a // x\r\nb");
    expect(out.tokens.map((t) => [t.image, t.startLine])).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    expect(out.comments.map((c) => c.image)).toEqual(["// x"]);
  });

  it("token positions are 1-based lines and columns", () => {
    const out = lex("rule r\n  phase  validity");
    expect(out.tokens.map((t) => [t.image, t.startLine, t.startColumn, t.endColumn])).toEqual([
      ["rule", 1, 1, 4],
      ["r", 1, 6, 6],
      ["phase", 2, 3, 7],
      ["validity", 2, 10, 17],
    ]);
  });

  it("an unexpected character is a lexing error, not a crash", () => {
    const out = lex("a ! b");
    expect(out.errors.length).toBe(1);
    expect(out.errors[0].offset).toBe(2);
    expect(out.tokens.map((t) => t.image)).toEqual(["a", "b"]);
  });
});
