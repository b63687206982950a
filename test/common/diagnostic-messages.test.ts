// Every wording of every diagnostic, once: each case below is a small mistake, and what Edict
// says about it (code, span, message, hint) must equal diagnostic-messages.txt. A change of
// wording, of position or of code shows up there, line by line, in review. After a deliberate
// change, rewrite the file with `npx vitest run test/common/diagnostic-messages.test.ts -u`.
import { describe, it, expect } from "vitest";
import { compilePack, formatDiagnostic, parse } from "../../src/index.js";
import type { Diagnostic } from "../../src/common/diagnostic.js";
import { parseReasonCodes } from "../../src/model/reason-codes.js";
import { loadTable } from "../../src/tables/load.js";
import { exportJsonRulesEngine } from "../../src/interop/json-rules-engine.js";
import { loadPack } from "../../src/node/index.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/temp.js";

const HEADER = `pack "p" version "1"

table fees from "tables/fees.csv" {
  key code: procedure
  amount: money
}

table pairs from "tables/pairs.csv" {
  key column1: procedure
  key column2: procedure
  modifier_indicator: integer
  active from effective until deletion
}

valueset visit_codes = procedure { 99211..99215 }

valueset screening = diagnosis { Z12.* }

parameter copay = $25.00

accumulator ded: money

accumulator visits: count
`;

const PLAN = `
plan {
  fee schedule fees.amount
  network in { deductible $500.00 accumulator ded out_of_pocket $3000.00 accumulator ded coinsurance 20% }
  network out { deductible $500.00 accumulator ded out_of_pocket $3000.00 accumulator ded coinsurance 40% }
}
`;

const TABLES = {
  "p/tables/fees.csv": "code,amount\n99213,95.00\n",
  "p/tables/pairs.csv": "column1,column2,effective,deletion,modifier_indicator\n97530,97140,2020-01-01,,1\n",
};

/** the pack `p`: the header above, then `body` */
const pack = (body: string, extra: Record<string, string> = {}) =>
  compilePack("p", { "p/rules.edict": `${HEADER}\n${body}\n`, ...TABLES, ...extra }).diagnostics;
const rule = (when: string, then = "deny CO-16", phase = "validity") => pack(`rule r\n  phase ${phase}\n  when ${when}\n  then ${then}\n`);
const benefit = (lines: string, withPlan = true) => pack(`${withPlan ? PLAN : ""}\nbenefit b {\n${lines}\n}\n`);
const syntax = (text: string) => parse(text, "s.edict").diagnostics;
const files = (entry: string, all: Record<string, string>) => compilePack(entry, all).diagnostics;

const BASE = 'pack "base" version "1"\nparameter limit_units = 4\nrule late phase eligibility when line.units > 9 then deny CO-29\n';
const payer = (body: string) => files("payer", { "base/base.edict": BASE, "payer/payer.edict": `pack "payer" version "1"\ninclude "../base"\n${body}` });

const column = (type: string, cell: string) =>
  loadTable(
    "t.csv",
    `k,v\n99213,${cell}\n`,
    [
      { name: { text: "k", span: SPAN }, type: "procedure", key: true, optional: false, span: SPAN },
      { name: { text: "v", span: SPAN }, type: type as "text", key: false, optional: false, span: SPAN },
    ],
    SPAN,
  ).diagnostics;
const SPAN = { file: "p/rules.edict", line: 1, col: 1, endLine: 1, endCol: 2, offset: 0, endOffset: 1 };

