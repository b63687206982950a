import { describe, it, expect } from "vitest";
import { tokenize } from "../../src/syntax/lexer.js";

/** `kind:image` for each token, kinds without the keyword prefix */
function lex(text: string): string[] {
  const result = tokenize(text);
  expect(result.errors).toEqual([]);
  return result.tokens.map((t) => `${t.tokenType.name.replace(/^Kw_/, "kw:")}:${t.image}`);
}

describe("lexer", () => {
  it("keeps keywords whole and lets longer words be names", () => {
    expect(lex("in in_network index out out_of_network out_of_pocket outer")).toEqual([
      "kw:in:in",
      "kw:in_network:in_network",
      "Identifier:index",
      "kw:out:out",
      "kw:out_of_network:out_of_network",
      "kw:out_of_pocket:out_of_pocket",
      "Identifier:outer",
    ]);
    expect(lex("no not note on one is isle to today")).toEqual([
      "kw:no:no",
      "kw:not:not",
      "Identifier:note",
      "kw:on:on",
      "Identifier:one",
      "kw:is:is",
      "Identifier:isle",
      "kw:to:to",
      "Identifier:today",
    ]);
    expect(lex("modifier modifier_indicator serviceDate _x day days")).toEqual([
      "kw:modifier:modifier",
      "Identifier:modifier_indicator",
      "Identifier:serviceDate",
      "Identifier:_x",
      "kw:day:day",
      "kw:days:days",
    ]);
  });

  it("reads a date before a number", () => {
    expect(lex("2026-01-01 2026")).toEqual(["DateLit:2026-01-01", "Integer:2026"]);
  });

  it("reads reason codes before codes", () => {
    expect(lex("CO-236 PR-1 OA-23 CO CR-A1")).toEqual(["Reason:CO-236", "Reason:PR-1", "Reason:OA-23", "Code:CO", "Reason:CR-A1"]);
  });

  it("reads every shape of code", () => {
    expect(lex("Z12.11 C50.* Z12* E1 LT G0121 N362 0001F")).toEqual([
      "Code:Z12.11",
      "Code:C50.*",
      "Code:Z12*",
      "Code:E1",
      "Code:LT",
      "Code:G0121",
      "Code:N362",
      "DigitCode:0001F",
    ]);
  });

  it("reads ranges as number, .., number and code, .., code", () => {
    expect(lex("99202..99205")).toEqual(["Integer:99202", "DotDot:..", "Integer:99205"]);
    expect(lex("E1..E4")).toEqual(["Code:E1", "DotDot:..", "Code:E4"]);
    expect(lex("F1..F9,")).toEqual(["Code:F1", "DotDot:..", "Code:F9", "Comma:,"]);
  });

  it("reads money and percentages, with decimals only there", () => {
    expect(lex("$25 $3000.00 20% 12.5% 0%")).toEqual(["Money:$25", "Money:$3000.00", "Percent:20%", "Percent:12.5%", "Percent:0%"]);
    expect(lex("1.5")).toEqual(["Integer:1", "Dot:.", "Integer:5"]);
  });

  it("leaves durations to the parser: a number then a unit word", () => {
    expect(lex("365 days 1 month")).toEqual(["Integer:365", "kw:days:days", "Integer:1", "kw:month:month"]);
  });

  it("reads strings with escaped quotes and backslashes", () => {
    expect(lex(String.raw`"a \"b\" c\\" "x"`)).toEqual([String.raw`StringLit:"a \"b\" c\\"`, 'StringLit:"x"']);
  });

  it("reads a string that never closes as one token to the end of the line", () => {
    const result = tokenize('cite "abc\nwhen');
    expect(result.tokens.map((t) => t.tokenType.name)).toEqual(["Kw_cite", "UnterminatedString", "Kw_when"]);
  });

  it("keeps comments apart, with their text", () => {
    const result = tokenize("rule // a note\n// another\nx");
    expect(result.tokens.map((t) => t.image)).toEqual(["rule", "x"]);
    expect(result.groups.comments.map((t) => t.image)).toEqual(["// a note", "// another"]);
  });

  it("reads operators, longest first", () => {
    expect(lex("a != b <= c >= d < e > f = g")).toEqual([
      "Identifier:a",
      "NotEqual:!=",
      "Identifier:b",
      "LessEqual:<=",
      "Identifier:c",
      "GreaterEqual:>=",
      "Identifier:d",
      "Less:<",
      "Identifier:e",
      "Greater:>",
      "Identifier:f",
      "Equal:=",
      "Identifier:g",
    ]);
  });

  it("reports characters that make no token and goes on", () => {
    const result = tokenize("a @ b");
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ offset: 2, line: 1, column: 3, length: 1 });
    expect(result.tokens.map((t) => t.image)).toEqual(["a", "b"]);
  });
});
