// Parser diagnostics: messages, positions and hints for common mistakes, and recovery so later declarations still parse.
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parser.js";
import type { Diagnostic } from "../../src/common/diagnostic.js";
import type * as A from "../../src/syntax/ast.js";

const FILE = "bad.edict";

function diagnose(text: string) {
  const out = parse(text, FILE);
  return { ...out, codes: out.diagnostics.map((d) => d.code), at: (d: Diagnostic) => [d.span.line, d.span.col] };
}

const names = (ast: A.SourceFile) => ast.declarations.map((d) => ("name" in d && d.name && "text" in d.name ? `${d.kind}:${d.name.text}` : d.kind));

const RULE_B = "rule b phase validity when x then deny CO-1";

describe("misspelled and missing keywords", () => {
  it("`wen` for `when`: one diagnostic at the word, with a did-you-mean", () => {
    const { diagnostics, at, codes } = diagnose('rule r "R"\n  phase validity\n  wen line.units > 1\n  then deny CO-1\n');
    expect(codes).toEqual(["syntax"]);
    const [d] = diagnostics;
    expect(at(d)).toEqual([3, 3]);
    expect(d.span).toMatchObject({ file: FILE, endLine: 3, endCol: 6 });
    expect(d.severity).toBe("error");
    expect(d.message).toContain('expected "when"');
    expect(d.message).toContain('"wen"');
    expect(d.hint).toBe("did you mean `when`?");
  });

  it("`wen` on one line: column of the misspelled word", () => {
    const { diagnostics, at, codes } = diagnose("rule r phase validity wen x then deny CO-1");
    expect(codes).toEqual(["syntax"]);
    expect(at(diagnostics[0])).toEqual([1, 23]);
    expect(diagnostics[0].hint).toBe("did you mean `when`?");
  });

  it("missing `then` points at the action", () => {
    const { diagnostics, at, ast, codes } = diagnose("rule r phase validity\n  when x = 1\n  deny CO-1\n\n" + RULE_B);
    expect(codes).toEqual(["syntax"]);
    expect(at(diagnostics[0])).toEqual([3, 3]);
    expect(diagnostics[0].message).toContain('expected "then"');
    expect(diagnostics[0].message).toContain('"deny"');
    expect(names(ast)).toEqual(["rule:b"]);
  });

  it("a missing action at the end of the file is reported at the end of the last token", () => {
    const { diagnostics, at, codes } = diagnose("rule r phase ptp when x then");
    expect(codes).toEqual(["syntax"]);
    expect(at(diagnostics[0])).toEqual([1, 29]);
    expect(diagnostics[0].message).toMatch(/^expected an action \(deny, pend, remark or set allowed\)/);
    expect(diagnostics[0].message).toContain("the end of the file");
  });

  it("an unclosed parenthesis", () => {
    const { diagnostics, at, codes } = diagnose("rule r phase ptp when (x and y then pend");
    expect(codes).toEqual(["syntax"]);
    expect(at(diagnostics[0])).toEqual([1, 32]);
    expect(diagnostics[0].message).toContain('expected ")"');
  });

  it("a bad reason code", () => {
    const { diagnostics, at, codes } = diagnose("rule r phase ptp when x then deny XX-1");
    expect(codes[0]).toBe("syntax");
    expect(at(diagnostics[0])).toEqual([1, 35]);
    expect(diagnostics[0].message).toContain("reason");
  });
});

