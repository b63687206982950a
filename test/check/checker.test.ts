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
  return { out, diagnostics: out.diagnostics, lineOf, text: out.diagnostics.map(formatDiagnostic).join("\n") };
}

const rule = (when: string, then = "deny CO-16", phase = "validity") => `rule r1\n  phase ${phase}\n  when ${when}\n  then ${then}\n`;

describe("checker", () => {
  it("accepts a correct pack", () => {
    const { out, text } = check(rule("line.code in visit_codes and line.units > 2"));
    expect(text).toBe("");
    expect(out.ok).toBe(true);
  });

  it("suggests the field a misspelling meant", () => {
    const { diagnostics, lineOf } = check(rule("line.servicedate > claim.receivedDate"));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].message).toBe("line has no field `servicedate`");
    expect(diagnostics[0].hint).toBe("did you mean `serviceDate`?");
    expect(diagnostics[0].span.line).toBe(lineOf("servicedate"));
    expect(diagnostics[0].span.col).toBe("  when line.".length + 1);
  });

  it("suggests names, value sets and tables", () => {
    expect(check(rule("line.code in visit_code")).diagnostics[0].hint).toBe("did you mean `visit_codes`?");
    expect(check(rule("any r in pair[line.code, line.code] on line.serviceDate")).diagnostics[0].hint).toBe("did you mean `pairs`?");
    expect(check(rule("lien.units > 1")).diagnostics[0].hint).toBe("did you mean `line`?");
  });

  it("rejects a type mismatch in plain words", () => {
    const { diagnostics } = check(rule("line.charge > 100"));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].message).toContain("cannot compare a money with an integer");
  });

  it("rejects malformed code literals by kind", () => {
    expect(check(rule("line.code = 9921")).diagnostics[0].message).toContain("is not a CPT or HCPCS code");
    expect(check(rule("Z12.1.1 in line.diagnoses")).diagnostics.length).toBeGreaterThan(0);
    expect(check(rule("any m in line.modifiers where m = LTX")).diagnostics[0].message).toContain("two-character modifier");
    expect(check("valueset bad = procedure { 99213, ABC }").diagnostics[0].message).toContain("`ABC` is not a CPT or HCPCS code");
  });

  it("rejects reason and remark codes that are not in the code table", () => {
    const carc = check(rule("line.units > 1", "deny CO-999"));
    expect(carc.diagnostics[0].message).toContain("`999` is not a claim adjustment reason code");
    const rarc = check(rule("line.units > 1", "deny CO-151 remark N9999"));
    expect(rarc.diagnostics[0].message).toContain("`N9999` is not a remittance advice remark code");
  });

  it("rejects duplicate rule ids, pointing at the second", () => {
    const { diagnostics, lineOf } = check(rule("line.units > 1") + "\n" + rule("line.units > 2").replace("rule r1", "rule r1 "));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].message).toContain("rule `r1` is declared twice");
    expect(diagnostics[0].span.line).toBeGreaterThan(lineOf("rule r1"));
  });

  it("rejects table columns that do not exist", () => {
    const { diagnostics } = check(rule("any p in pairs[line.code, line.code] on line.serviceDate where p.modifier = 1"));
    expect(diagnostics[0].message).toBe("table pairs has no field `modifier`");
    expect(diagnostics[0].hint).toBe("did you mean `modifier_indicator`?");
  });

  it("requires a date for a dated table and the right number of keys", () => {
    expect(check(rule("any p in pairs[line.code, line.code]")).diagnostics[0].message).toContain("is dated: say on which date");
    expect(check(rule("any p in pairs[line.code] on line.serviceDate")).diagnostics[0].message).toContain("looked up by 2 keys");
  });

  it("keeps `set allowed` in the pricing phase", () => {
    expect(check(rule("line.units > 1", "set allowed $10.00", "mue")).diagnostics[0].message).toContain("belongs in `phase pricing`");
    expect(check(rule("line.units > 1", "set allowed $10.00 * line.units", "pricing")).diagnostics).toEqual([]);
  });

  it("reports a missing included pack and a table file with a bad row", () => {
    const missing = compilePack("p", { "p/a.edict": 'pack "p" version "1"\ninclude "../nowhere"\n' });
    expect(missing.ok).toBe(false);
    expect(missing.diagnostics[0].message).toContain("there is no pack folder nowhere");
    const bad = compilePack("p", {
      "p/a.edict": 'pack "p" version "1"\ntable t from "t.csv" {\n  key code: procedure\n  active from effective until deletion\n}\n',
      "p/t.csv": "code,effective,deletion\n99213,2026-01-01,\n99214,2026-13-01,\n",
    });
    expect(bad.ok).toBe(false);
    expect(formatDiagnostic(bad.diagnostics[0])).toBe('p/t.csv:3:7: error: p/t.csv row 3, column "effective": "2026-13-01" is not a calendar date (YYYY-MM-DD)');
  });

  it("reports an include cycle", () => {
    const out = compilePack("a", { "a/a.edict": 'pack "a" version "1"\ninclude "../b"\n', "b/b.edict": 'pack "b" version "1"\ninclude "../a"\n' });
    expect(out.diagnostics.map((d) => d.message).join()).toContain("cycle");
  });
});