const CASES: Array<[string, () => Diagnostic[]]> = [
  // ---------------------------------------------------------------- syntax
  ["a misspelt keyword", () => syntax("rule r phase validity wen x then deny CO-1")],
  ["a condition cut short by the end of the file", () => syntax("rule r phase ptp when x")],
  ["a missing action", () => syntax("rule r phase ptp when x then")],
  ["a misspelt action", () => syntax("rule r phase ptp when x then dney CO-1")],
  ["a stray !", () => syntax("rule r phase ptp when a ! b then deny CO-1")],
  ["a stray character", () => syntax("rule r phase ptp when a ^ b then deny CO-1")],
  ["stray characters", () => syntax("rule r phase ptp when a @# b then deny CO-1")],
  ["a long run of stray characters", () => syntax("rule r phase ptp when a @@@@@@@@@@@@@@@@@@@@@@@@@ b then deny CO-1")],
  ["a text without its closing quote", () => syntax('rule r phase ptp when a = "abc\n  then deny CO-1')],
  ["a text in single quotes", () => syntax("rule r 'R' phase ptp when a then deny CO-1")],
  ["parentheses nested too deep", () => syntax(`rule r phase ptp when ${"(".repeat(101)}x${")".repeat(101)} then pend`)],
  ["two fee schedules", () => syntax("plan { fee schedule fees.amount fee schedule fees.amount }")],
  ["two deductible lines", () => syntax("plan { network in { deductible $1.00 accumulator a deductible $1.00 accumulator a } }")],
  ["two out-of-pocket lines", () => syntax("plan { network in { out_of_pocket $1.00 accumulator a out_of_pocket $1.00 accumulator a } }")],
  ["two coinsurance lines", () => syntax("plan { network in { coinsurance 20% coinsurance 30% } }")],
  ["two when lines in a benefit", () => syntax("benefit b { codes x when a when b }")],
  ["two limits in a benefit", () => syntax("benefit b { codes x limit 2 visits per year accumulator v limit 3 visits per year accumulator v }")],
  ["requires authorization twice", () => syntax("benefit b { codes x requires authorization requires authorization }")],
  ["[ … ] after something other than a table", () => syntax("rule r phase ptp when a.b[1] then deny CO-1")],
  ["a misspelt phase", () => syntax("rule r phase ptpp when x then pend")],
  ["an unknown phase nothing is close to", () => syntax("rule r phase zzzzzzzz when x then pend")],
  ["money with one decimal", () => syntax("parameter p = $25.5")],
  ["a remark code without `remark`", () => syntax("rule r phase ptp when a then deny CO-151 N362")],
  ["something after the end of a rule", () => syntax("rule r phase ptp when a then pend foo")],
  ["something after the end of a value set", () => syntax("valueset v = procedure { 1 } wen")],
  ["a reserved word as a name", () => syntax("rule any phase ptp when x then pend")],
  ["a reserved word as a variable", () => syntax("rule r phase ptp when any count in x then deny CO-1")],
  ["not a declaration", () => syntax("hello")],
  ["a misspelt declaration", () => syntax("rul r phase ptp when x then pend")],
  ["override of something else", () => syntax("override table x")],
  ["a missing comma in a code list", () => syntax("valueset v = procedure { 1 2 }")],
  ["a missing colon in a column", () => syntax('table t from "x" { key code procedure }')],
  ["an unknown column type", () => syntax('table t from "t.csv" {\n  key c: procedure\n  n: strin\n}')],
  ["a misspelt benefit line", () => syntax("benefit c {\n  codez x\n}")],
  ["a misspelt plan line", () => syntax("plan {\n  fee schedul fees.amount\n}")],
  ["a misspelt tier line", () => syntax("plan { network in { deductibel $1.00 accumulator a } }")],
  ["a missing brace before the next declaration", () => syntax("benefit b {\n  codes x\nrule r phase ptp when x then deny CO-1")],
  ["a missing `when` before a condition", () => syntax("rule r phase ptp line.units > 1 then pend")],
  ["an unclosed parenthesis", () => syntax("rule r phase ptp when (x and y then pend")],
  ["a bad reason code", () => syntax("rule r phase ptp when x then deny XX-1")],
  ["a bad network side", () => syntax("plan { network sideways {} }")],

  // ---------------------------------------------------------------- packs
  ["a missing included pack", () => files("p", { "p/a.edict": 'pack "p" version "1"\ninclude "../nowhere"\n' })],
  ["a missing entry pack", () => files("nowhere", { "p/a.edict": 'pack "p" version "1"\n' })],
  ["a folder without rule files", () => files("p", { "p/a.edict": 'pack "p" version "1"\ninclude "../q"\n', "q/readme.txt": "x" })],
  ["an include cycle", () => files("a", { "a/a.edict": 'pack "a" version "1"\ninclude "../b"\n', "b/b.edict": 'pack "b" version "1"\ninclude "../a"\n' })],
  ["a pack without a header", () => files("p", { "p/a.edict": "parameter x = 1\n" })],
  ["two pack headers", () => files("p", { "p/a.edict": 'pack "p" version "1"\n', "p/b.edict": 'pack "q" version "2"\n' })],

  // ---------------------------------------------------------------- declarations
  ["a name declared twice", () => pack("valueset copay = procedure { 99213 }")],
  ["a rule declared twice", () => pack("rule r1 phase ptp when line.units > 1 then pend\nrule r1 phase ptp when line.units > 2 then pend")],
  ["an accumulator declared twice", () => pack("accumulator ded: money")],
  ["an included rule declared again", () => payer("rule late phase eligibility when line.units > 9 then deny CO-29\n")],
  ["an included parameter declared again", () => payer("parameter limit_units = 5\n")],
  ["a parameter too large", () => pack("parameter big = 99999999999999999999")],
  ["a percentage with three decimals", () => pack("parameter rate = 12.345%")],
  ["a date that is not on the calendar", () => pack("parameter start = 2026-13-01")],
  ["a duration too large", () => pack("parameter span = 99999999999999999999 days")],
  ["money with three decimals", () => pack("parameter price = $1.234")],
  ["an override of another type", () => payer("override parameter limit_units = $5.00\n")],
  ["an override of nothing", () => payer("disable rule lat\n")],
  ["an override of nothing close", () => payer("override parameter zzzzzzzz = 1\n")],
  ["an override of the pack's own rule", () => payer("rule mine phase ptp when line.units > 1 then pend\ndisable rule mine\n")],
  ["an override of an override in the same pack", () => payer("override parameter limit_units = 5\noverride parameter limit_units = 6\n")],
  [
    "an override of a pack not included",
    () =>
      files("top", {
        "base/base.edict": BASE,
        "a/a.edict": 'pack "a" version "1"\ninclude "../base"\nrule mine phase validity when line.units > 9 then deny CO-16\n',
        "b/b.edict": 'pack "b" version "1"\ninclude "../base"\ndisable rule mine\n',
        "top/top.edict": 'pack "top" version "1"\ninclude "../a"\ninclude "../b"\n',
      }),
  ],
  ["an override of a disabled rule", () => payer("disable rule late\noverride rule late phase eligibility when line.units > 1 then pend\n")],

  // ---------------------------------------------------------------- coordination of benefits
  ["two coordination lines", () => syntax("plan { coordination standard coordination non_duplication }")],
  ["an out-of-pocket maximum and none", () => syntax("plan { network in { out_of_pocket $1.00 accumulator a no out_of_pocket maximum } }")],
  ["a misspelt coordination method", () => pack(PLAN.replace("fee schedule fees.amount", "fee schedule fees.amount\n  coordination standart"))],
  ["a coordination override without an included plan", () => payer("override coordination non_duplication\n")],
  ["a coordination override of the pack's own plan", () => pack(`${PLAN}\noverride coordination standard`)],
  [
    "a coordination override of a plan not included",
    () =>
      files("top", {
        "base/base.edict": `${HEADER.replace('pack "p"', 'pack "base"')}\n${PLAN}`,
        "base/tables/fees.csv": TABLES["p/tables/fees.csv"],
        "base/tables/pairs.csv": TABLES["p/tables/pairs.csv"],
        "other/other.edict": 'pack "other" version "1"\noverride coordination non_duplication\n',
        "top/top.edict": 'pack "top" version "1"\ninclude "../base"\ninclude "../other"\n',
      }),
  ],
  ["a precedence rule declared twice", () => pack("precedence p when first.cobra\nprecedence p when second.cobra")],
  ["a field coverage does not have", () => pack('precedence p when first.relation = "self"')],

  // ---------------------------------------------------------------- tables
  [
    "a column also named in active",
    () =>
      pack(
        'table t from "tables/pairs.csv" {\n  key column1: procedure\n  key column2: procedure\n  effective: date\n  active from effective until deletion\n}',
      ),
  ],
  ["a column declared twice", () => pack('table t from "tables/fees.csv" {\n  key code: procedure\n  code: money\n}')],
  ["a table without a key", () => pack('table t from "tables/fees.csv" {\n  amount: money\n}')],
  ["a missing table file", () => pack('table t from "tables/nothing.csv" {\n  key code: procedure\n}')],
  ["a table file without a declared column", () => pack('table t from "tables/fees.csv" {\n  key code: procedure\n  price: money\n}')],
  [
    "a row with too few cells",
    () => pack('table t from "tables/t.csv" {\n  key code: procedure\n  amount: money\n}', { "p/tables/t.csv": "code,amount\n99213\n" }),
  ],
  ["an empty cell", () => pack('table t from "tables/t.csv" {\n  key code: procedure\n  amount: money\n}', { "p/tables/t.csv": "code,amount\n99213, \n" })],
  [
    "an unclosed quote in a table",
    () => pack('table t from "tables/t.csv" {\n  key code: procedure\n  amount: money\n}', { "p/tables/t.csv": 'code,amount\n"99213,1.00\n' }),
  ],
  ["an empty table file", () => pack('table t from "tables/t.csv" {\n  key code: procedure\n}', { "p/tables/t.csv": "" })],
  ["a bad integer cell", () => column("integer", "x")],
  ["a bad money cell", () => column("money", "1.234")],
  ["a bad percent cell", () => column("percent", "x")],
  ["a bad date cell", () => column("date", "2026-13-01")],
  ["a bad boolean cell", () => column("boolean", "maybe")],
  ["a bad procedure cell", () => column("procedure", "9921")],
  ["a bad diagnosis cell", () => column("diagnosis", "Z")],
  ["a bad pattern cell", () => column("pattern", "12*")],
  ["a bad modifier cell", () => column("modifier", "LTX")],

  // ---------------------------------------------------------------- plan and benefits
  ["two plans", () => pack(`${PLAN}\n${PLAN}`)],
  ["benefits without a plan", () => benefit("  codes visit_codes", false)],
  ["a fee schedule of an unknown table", () => pack(PLAN.replace("fees.amount", "fee.amount"))],
  ["a fee schedule of an unknown column", () => pack(PLAN.replace("fees.amount", "fees.amout"))],
  ["a fee schedule that is not money", () => pack(PLAN.replace("fees.amount", "pairs.modifier_indicator"))],
  ["a plan without an out-of-network tier", () => pack(PLAN.replace(/ {2}network out.*\n/, ""))],
  ["a tier without coinsurance", () => pack(PLAN.replace(" coinsurance 40%", ""))],
  ["an unknown accumulator", () => pack(PLAN.replace("accumulator ded out_of_pocket $3000.00", "accumulator dedd out_of_pocket $3000.00"))],
  ["an accumulator of the wrong unit", () => pack(PLAN.replace("accumulator ded out_of_pocket $3000.00", "accumulator visits out_of_pocket $3000.00"))],
  ["an unknown parameter as a value", () => pack(PLAN.replace("$500.00", "copy"))],
  ["a deductible that is not money", () => pack(PLAN.replace("$500.00", "500"))],
  ["a bad literal as a value", () => pack(PLAN.replace("$500.00", "99999999999999999999"))],
  ["a benefit of an unknown value set", () => benefit("  codes visit_code")],
  ["a benefit of diagnosis codes", () => benefit("  codes screening")],
  ["a benefit without codes", () => benefit("  requires authorization")],
  ["a cost share given twice", () => benefit("  codes visit_codes\n  in_network: copay $10.00\n  in_network: copay $20.00")],
  ["a coinsurance that is not a percentage", () => benefit("  codes visit_codes\n  in_network: coinsurance $20.00")],
  ["a limit that is not a number", () => benefit("  codes visit_codes\n  limit $2.00 visits per year accumulator visits")],
  ["a bad code in a benefit's list", () => benefit("  codes { 9921 }")],

  // ---------------------------------------------------------------- rules and their actions
  ["an unknown reason code", () => rule("line.units > 1", "deny CO-999")],
  ["an unknown remark code", () => rule("line.units > 1", "deny CO-151 remark N9999")],
  ["a misspelt remark code", () => rule("line.units > 1", "deny CO-151 remark N3622")],
  ["an unknown remark code nothing is close to", () => rule("line.units > 1", "remark ZZZZZZZZ")],
  [
    "an unknown group code",
    () => {
      const parsed = parseReasonCodes("kind,code,description\ngroup,CO,Contractual\ncarc,16,Missing information\n");
      if (!parsed.ok) throw new Error("bad reason code table");
      return compilePack(
        "p",
        { "p/rules.edict": `${HEADER}\nrule r phase validity when line.units > 1 then deny PR-16\n`, ...TABLES },
        { reasonCodes: parsed.table },
      ).diagnostics;
    },
  ],
  ["set allowed outside pricing", () => rule("line.units > 1", "set allowed $10.00", "mue")],
  ["set allowed to a number", () => rule("line.units > 1", "set allowed line.units", "pricing")],

  // ---------------------------------------------------------------- expressions
  ["a condition that is not true or false", () => rule("line.units")],
  ["an unknown name", () => rule("lien.units > 1")],
  ["an unknown name nothing is close to", () => rule("zzzzzzzz > 1")],
  ["a value set used as a value", () => rule("visit_codes")],
  ["a table used as a value", () => rule("fees")],
  ["a field of a number", () => rule("line.units.x > 1")],
  ["a misspelt field", () => rule("line.servicedate > claim.receivedDate")],
  ["a field nothing is close to", () => rule("line.zzzzzzzz > 1")],
  ["a misspelt column", () => rule("any p in pairs[line.code, line.code] on line.serviceDate where p.modifier = 1")],
  ["an unknown table", () => rule("any r in pair[line.code, line.code] on line.serviceDate")],
  ["a dated table without a date", () => rule("any p in pairs[line.code, line.code]")],
  ["an undated table with a date", () => rule("any f in fees[line.code] on line.serviceDate")],
  ["a list membership with a date", () => rule("25 in line.modifiers on line.serviceDate")],
  ["too few keys", () => rule("any p in pairs[line.code] on line.serviceDate")],
  ["too many keys", () => rule("any f in fees[line.code, line.code]")],
  ["membership of a two-key table", () => rule("line.code in pairs on line.serviceDate")],
  ["an unknown function", () => rule("year_between(claim.member.birthDate, line.serviceDate) > 1")],
  ["a function with too few arguments", () => rule("years_between(claim.member.birthDate) > 1")],
  ["a function argument of the wrong type", () => rule("years_between(claim.member.birthDate, 3) > 1")],
  ["not on a number", () => rule("not line.units")],
  ["a negated text", () => rule("-line.placeOfService = 1")],
  ["a bad procedure code", () => rule("line.code = 9921")],
  ["a bad modifier", () => rule("any m in line.modifiers where m = LTX")],
  ["a prefix of a procedure code", () => rule("line.code in { G012* }")],
  ["a bad diagnosis in a list", () => rule("any d in line.diagnoses where d in { Z12.11, 123 }")],
  ["a bad range end", () => rule("line.code in { 99211..9921 }")],
  ["a bad code in a value set", () => pack("valueset bad = procedure { 99213, ABC }")],
  ["a bad member of a value set", () => rule("9921 in visit_codes")],
  ["a bad key", () => rule("any f in fees[9921]")],
  ["a key of the wrong type", () => rule("any f in fees[line.units]")],
  ["comparing money with a number", () => rule("line.charge > 100")],
  ["comparing a text with a number", () => rule("line.placeOfService = 11")],
  ["comparing records", () => rule("claim = claim")],
  ["ordering booleans", () => rule("(line.units > 1) < (line.units > 2)")],
  ["arithmetic on dates", () => rule("line.serviceDate + line.serviceDate > line.serviceDate")],
  ["each side of and", () => rule("line.units and line.units > 1")],
  ["a text tested against a code set", () => rule("line.placeOfService in { 11 }")],
  ["membership in a number", () => rule("line.code in line.units")],
  ["a member of the wrong type", () => rule("line.units in line.modifiers")],
  ["going through a number", () => rule("any x in line.units")],
  ["summing texts", () => rule("(sum l.placeOfService for l in claim.lines) > 1")],
  ["a where that is not a condition", () => rule("any l in claim.lines where l.units")],
  ["matches on a number", () => rule("line.units matches Z12*")],
  ["a literal too large in a condition", () => rule("line.units > 99999999999999999999")],
  ["a date off the calendar in a condition", () => rule("line.serviceDate > 2026-02-30")],
  ["the date after on that is not a date", () => rule("any p in pairs[line.code, line.code] on line.units")],

  // ---------------------------------------------------------------- artifacts and export
  [
    "a file that is not an artifact",
    () => {
      const dir = tempDir();
      writeFileSync(join(dir, "broken.edictc"), "not an artifact");
      return loadPack(join(dir, "broken.edictc")).diagnostics.map((d) => JSON.parse(JSON.stringify(d).replaceAll(`${dir}/`, "")));
    },
  ],
  [
    "a rule json-rules-engine cannot express",
    () => {
      const out = compilePack("p", { "p/rules.edict": `${HEADER}\nrule r phase pricing when line.units > 1 then set allowed $10.00\n`, ...TABLES });
      if (!out.ok) throw new Error(out.diagnostics.map(formatDiagnostic).join("\n"));
      return exportJsonRulesEngine(out.ruleset.program).diagnostics;
    },
  ],
];

function render(d: Diagnostic): string {
  const s = d.span;
  return `[${d.code}] ${s.line}:${s.col}-${s.endLine}:${s.endCol} ${formatDiagnostic(d)}`;
}

describe("diagnostic wording", () => {
  it("every case reports at least one problem", () => {
    const silent = CASES.filter(([, run]) => run().length === 0).map(([title]) => title);
    expect(silent).toEqual([]);
  });

  it("every case reports what diagnostic-messages.txt says", async () => {
    const text = CASES.map(([title, run]) => [`## ${title}`, ...run().map(render)].join("\n")).join("\n\n") + "\n";
    await expect(text).toMatchFileSnapshot("./diagnostic-messages.txt");
  });
});
