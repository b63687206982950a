// The checker: every mistake an analyst can make gives one diagnostic at the right place, in
// words a non-programmer understands, with a suggestion where one helps.
import { describe, it, expect } from "vitest";
import { compilePack, formatDiagnostic } from "../../src/index.js";

const TABLES = {
  "p/tables/fees.csv": "code,amount\n99213,95.00\n",
  "p/tables/pairs.csv": "column1,column2,effective,deletion,modifier_indicator\n97530,97140,2020-01-01,,1\n",
};

function check(body: string) {
  const source = `pack "p" version "1"

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

${body}
`;
  const out = compilePack("p", { "p/rules.edict": source, ...TABLES });
  const lines = source.split("\n");
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
  return { out, diagnostics: out.diagnostics, codes: out.diagnostics.map((d) => d.code), lineOf, text: out.diagnostics.map(formatDiagnostic).join("\n") };
}

const rule = (when: string, then = "deny CO-16", phase = "validity") => `rule r1\n  phase ${phase}\n  when ${when}\n  then ${then}\n`;

describe("checker", () => {
  it("accepts a correct pack", () => {
    const { out, text } = check(rule("line.code in visit_codes and line.units > 2"));
    expect(text).toBe("");
    expect(out.ok).toBe(true);
  });

  it("suggests the field a misspelling meant", () => {
    const { diagnostics, codes, lineOf } = check(rule("line.servicedate > claim.receivedDate"));
    expect(codes).toEqual(["unknown-field"]);
    expect(diagnostics[0].message).toBe("line has no field `servicedate`");
    expect(diagnostics[0].hint).toBe("did you mean `serviceDate`?");
    expect(diagnostics[0].span.line).toBe(lineOf("servicedate"));
    expect(diagnostics[0].span.col).toBe("  when line.".length + 1);
  });

  it("suggests names, value sets and tables", () => {
    const hints = (when: string) => check(rule(when)).diagnostics.map((d) => [d.code, d.hint]);
    expect(hints("line.code in visit_code")).toEqual([["unknown-name", "did you mean `visit_codes`?"]]);
    expect(hints("any r in pair[line.code, line.code] on line.serviceDate")).toEqual([["unknown-table", "did you mean `pairs`?"]]);
    expect(hints("lien.units > 1")).toEqual([["unknown-name", "did you mean `line`?"]]);
  });

  it("rejects a type mismatch in plain words", () => {
    const { diagnostics, codes } = check(rule("line.charge > 100"));
    expect(codes).toEqual(["type"]);
    expect(diagnostics[0].message).toContain("cannot compare a money with an integer");
    expect(diagnostics[0].hint).toBe("write amounts of money with a dollar sign, e.g. $100");
  });

  it("rejects malformed code literals by kind", () => {
    // the message names the kind of code wanted where the literal stands
    const bad = (body: string) => check(body).diagnostics.map((d) => [d.code, d.message]);
    expect(bad(rule("line.code = 9921"))).toEqual([["bad-code", "`9921` is not a CPT or HCPCS code like 99213 or G0121"]]);
    expect(bad(rule("any m in line.modifiers where m = LTX"))).toEqual([["bad-code", "`LTX` is not a two-character modifier like 25 or LT"]]);
    expect(bad("valueset bad = procedure { 99213, ABC }")).toEqual([["bad-code", "`ABC` is not a CPT or HCPCS code like 99213 or G0121"]]);
    // `Z12.1.1` does not even lex as one code
    expect(check(rule("Z12.1.1 in line.diagnoses")).codes).toEqual(["syntax"]);
  });

  it("rejects reason and remark codes that are not in the code table", () => {
    const carc = check(rule("line.units > 1", "deny CO-999"));
    expect(carc.codes).toEqual(["unknown-reason"]);
    expect(carc.diagnostics[0].message).toContain("`999`");
    const rarc = check(rule("line.units > 1", "deny CO-151 remark N9999"));
    expect(rarc.codes).toEqual(["unknown-remark"]);
    expect(rarc.diagnostics[0].message).toContain("`N9999`");
  });

  it("rejects duplicate rule ids, pointing at the second", () => {
    const { diagnostics, codes, lineOf } = check(rule("line.units > 1") + "\n" + rule("line.units > 2").replace("rule r1", "rule r1 "));
    expect(codes).toEqual(["duplicate-name"]);
    // the message says where the first one is
    expect(diagnostics[0].message).toContain(`(first at p/rules.edict:${lineOf("rule r1")}:6)`);
    expect(diagnostics[0].span.line).toBeGreaterThan(lineOf("rule r1"));
  });

  it("rejects table columns that do not exist", () => {
    const { diagnostics, codes } = check(rule("any p in pairs[line.code, line.code] on line.serviceDate where p.modifier = 1"));
    expect(codes).toEqual(["unknown-field"]);
    expect(diagnostics[0].message).toBe("table pairs has no field `modifier`");
    expect(diagnostics[0].hint).toBe("did you mean `modifier_indicator`?");
  });

  it("requires a date for a dated table and the right number of keys", () => {
    expect(check(rule("any p in pairs[line.code, line.code]")).codes).toEqual(["missing-date"]);
    expect(check(rule("any f in fees[line.code] on line.serviceDate")).codes).toEqual(["undated-table"]);
    const keys = check(rule("any p in pairs[line.code] on line.serviceDate"));
    expect(keys.codes).toEqual(["key-count"]);
    expect(keys.diagnostics[0].message).toContain("looked up by 2 keys (column1, column2), but 1 is given");
  });

  it("keeps `set allowed` in the pricing phase", () => {
    expect(check(rule("line.units > 1", "set allowed $10.00", "mue")).codes).toEqual(["misplaced-action"]);
    expect(check(rule("line.units > 1", "set allowed $10.00 * line.units", "pricing")).diagnostics).toEqual([]);
  });

  it("reports a missing included pack and a table file with a bad row", () => {
    const missing = compilePack("p", { "p/a.edict": 'pack "p" version "1"\ninclude "../nowhere"\n' });
    expect(missing.ok).toBe(false);
    expect(missing.diagnostics.map((d) => d.code)).toEqual(["no-pack"]);
    expect(missing.diagnostics[0].message).toContain("nowhere");
    const bad = compilePack("p", {
      "p/a.edict": 'pack "p" version "1"\ntable t from "t.csv" {\n  key code: procedure\n  active from effective until deletion\n}\n',
      "p/t.csv": "code,effective,deletion\n99213,2026-01-01,\n99214,2026-13-01,\n",
    });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["bad-table-row"]);
    // the message names file, row and column, since the editor may not show the table file
    expect(formatDiagnostic(bad.diagnostics[0])).toBe(
      'p/t.csv:3:7: error: p/t.csv row 3, column "effective": "2026-13-01" is not a calendar date (YYYY-MM-DD)',
    );
  });

  it("reports an include cycle", () => {
    const out = compilePack("a", { "a/a.edict": 'pack "a" version "1"\ninclude "../b"\n', "b/b.edict": 'pack "b" version "1"\ninclude "../a"\n' });
    expect(out.diagnostics.map((d) => d.code)).toEqual(["include-cycle"]);
  });
});
