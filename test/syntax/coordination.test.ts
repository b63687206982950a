// The syntax of coordination of benefits: a plan's `coordination` line and `no out_of_pocket
// maximum`, `override coordination …`, and `precedence` rules parse to their AST, print back
// the same, and say what is wrong when they are malformed.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, print, format } from "../../src/syntax/index.js";
import type * as A from "../../src/syntax/ast.js";
import { markSpans, shape } from "./support.js";

const SOURCE = `pack "p" version "1"

include "../base"

plan "Medicare" {
  fee schedule fees.amount
  coordination medicare_secondary
  network in {
    deductible $283.00 accumulator deductible
    no out_of_pocket maximum
    coinsurance 20%
  }
}

override coordination non_duplication
  cite "Rider 4"

precedence birthday_rule "The parent whose birthday comes first pays first"
  cite "NAIC MDL-120 §6B(2)"
  when
    first.relationship = "child"
    and month_day(first.subscriberBirthDate) < month_day(second.subscriberBirthDate)
`;

const diagnostics = (text: string) => parse(text, "p.edict").diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`);

describe("coordination syntax", () => {
  it("parses the plan's coordination line and a tier without an out-of-pocket maximum", () => {
    const { ast, diagnostics } = parse(SOURCE, "p.edict");
    expect(diagnostics).toEqual([]);
    const plan = ast.declarations[2] as A.PlanDecl;
    expect(plan.coordination!.method.text).toBe("medicare_secondary");
    expect(plan.coordination!.span).toMatchObject({ line: 7, col: 3, endCol: 34 });
    expect(markSpans(plan.tiers[0])).toEqual({
      network: "in",
      deductible: { amount: { kind: "money", text: "283.00" }, accumulator: { text: "deductible" } },
      noOutOfPocket: "<span>",
      coinsurance: { rate: { kind: "percent", text: "20" } },
    });
    expect(SOURCE.slice(plan.tiers[0]!.noOutOfPocket!.offset, plan.tiers[0]!.noOutOfPocket!.endOffset)).toBe("no out_of_pocket maximum");
  });

  it("parses `override coordination` with its cites, and a precedence rule over `first` and `second`", () => {
    const { ast } = parse(SOURCE, "p.edict");
    const [, , , override, precedence] = ast.declarations as [A.PackHeader, A.Include, A.PlanDecl, A.CoordinationOverrideDecl, A.PrecedenceDecl];
    expect(markSpans(override)).toEqual({ kind: "coordination", method: { text: "non_duplication" }, cites: [{ value: "Rider 4" }] });
    expect(override.span).toMatchObject({ line: 15, col: 1, endLine: 16 });
    expect(precedence.kind).toBe("precedence");
    expect(precedence.name.text).toBe("birthday_rule");
    expect(precedence.title!.value).toBe("The parent whose birthday comes first pays first");
    expect(precedence.cites.map((c) => c.value)).toEqual(["NAIC MDL-120 §6B(2)"]);
    expect(markSpans(precedence.when)).toMatchObject({
      kind: "binary",
      op: "and",
      left: { left: { kind: "field", object: { kind: "ident", name: "first" } } },
    });
    expect(SOURCE.slice(precedence.span.offset, precedence.span.endOffset)).toMatch(/^precedence birthday_rule[\s\S]*second\.subscriberBirthDate\)$/);
  });

  it("formats to itself, and back from one line", () => {
    expect(format(SOURCE, "p.edict")).toEqual({ text: SOURCE, diagnostics: [] });
    const squeezed = SOURCE.replace(/\n\s*/g, " ");
    expect(format(squeezed, "p.edict").text).toBe(SOURCE);
    expect(shape(parse(print(parse(SOURCE, "p.edict").ast), "p.edict").ast)).toEqual(shape(parse(SOURCE, "p.edict").ast));
  });

  it("the shipped coordination packs are formatted", () => {
    for (const path of [
      "rules/order-of-benefits/order.edict",
      "rules/medicare-demo/medicare.edict",
      "rules/demo-ppo-nondup/plan.edict",
      "rules/demo-ppo/plan.edict",
    ]) {
      const text = readFileSync(path, "utf8");
      expect(format(text, path), path).toEqual({ text, diagnostics: [] });
    }
  });

  it("reports a second coordination line, a second out-of-pocket line, and an unfinished one", () => {
    expect(diagnostics(`plan { coordination standard coordination non_duplication }`)).toEqual(["1:30 the plan already has a coordination line"]);
    expect(diagnostics(`plan { network in { out_of_pocket $1.00 accumulator a no out_of_pocket maximum } }`)).toEqual([
      "1:55 the network block already has an out_of_pocket line",
    ]);
    expect(diagnostics(`plan { network in { no out_of_pocket coinsurance 20% } }`)[0]).toMatch(/^1:38 .*maximum/);
  });

  it("a precedence rule needs a condition; `override coordination` needs a method", () => {
    expect(diagnostics(`precedence p "P" cite "x"`)[0]).toMatch(/when/);
    expect(diagnostics(`override coordination cite "x"`)[0]).toMatch(/^1:23 /);
  });

  it("`precedence` starts a declaration; `first`, `second` and `order` stay ordinary names", () => {
    const { ast, diagnostics: d } = parse(
      `rule r phase eligibility when any first in context.coverage where first.cobra then deny CO-27\nprecedence p when second.from < first.from\nparameter order = 1`,
      "p.edict",
    );
    expect(d).toEqual([]);
    expect(ast.declarations.map((x) => x.kind)).toEqual(["rule", "precedence", "parameter"]);
  });
});

describe("a precedence rule's condition ends the declaration", () => {
  it("a last field named like an override word does not swallow the next declaration", () => {
    for (const word of ["override", "disable"]) {
      const { ast, diagnostics: d } = parse(`precedence p when first.${word}\n\naccumulator a: money\n`, "p.edict");
      expect(d).toEqual([]);
      expect(ast.declarations.map((x) => x.kind)).toEqual(["precedence", "accumulator"]);
    }
  });
});
