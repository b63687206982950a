import { describe, it, expect } from "vitest";
import type * as A from "../../src/syntax/ast.js";
import { parse } from "../../src/syntax/parser.js";

/** a file with a broken first rule (its condition and action given) and a good rule after it */
function withGoodRuleAfter(broken: string): string {
  return [
    'rule first "First"',
    "  phase ptp",
    '  cite "A manual"',
    broken,
    "",
    'rule second "Second"',
    "  phase mue",
    "  when line.units > 1",
    "  then deny CO-151",
    "",
  ].join("\n");
}

function ruleNames(ast: A.SourceFile): string[] {
  return ast.declarations.filter((d): d is A.RuleDecl => d.kind === "rule").map((d) => d.name.text);
}

describe("syntax errors", () => {
  it("a misspelled keyword gives exactly one diagnostic, at the word, with a suggestion", () => {
    const { ast, diagnostics } = parse(withGoodRuleAfter("  wen line.units > 1\n  then deny CO-1"), "f.edict");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      severity: "error",
      code: "syntax",
      message: 'expected "when" before the rule\'s condition, found "wen"',
      hint: "did you mean `when`?",
      span: { file: "f.edict", line: 4, col: 3, endLine: 4, endCol: 6 },
    });
    expect(ruleNames(ast)).toEqual(["second"]);
  });

  it("a missing then names what is missing and what was found", () => {
    const { ast, diagnostics } = parse(withGoodRuleAfter("  when line.units > 1\n  deny CO-1"), "f.edict");
    expect(diagnostics.map((d) => d.code)).toEqual(["syntax"]);
    expect(diagnostics[0].message).toBe('expected "then" after the rule\'s condition, found "deny"');
    expect(diagnostics[0].span).toMatchObject({ line: 5, col: 3 });
    expect(ruleNames(ast)).toEqual(["second"]);
  });

  it("an unterminated string is one diagnostic, and the rule still parses", () => {
    const { ast, diagnostics } = parse(withGoodRuleAfter('  when line.place = "11\n  then deny CO-1'), "f.edict");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "syntax", message: "this text has no closing quote", span: { line: 4, col: 21 } });
    expect(ruleNames(ast)).toEqual(["first", "second"]);
  });

  it("garbage characters are reported once, not again as a parse error", () => {
    const { ast, diagnostics } = parse(withGoodRuleAfter("  when line.units @# 1\n  then deny CO-1"), "f.edict");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: "syntax",
      message: 'unexpected characters "@#": they have no meaning in Edict',
      span: { line: 4, col: 19, endCol: 21 },
    });
    expect(ruleNames(ast)).toEqual(["second"]);
  });

  it("a file of garbage gives diagnostics, not an exception", () => {
    const { ast, diagnostics } = parse("%%% hello ??? }}}", "f.edict");
    expect(ast.declarations).toEqual([]);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.code === "syntax" && d.severity === "error")).toBe(true);
  });

  it("recovery goes on: one diagnostic per broken declaration, later ones still parse", () => {
    const text = [
      'rule a "A" phase ptp when x = then deny CO-1',
      "parameter p = $25.00",
      'rule b "B" phase ptp when x then dney CO-1',
      'benefit c "C" {\n  codez x\n}',
      'rule d "D" phase ptp when y then deny CO-2',
      "accumulator v: count",
    ].join("\n");
    const { ast, diagnostics } = parse(text, "f.edict");
    expect(diagnostics.map((d) => [d.code, d.span.line, d.span.col, d.message])).toEqual([
      ["syntax", 1, 31, 'expected a value after "=", found "then"'],
      ["syntax", 3, 34, 'expected an action (deny, pend, remark or set allowed) after "then", found "dney"'],
      [
        "syntax",
        5,
        3,
        'expected a benefit line (codes, when, in_network:, out_of_network:, limit, requires authorization, cite) or "}" to close the benefit, found "codez"',
      ],
    ]);
    expect(diagnostics[2].hint).toBe("did you mean `codes`?");
    expect(ast.declarations.map((d) => d.kind)).toEqual(["parameter", "rule", "accumulator"]);
  });

  it("a missing closing brace is reported at the next declaration", () => {
    const { ast, diagnostics } = parse("benefit b {\n  codes x\nrule r phase ptp when x then deny CO-1", "f.edict");
    expect(diagnostics.map((d) => d.code)).toEqual(["syntax"]);
    expect(diagnostics[0].message).toMatch(/or "}" to close the benefit, found "rule"$/);
    expect(diagnostics[0].span).toMatchObject({ line: 3, col: 1 });
    expect(ruleNames(ast)).toEqual(["r"]);
  });

  it("the end of the file is named as such", () => {
    const { diagnostics } = parse("rule r phase ptp when x", "f.edict");
    expect(diagnostics.map((d) => d.code)).toEqual(["syntax"]);
    expect(diagnostics[0].message).toBe('expected "then" after the rule\'s condition, found the end of the file');
    expect(diagnostics[0].span).toMatchObject({ line: 1, col: 24 });
  });

  it("an unknown phase lists the phases and suggests the nearest", () => {
    const { ast, diagnostics } = parse("rule r phase ptpp when x then deny CO-1", "f.edict");
    expect(diagnostics.map((d) => d.code)).toEqual(["unknown-phase"]);
    expect(diagnostics[0].message).toBe(
      'unknown phase "ptpp"; the phases are eligibility, duplicates, validity, sex_age, ptp, mue, necessity, benefits, authorization, limits, pricing',
    );
    expect(diagnostics[0].hint).toBe("did you mean `ptp`?");
    expect(diagnostics[0].span).toMatchObject({ line: 1, col: 14, endCol: 18 });
    expect(ruleNames(ast)).toEqual(["r"]); // complete apart from the phase
  });

  it("a reserved word used as a name says so", () => {
    const { diagnostics } = parse("rule r phase ptp when any count in x then deny CO-1", "f.edict");
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["syntax", 'expected a name after "any", found "count", a word the language reserves; choose another name'],
    ]);
  });

  it("explains the small slips people make", () => {
    const messageOf = (text: string) => parse(text, "f.edict").diagnostics.map((d) => `[${d.code}] ${d.message}${d.hint ? ` | ${d.hint}` : ""}`);
    expect(messageOf("rule r phase ptp when a ! b then deny CO-1")).toEqual([
      '[syntax] unexpected "!" | write "!=" for "is not equal to", or "not" before a condition',
    ]);
    expect(messageOf("rule r 'R' phase ptp when a then deny CO-1")).toEqual(['[syntax] texts are written in double quotes | write "R"']);
    expect(messageOf("rule r phase ptp when a then deny CO-151 N362")).toEqual([
      '[syntax] unexpected "N362" after the end of the rule | remark codes follow the word "remark": `deny CO-151 remark N362`',
    ]);
    expect(messageOf("parameter p = $25.5")).toEqual(['[syntax] an amount of money has two decimals, like $25.00; found "$25.5"']);
    expect(messageOf("valueset v = procedure { 1 2 }")).toEqual(['[syntax] expected "," or "}" to close the list of codes, found "2"']);
    expect(messageOf("rule r phase ptp when a.b[1] then deny CO-1")).toEqual([
      '[syntax] only a table\'s name can be followed by "[ … ]", like ptp[line.code, other.code]',
    ]);
    expect(messageOf("hello")).toEqual([
      '[syntax] expected a declaration (pack, include, valueset, table, parameter, accumulator, plan, benefit or rule), found "hello"',
    ]);
  });

  it("never names chevrotain's token types", () => {
    const texts = ["rule r phase ptp when (a then deny CO-1", "table t from x {}", "plan { network sideways {} }", "rule r phase ptp when f(a then deny CO-1"];
    for (const text of texts) {
      for (const d of parse(text, "f.edict").diagnostics) expect(d.message).not.toMatch(/Kw_|Identifier|NameToken|AnyWord|StringLit|RCurly|LParen|EOF/);
    }
  });
});