describe("lexical errors", () => {
  it("an unterminated string is reported at its opening quote; the next declaration still parses", () => {
    const { diagnostics, at, ast, codes } = diagnose('rule r phase validity\n  when x = "abc\n  then deny CO-1\n\n' + RULE_B);
    expect(codes[0]).toBe("syntax");
    const d = diagnostics.find((x) => /no closing quote|never closed/.test(x.message));
    expect(d).toBeDefined();
    expect(at(d!)).toEqual([2, 12]);
    expect(d!.span.endLine).toBe(2);
    expect(names(ast)).toContain("rule:b");
  });

  it("an unterminated title string", () => {
    const { diagnostics } = diagnose('rule r "abc\n  phase validity when x then deny CO-1');
    expect(diagnostics[0]).toMatchObject({ code: "syntax", span: { line: 1, col: 8 } });
    expect(diagnostics[0].message).toMatch(/no closing quote|never closed/);
  });

  it("a stray `!` says how to write not-equal", () => {
    const { diagnostics, at, codes } = diagnose("rule r phase validity\n  when x ! y\n  then deny CO-1");
    expect(codes[0]).toBe("syntax");
    const [d] = diagnostics;
    expect(at(d)).toEqual([2, 10]);
    expect(d.span.endCol).toBe(11);
    // the advice may be in the message or in the hint
    const advice = `${d.message} ${d.hint ?? ""}`;
    expect(d.message).toContain('"!"');
    expect(advice).toContain('"!="');
    expect(advice).toContain('"not"');
  });

  it("`!` before a condition gives exactly the lexical diagnostic", () => {
    const { diagnostics, at, codes } = diagnose("rule r phase validity when x != y and !z then deny CO-1");
    expect(codes).toEqual(["syntax"]);
    expect(at(diagnostics[0])).toEqual([1, 39]);
  });

  it("other unexpected characters are named", () => {
    const { diagnostics, at, codes } = diagnose("rule r phase validity when x = 1 ^ then deny CO-1");
    expect(codes).toEqual(["syntax"]);
    expect(diagnostics[0].message).toContain('"^"');
    expect(at(diagnostics[0])).toEqual([1, 34]);
  });
});

