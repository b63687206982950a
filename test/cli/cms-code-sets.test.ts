// CMS's code sets at full size, as a user runs them: `edict tables import --from cms-hcpcs` and
// `--from cms-mce` on the published files and on damaged copies (nothing written on error); the
// real HCPCS file swapped into copies of cms-edits and medicare-edits; rules/cms-mce checked
// (rows per list), tested and explained.
import { describe, it, expect } from "vitest";
import { edict } from "./installed.js";
import { tempDir } from "../support/temp.js";
import { cpSync, readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const HCPCS = "examples/cms/hcpcs-2019/HCPC2019_CONTR_ANWEB.txt";
const MCE = "examples/cms/mce-v37/MCE_Simple_Code_Edits_v37.txt";
const EXAMPLE = "examples/mce/maternity-diagnosis-at-60";
const tmp = () => tempDir("edict-codes-");

/** a claim with one line of `code` on `date` under medicare-edits' test context, written to `dir` */
function lineClaim(dir: string, code: string, date = "2026-05-04"): { claim: string; context: string } {
  const test = JSON.parse(readFileSync("rules/medicare-edits/tests/02-coverage-code-s-statute.json", "utf8"));
  test.claim.lines[0].code = code;
  test.claim.lines[0].serviceDate = date;
  const claim = join(dir, `${code}.json`);
  const context = join(dir, "context.json");
  writeFileSync(claim, JSON.stringify(test.claim));
  writeFileSync(context, JSON.stringify(test.context));
  return { claim, context };
}
const decide = (pack: string, c: { claim: string; context: string }) => {
  const r = edict(["adjudicate", "--rules", pack, "--context", c.context, c.claim]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout).lines[0];
};

describe("edict tables import --from cms-hcpcs", () => {
  it("converts CMS's 2019 file, saying what it did not convert", () => {
    const out = join(tmp(), "hcpcs.csv");
    const r = edict(["tables", "import", "--from", "cms-hcpcs", HCPCS, "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `${out}: 6440 rows from ${HCPCS} (cms-hcpcs); not converted: 4656 description continuation lines, 360 modifier records, 166 modifier continuation lines, 8 notice lines\n`,
    );
    const rows = readFileSync(out, "utf8").split("\n");
    expect(rows[0]).toBe("code,effective,deletion,coverage,description");
    expect(rows).toContain("L3000,1982-01-01,,D,Ft insert ucb berkeley shell");
    const toStdout = edict(["tables", "import", "--from", "cms-hcpcs", HCPCS]);
    expect(toStdout.stdout).toBe(readFileSync(out, "utf8"));
  });

  it("a damaged copy: every bad record by line and position, exit 2, nothing written", () => {
    const dir = tmp();
    const input = join(dir, "hcpcs-bad.txt");
    const lines = readFileSync(HCPCS, "latin1").split("\r\n");
    const at = (code: string) => lines.findIndex((l) => l.startsWith(code) && l[10] === "3");
    const coverage = at("E0100");
    const date = at("J1100");
    lines[coverage] = lines[coverage].slice(0, 229) + "Z" + lines[coverage].slice(230);
    lines[date] = lines[date].slice(0, 268) + "19820230" + lines[date].slice(276);
    writeFileSync(input, lines.join("\r\n"), "latin1");
    const target = join(dir, "hcpcs.csv");
    writeFileSync(target, "old\n");
    const r = edict(["tables", "import", "--from", "cms-hcpcs", input, "-o", target]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter((l) => l.includes(": error: "))).toEqual([
      `${input}:${coverage + 1}: error: "HCPCS coverage code" (column 230): "Z" is not a coverage code (C, D, I, M or S)`,
      `${input}:${date + 1}: error: "HCPCS code added date" (column 269): "19820230" is not a date (YYYYMMDD)`,
    ]);
    expect(r.stderr).toContain(`2 errors in ${input}; nothing written`);
    expect(readFileSync(target, "utf8")).toBe("old\n");
    expect(readdirSync(dir).sort()).toEqual(["hcpcs-bad.txt", "hcpcs.csv"]);
    expect(edict(["tables", "import", "--from", "cms-hcpcs", input]).stdout).toBe("");
  });

  it("swapped into copies of cms-edits and medicare-edits, the real file decides validity and Medicare coverage", () => {
    const dir = tmp();
    cpSync("rules", join(dir, "rules"), { recursive: true });
    const edits = join(dir, "rules/cms-edits");
    const medicare = join(dir, "rules/medicare-edits");
    expect(edict(["tables", "import", "--from", "cms-hcpcs", HCPCS, "-o", join(edits, "tables/hcpcs.csv")]).code).toBe(0);
    const check = edict(["check", medicare]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^ {2}cms-edits\/hcpcs +6440 rows {2}.*tables\/hcpcs\.csv/m);
    // the shipped cases still hold with the full file
    for (const pack of [edits, medicare]) expect(edict(["test", pack]).stdout).toMatch(/^\d+ passed, 0 failed;/m);

    // L3000 (coverage D) and A4261 (coverage S) are in the 2019 file, not in the shipped sample
    const l3000 = lineClaim(dir, "L3000");
    expect(decide("rules/cms-edits", l3000)).toMatchObject({ status: "denied", reason: "CO-181" });
    expect(decide(edits, l3000)).toMatchObject({ status: "pended", reason: "CO-133" });
    const a4261 = lineClaim(dir, "A4261");
    expect(decide("rules/medicare-edits", a4261)).toMatchObject({ status: "denied", reason: "CO-181" });
    expect(decide(medicare, a4261)).toMatchObject({ status: "denied", reason: "CO-96" });
    expect(decide(edits, a4261)).toMatchObject({ status: "pended", reason: "CO-133" }); // no Medicare pack, no CO-96
  });
});

describe("edict tables import --from cms-mce", () => {
  it("writes one CSV per list into the folder; the eight rules/cms-mce ships are identical", () => {
    const out = join(tmp(), "mce");
    const r = edict(["tables", "import", "--from", "cms-mce", MCE, "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = r.stdout.split("\n");
    expect(report[0]).toBe(`${out}: 14153 rows of MCE version 37 from ${MCE}, one file per list (cms-mce):`);
    expect(report).toContain("  maternity.csv                edit 4C   Maternity_Only D: 2372 rows (maternity diagnoses, ages 12–55)");
    expect(report).toContain("  newborn.csv                  edit 4A   Newborn_Only D: 41 rows (newborn diagnoses, age 0)");
    expect(readdirSync(out)).toHaveLength(16);
    for (const file of readdirSync("rules/cms-mce/tables"))
      expect(readFileSync(join(out, file), "utf8"), file).toBe(readFileSync(join("rules/cms-mce/tables", file), "utf8"));
  });

  it("a damaged copy: exit 2, every bad row by line and column, no list written and no folder left", () => {
    const dir = tmp();
    const input = join(dir, "mce-bad.txt");
    const lines = readFileSync(MCE, "utf8").split("\n");
    lines[5] = lines[5].replace("\tNewborn_Only\t", "\tNewborn\t");
    lines[9000] = lines[9000].replace(/\t[A-Z0-9]+\t([^\t]*)$/, "\tQQ\t$1");
    writeFileSync(input, lines.join("\n"));
    const out = join(dir, "mce");
    const r = edict(["tables", "import", "--from", "cms-mce", input, "-o", out]);
    expect(r.code).toBe(2);
    const errors = r.stderr.split("\n").filter((l) => l.includes(": error: "));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(new RegExp(`^${input}:6: error: "MCE_Edit_Type" \\(column 5\\): "Newborn" is not an MCE edit this importer knows`));
    expect(errors[1]).toMatch(new RegExp(`^${input}:9001: error: "ICD_Code" \\(column 7\\): "QQ" is not an ICD-10`));
    expect(r.stderr).toContain(`2 errors in ${input}; nothing written`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(["mce-bad.txt"]);

    // into a folder that exists: it stays as it was
    const kept = join(dir, "kept");
    cpSync("rules/cms-mce/tables", kept, { recursive: true });
    expect(edict(["tables", "import", "--from", "cms-mce", input, "-o", kept]).code).toBe(2);
    expect(readdirSync(kept).sort()).toEqual(readdirSync("rules/cms-mce/tables").sort());
  });

  it("needs a folder: exit 3 without -o", () => {
    const r = edict(["tables", "import", "--from", "cms-mce", MCE]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("-o <folder>");
  });
});

describe("rules/cms-mce", () => {
  it("edict check prints the rows of every list", () => {
    const r = edict(["check", "rules/cms-mce"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^cms-mce 37: ok — 8 rules, 0 benefits, 8 tables \(9763 rows\); hash [0-9a-f]{12}$/);
    const counts = Object.fromEntries(
      lines
        .slice(1)
        .map((l) => l.trim().split(/\s+/))
        .map(([name, rows]) => [name, Number(rows)]),
    );
    expect(counts).toEqual({
      "cms-mce/mce_newborn": 41,
      "cms-mce/mce_pediatric": 114,
      "cms-mce/mce_maternity": 2372,
      "cms-mce/mce_adult": 771,
      "cms-mce/mce_female": 3135,
      "cms-mce/mce_male": 529,
      "cms-mce/mce_manifestation": 395,
      "cms-mce/mce_unacceptable": 2406,
    });
    expect(lines[3]).toContain("rules/cms-mce/tables/maternity.csv — MCE edit 4C: maternity diagnoses");
  });

  it("passes its cases with full rule and branch coverage; medicare-edits passes its own", () => {
    const mce = edict(["test", "rules/cms-mce", "--require-full-coverage"]);
    expect(mce.stderr).toBe("");
    expect(mce.code).toBe(0);
    const cases = readdirSync("rules/cms-mce/tests").filter((n) => n.endsWith(".json")).length;
    expect(mce.stdout).toMatch(new RegExp(`^${cases} passed, 0 failed; rules 8/8, branches (\\d+)/\\1$`, "m"));
    const medicare = edict(["test", "rules/medicare-edits"]);
    expect(medicare.code).toBe(0);
    expect(medicare.stdout).toMatch(/^ {2}medicare-edits: rules 1\/1, branches (\d+)\/\1$/m);
  });

  it("is included beside medicare-edits by a Medicare pack: both packs' edits decide its claims", () => {
    const dir = tempDir("edict-codes-");
    cpSync("rules", join(dir, "rules"), { recursive: true });
    const pack = join(dir, "rules/medicare-test");
    mkdirSync(pack);
    writeFileSync(join(pack, "pack.edict"), 'pack "medicare-test" version "1"\n\ninclude "../medicare-edits"\n\ninclude "../cms-mce"\n');
    const check = edict(["check", pack]);
    expect(check.stderr).toBe("");
    expect(check.stdout).toMatch(/^medicare-test 1: ok — 19 rules, 0 benefits, 16 tables /);
    // line 1: A4252, coverage code S (not covered by Medicare); line 2 points at Z00.00, an adult
    // diagnosis (MCE 4D, ages 15–124), for a 10-year-old; both are valid codes in cms-edits
    const test = JSON.parse(readFileSync("rules/cms-mce/tests/22-only-the-line-pointing-at-it.json", "utf8"));
    test.claim.member.birthDate = "2016-01-05";
    test.claim.diagnoses = ["E11.9", "Z00.00"];
    test.claim.lines[0].code = "A4252";
    test.claim.lines[1].code = "99213";
    test.claim.lines[0].serviceDate = test.claim.lines[1].serviceDate = "2026-03-16";
    test.claim.receivedDate = "2026-03-20";
    writeFileSync(join(dir, "claim.json"), JSON.stringify(test.claim));
    writeFileSync(join(dir, "context.json"), JSON.stringify({ ...test.context, asOf: "2026-03-20" }));
    const r = edict(["adjudicate", "--rules", pack, join(dir, "claim.json")]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).lines.map((l: { reason: string }) => l.reason)).toEqual(["CO-96", "CO-9"]);
  });

  it("edict explain on a maternity diagnosis for a 60-year-old names the MCE list and the age bounds it read", () => {
    const r = edict(["explain", "--rules", "rules/cms-mce", `${EXAMPLE}/claim.json`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Line 1: denied — CO-9 Diagnosis does not fit the patient's age");
    expect(r.stdout).toContain("[sex_age] deny CO-9 — cms-mce/maternity_diagnosis_age at rules/cms-mce/mce.edict:");
    expect(r.stdout).toContain("d = O24.410;");
    expect(r.stdout).toContain("years_between(member.birthDate, line.serviceDate) = 60; listed.min_age = 12; listed.max_age = 55");
    expect(r.stdout).toContain("policy: Medicare Code Editor v37, edit 4C (Maternity_Only): maternity diagnoses, list rules/cms-mce/tables/maternity.csv");
    // the example's README shows this very output
    const readme = readFileSync("examples/mce/README.md", "utf8");
    const shown = readme.slice(readme.indexOf("```text\n") + 8, readme.indexOf("```", readme.indexOf("```text\n") + 8));
    expect(r.stdout).toBe(shown);
  });
});
