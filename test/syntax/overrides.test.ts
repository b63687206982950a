// The override declarations: `override rule`, `override parameter` and `disable rule` parse to
// the rule or parameter they prefix (marked as overriding) and print back the same.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { parse, print, format } from "../../src/syntax/index.js";
import type * as A from "../../src/syntax/ast.js";
import { shape } from "./support.js";

const SOURCE = `pack "payer" version "1"

include "../base"

override parameter office_copay "Payer copay" = $30.00

disable rule timely_filing_limit
  cite "Contract §9.1"
  cite "Memo 2026-04"

override rule duplicate_of_paid "Stricter duplicates"
  phase duplicates
  when any past in history where past.code = line.code
  then deny CO-18
`;

describe("override declarations", () => {
  it("parse as one declaration each, spans starting at `override` or `disable`", () => {
    const { ast, diagnostics } = parse(SOURCE, "p.edict");
    expect(diagnostics).toEqual([]);
    expect(ast.declarations.map((d) => d.kind)).toEqual(["pack", "include", "parameter", "disable", "rule"]);
    const [, , parameter, disable, rule] = ast.declarations as [A.PackHeader, A.Include, A.ParameterDecl, A.DisableDecl, A.RuleDecl];
    expect(parameter.override).toBe(true);
    expect(parameter.name.text).toBe("office_copay");
    expect(parameter.span.line).toBe(5);
    expect(parameter.span.col).toBe(1);
    expect(disable.rule.text).toBe("timely_filing_limit");
    expect(disable.rule.span).toMatchObject({ line: 7, col: 14 });
    expect(disable.cites.map((c) => c.value)).toEqual(["Contract §9.1", "Memo 2026-04"]);
    expect(disable.span).toMatchObject({ line: 7, col: 1, endLine: 9 });
    expect(rule.override).toBe(true);
    expect(rule.span).toMatchObject({ line: 11, col: 1, endLine: 14 });
    expect(SOURCE.slice(rule.span.offset, rule.span.endOffset)).toMatch(/^override rule duplicate_of_paid[^]*CO-18$/);
  });

  it("a plain rule or parameter is not an override", () => {
    const { ast } = parse("rule r phase ptp when line.units > 1 then deny CO-16\nparameter p = 3\n", "p.edict");
    expect(ast.declarations.map((d) => (d as A.RuleDecl | A.ParameterDecl).override)).toEqual([undefined, undefined]);
  });

  it("format is the identity on canonical text and print preserves the AST", () => {
    expect(format(SOURCE, "p.edict")).toEqual({ text: SOURCE, diagnostics: [] });
    const squeezed = SOURCE.replace(/\n\s*/g, " ");
    const formatted = format(squeezed, "p.edict");
    expect(formatted.diagnostics).toEqual([]);
    expect(formatted.text).toBe(SOURCE);
    expect(shape(parse(print(parse(SOURCE, "p.edict").ast), "p.edict").ast)).toEqual(shape(parse(SOURCE, "p.edict").ast));
  });

  it("rules/acme-payer/payer.edict is already formatted", () => {
    const text = readFileSync("rules/acme-payer/payer.edict", "utf8");
    expect(format(text, "rules/acme-payer/payer.edict")).toEqual({ text, diagnostics: [] });
  });

  it("only rules and parameters can be overridden, and only rules disabled", () => {
    const table = parse('override table t from "t.csv" { key c: procedure }\n', "p.edict");
    expect(table.diagnostics.map((d) => d.code)).toEqual(["syntax"]);
    expect(table.diagnostics[0].span).toMatchObject({ line: 1, col: 10 });
    expect(table.diagnostics[0].message).toContain("rule");
    expect(table.diagnostics[0].message).toContain("parameter");
    const disableParameter = parse("disable parameter p\n", "p.edict");
    expect(disableParameter.diagnostics.map((d) => d.code)).toEqual(["syntax"]);
    expect(disableParameter.diagnostics[0].span).toMatchObject({ line: 1, col: 9 });
  });

  it("one broken override leaves the next declaration intact", () => {
    const { ast, diagnostics } = parse("disable rule\n\nparameter p = 3\n", "p.edict");
    expect(diagnostics.map((d) => d.code)).toEqual(["syntax"]);
    expect(ast.declarations.map((d) => d.kind)).toEqual(["parameter"]);
  });
});
