// Checking coordination of benefits: the plan's method (declared, defaulted, overridden by an
// outer pack), a tier without an out-of-pocket maximum, and precedence rules typed over two
// coverages `first` and `second`. Every mistake is one diagnostic at its file:line:col.
import { describe, expect, it } from "vitest";
import { compilePack, formatDiagnostic } from "../../src/index.js";
import { loadPack } from "../../src/node/index.js";

const TIER = `deductible $100.00 accumulator ded out_of_pocket $900.00 accumulator oop coinsurance 20%`;
const plan = (items: string, out = TIER) => `
table fees "Fees" from "fees.csv" { key code: procedure amount: money }
accumulator ded "Deductible": money
accumulator oop "Out of pocket": money
plan "P" {
  fee schedule fees.amount
  ${items}
  network in { ${TIER} }
  network out { ${out} }
}`;

function compile(files: Record<string, string>, entry = "payer") {
  const all: Record<string, string> = { "base/fees.csv": "code,amount\n99213,80.00\n", ...files };
  const out = compilePack(entry, all);
  return { out, text: out.diagnostics.map(formatDiagnostic).join("\n") };
}
const base = (items = "", out?: string) => ({ "base/base.edict": `pack "base" version "1"\n${plan(items, out)}` });
const payer = (body: string, includes = ['"../base"']) => ({
  "payer/payer.edict": `pack "payer" version "1"\n${includes.map((i) => `include ${i}`).join("\n")}\n${body}\n`,
});

describe("the plan's coordination method", () => {
  it("is the declared one, or standard when the plan says none", () => {
    const declared = compile(base("coordination medicare_secondary"), "base").out;
    expect(declared.ok && declared.ruleset.program.plan!.coordination).toMatchObject({
      method: "medicare_secondary",
      pack: "base",
      span: { file: "base/base.edict", line: 8 },
    });
    const none = compile(base(), "base").out;
    expect(none.ok && none.ruleset.program.plan!.coordination).toMatchObject({ method: "standard", pack: "base", span: { line: 6, col: 1 } });
  });

  it("an unknown method is an error naming the three, with a suggestion", () => {
    const { out, text } = compile(base("coordination non_duplicaton"), "base");
    expect(out.ok).toBe(false);
    expect(out.diagnostics.map((d) => d.code)).toEqual(["unknown-coordination"]);
    expect(text).toBe(
      "base/base.edict:8:16: error: unknown coordination method `non_duplicaton`; the methods are standard, non_duplication, medicare_secondary\n  hint: did you mean `non_duplication`?",
    );
  });

  it("an outer pack overrides it, innermost first, with its cites", () => {
    const { out } = compile({ ...base("coordination standard"), ...payer(`override coordination non_duplication cite "Rider 2"`) });
    expect(out.ok && out.ruleset.program.plan!.coordination).toMatchObject({
      method: "non_duplication",
      pack: "payer",
      cites: ["Rider 2"],
      span: { file: "payer/payer.edict", line: 3 },
    });
    const stacked = compile(
      {
        ...base(),
        ...payer(`override coordination non_duplication`),
        "outer/outer.edict": `pack "outer" version "1"\ninclude "../payer"\noverride coordination medicare_secondary\n`,
      },
      "outer",
    ).out;
    expect(stacked.ok && stacked.ruleset.program.plan!.coordination).toMatchObject({ method: "medicare_secondary", pack: "outer" });
  });

  it("an override needs a plan in an included pack, not in its own pack", () => {
    const noPlan = compile({ "base/base.edict": `pack "base" version "1"`, ...payer(`override coordination standard`) });
    expect(noPlan.out.diagnostics.map((d) => d.code)).toEqual(["unknown-override"]);
    expect(noPlan.text).toBe("payer/payer.edict:3:1: error: `override coordination`: there is no plan in the packs payer includes");
    const own = compile({
      "payer/payer.edict": `pack "payer" version "1"\n${plan("")}\noverride coordination standard\n`,
      "base/fees.csv": "",
      "payer/fees.csv": "code,amount\n",
    });
    expect(own.text).toMatch(
      /^payer\/payer\.edict:12:1: error: the plan is declared in this pack \(payer\/payer\.edict:6:1\); write its `coordination` line there instead$/,
    );
    expect(own.out.diagnostics.map((d) => d.code)).toEqual(["override-own"]);
    const sibling = compile({
      ...base(),
      "other/other.edict": `pack "other" version "1"\noverride coordination standard\n`,
      ...payer("", ['"../base"', '"../other"']),
    });
    expect(sibling.out.diagnostics.map((d) => d.code)).toEqual(["override-not-included"]);
    expect(sibling.text).toMatch(/^other\/other\.edict:2:1: error: the plan comes from pack base \(base\/base\.edict:6:1\), which other does not include/);
  });

  it("an override with an unknown method is reported once, at the method", () => {
    const { text } = compile({ ...base(), ...payer(`override coordination medicare`) });
    expect(text).toMatch(/^payer\/payer\.edict:3:23: error: unknown coordination method `medicare`[^\n]*\n {2}hint: did you mean `medicare_secondary`\?$/);
  });
});