describe("recovery", () => {
  it("garbage declarations between valid rules: every valid rule still parses, one diagnostic per bad one", () => {
    const text = [
      "rule a phase validity when x then deny CO-1",
      "",
      "table",
      "",
      "rule b phase validity when x then deny CO-1",
      "valueset = procedure { 1 }",
      "rule c phase validity when x then deny CO-1",
      "benefit 5 { }",
      "rule d phase ptp when y then pend",
      "rule e phase ptp when then pend",
      "rule f phase ptp when y then pend",
      "",
    ].join("\n");
    const { diagnostics, ast, at, codes } = diagnose(text);
    expect(names(ast)).toEqual(["rule:a", "rule:b", "rule:c", "rule:d", "rule:f"]);
    expect(codes).toEqual(["syntax", "syntax", "syntax", "syntax"]);
    // `table` with nothing after it: reported at its end, or at the declaration that cut it short
    expect([
      [3, 6],
      [5, 1],
    ]).toContainEqual(at(diagnostics[0]));
    expect(diagnostics.slice(1).map(at)).toEqual([
      [6, 10],
      [8, 9],
      [10, 23],
    ]);
    expect(diagnostics.every((d) => d.severity === "error")).toBe(true);
  });

  it("junk that is not a declaration: later rules still parse", () => {
    const text = [
      "rule a phase validity when x then deny CO-1",
      "foo bar baz",
      "rule b phase validity when x then deny CO-1",
      ")))",
      "rule c phase ptp when y then pend",
      "rule d phase ptp when z then pend",
    ].join("\n");
    const { diagnostics, ast, at, codes } = diagnose(text);
    expect(codes).toEqual(["syntax", "syntax"]);
    expect(diagnostics.map(at)).toEqual([
      [2, 1],
      [4, 1],
    ]);
    expect(diagnostics[0].message).toContain('unexpected "foo"');
    expect(diagnostics[0].message).toContain("declaration");
    // c and d come after the junk and parse; a and b are the declarations the junk ran into
    expect(names(ast).filter((n) => n === "rule:c" || n === "rule:d")).toEqual(["rule:c", "rule:d"]);
  });

  it("a missing `}` in a benefit: the following rule still parses", () => {
    const { diagnostics, ast, at, codes } = diagnose('benefit b "B" {\n  codes x\n  cite "c"\n\nrule r phase validity when x then deny CO-1\n');
    expect(codes).toEqual(["syntax"]);
    expect(diagnostics[0].message).toContain('"}"');
    // at the end of the benefit's last token, or at the rule that cut it short
    expect([
      [3, 11],
      [5, 1],
    ]).toContainEqual(at(diagnostics[0]));
    expect(names(ast)).toEqual(["rule:r"]);
  });

  it("a missing `}` in a table: the following valueset still parses", () => {
    const { ast, codes } = diagnose('table t from "t.csv" {\n  key code: procedure\n\nvalueset v = procedure { 1 }\n');
    expect(codes).toEqual(["syntax"]);
    expect(names(ast)).toEqual(["valueset:v"]);
  });

  it("ten broken rules give ten diagnostics, not a cascade", () => {
    const text = Array.from({ length: 10 }, (_, i) => `rule r${i} phase validity wen x then deny CO-1`).join("\n") + "\n" + RULE_B;
    const { diagnostics, ast, codes } = diagnose(text);
    expect(codes).toEqual(Array(10).fill("syntax"));
    expect(diagnostics.map((d) => d.span.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(names(ast)).toEqual(["rule:b"]);
  });
});

describe("names and phases", () => {
  it("an unknown phase lists the phases and suggests the closest", () => {
    const { diagnostics, at, ast, codes } = diagnose("rule r\n  phase valdity\n  when x\n  then deny CO-1");
    expect(codes).toEqual(["unknown-phase"]);
    const [d] = diagnostics;
    expect(at(d)).toEqual([2, 9]);
    expect(d.span.endCol).toBe(16);
    expect(d.message).toContain("valdity");
    for (const phase of ["eligibility", "duplicates", "validity", "sex_age", "ptp", "mue", "necessity", "benefits", "authorization", "limits", "pricing"]) {
      expect(d.message).toContain(phase);
    }
    expect(d.hint).toBe("did you mean `validity`?");
    // the rule itself is still there for later stages
    expect(names(ast)).toEqual(["rule:r"]);
  });

  it("another unknown phase: `pricng`", () => {
    const { diagnostics, codes } = diagnose("rule r phase pricng when x then deny CO-1");
    expect(codes).toEqual(["unknown-phase"]);
    expect(diagnostics.map((d) => d.hint)).toEqual(["did you mean `pricing`?"]);
  });

  it("a reserved word as a valueset name says the word is reserved", () => {
    // `visits` is a soft keyword (allowed as a name); `when` and `any` are reserved
    for (const word of ["when", "any"]) {
      const { diagnostics, at, codes } = diagnose(`valueset ${word} = procedure { 99213 }`);
      expect(codes).toEqual(["syntax"]);
      expect(at(diagnostics[0])).toEqual([1, 10]);
      expect(diagnostics[0].message).toContain(`"${word}"`);
      expect(diagnostics[0].message).toContain("reserves");
    }
  });

  it("a reserved word as a rule name or a variable", () => {
    const rule = diagnose("rule any phase ptp when x then pend");
    expect(rule.codes).toEqual(["syntax"]);
    expect(rule.diagnostics[0].message).toContain("reserves");
    const { diagnostics, at, codes } = diagnose("rule r phase ptp when any in in claim.lines then pend");
    expect(codes).toEqual(["syntax"]);
    expect(at(diagnostics[0])).toEqual([1, 27]);
    expect(diagnostics[0].message).toContain("reserves");
  });

  it("an unknown column type is a syntax error", () => {
    // grammar: type_name is one of procedure | diagnosis | modifier | code | pattern | text | integer | money | percent | date | boolean
    const { diagnostics, at, codes } = diagnose('table t from "t.csv" {\n  key c: procedure\n  n: strin\n}');
    expect(codes).toEqual(["syntax"]);
    expect(at(diagnostics[0])).toEqual([3, 6]);
    expect(diagnostics[0].message).toContain("column type");
  });

  it("a missing colon in a column", () => {
    const { diagnostics, at, codes } = diagnose('table t from "x" { key code procedure }');
    expect(codes).toEqual(["syntax"]);
    expect(at(diagnostics[0])).toEqual([1, 29]);
    expect(diagnostics[0].message).toContain('expected ":"');
  });
});