describe("a tier without an out-of-pocket maximum", () => {
  it("has no maximum and no accumulator", () => {
    const { out } = compile(base("", "deductible $100.00 accumulator ded no out_of_pocket maximum coinsurance 20%"), "base");
    expect(out.ok && out.ruleset.program.plan!.tiers.out).toEqual({
      deductible: 10000,
      deductibleAccumulator: "ded",
      outOfPocket: null,
      outOfPocketAccumulator: null,
      coinsurance: 2000,
    });
    expect(out.ok && out.ruleset.program.plan!.tiers.in.outOfPocket).toBe(90000);
  });

  it("a tier that says neither is incomplete, and the message names both ways", () => {
    const { text } = compile(base("", "deductible $100.00 accumulator ded coinsurance 20%"), "base");
    expect(text).toContain("(or no out_of_pocket maximum)");
  });
});

describe("precedence rules", () => {
  const pack = (body: string) => compile({ "o/o.edict": `pack "o" version "1"\n${body}\n` }, "o");

  it("type their condition with `first` and `second` as coverages", () => {
    const { out } = pack(`precedence p "P" cite "c" when first.from < second.from and not first.cobra`);
    expect(out.ok).toBe(true);
    const [rule] = out.ok ? out.ruleset.program.precedence : [];
    expect(rule).toMatchObject({ id: "p", pack: "o", title: "P", cites: ["c"], slots: 5 });
  });

  it("report a field coverage does not have, a non-boolean condition, and `first` outside a precedence rule", () => {
    expect(pack(`precedence p when first.relation = "self"`).text).toBe(
      "o/o.edict:2:25: error: coverage has no field `relation`\n  hint: did you mean `relationship`?",
    );
    expect(pack(`precedence p when first.from`).text).toMatch(/^o\/o\.edict:2:19: error: a condition must be a boolean, but `first\.from` is a date$/);
    expect(pack(`rule r phase eligibility when first.cobra then deny CO-27`).text).toMatch(/^o\/o\.edict:2:31: error: unknown name `first`/);
  });

  it("are declared once", () => {
    expect(pack(`precedence p when first.cobra\nprecedence p when second.cobra`).text).toMatch(
      /^o\/o\.edict:3:12: error: precedence rule `p` is declared twice \(first at o\/o\.edict:2:12\)$/,
    );
  });

  it("month_day takes one date and gives month × 100 + day", () => {
    expect(pack(`precedence p when month_day(first.from, second.from) < 1`).text).toMatch(/`month_day` takes 1 arguments, not 2/);
    expect(pack(`precedence p when month_day(first.planId) < 1`).text).toMatch(/argument 1 of `month_day` must be a date/);
  });

  it("the shipped order-of-benefits pack checks clean", () => {
    const out = loadPack("rules/order-of-benefits");
    expect(out.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(out.ok && out.ruleset.program.precedence.map((p) => p.id)).toEqual([
      "active_employer_plan_before_medicare",
      "medicare_before_other",
      "dependent_of_worker_before_retiree_with_medicare",
      "non_dependent_before_dependent",
      "birthday_rule",
      "active_before_retired_or_laid_off",
      "cobra_after",
      "longer_coverage_first",
    ]);
  });
});
