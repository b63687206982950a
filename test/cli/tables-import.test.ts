// `edict tables import`: CMS's published NCCI layouts (the synthetic samples in examples/cms/)
// converted to the cms-edits CSV layouts load through the pack's table loader and decide claims;
// a bad input row names file, line and column and writes nothing. Also: a bad row in a copy of
// the cms-edits CSV tables stops the pack from loading, with file, row and column.
import { describe, it, expect } from "vitest";
import { edict } from "./installed.js";
import { cpSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/temp.js";

const PTP_SAMPLE = "examples/cms/ptp-sample.txt";
const MUE_SAMPLE = "examples/cms/mue-sample.csv";

/** a fresh copy of rules/cms-edits */
function packCopy(): string {
  const dir = join(tempDir("edict-tables-"), "cms-edits");
  cpSync("rules/cms-edits", dir, { recursive: true });
  return dir;
}

/** 45380 (column 1) and 45378 (column 2) on one date: a pair only the PTP sample has */
function colonoscopyClaim(dir: string): { claim: string; context: string } {
  const test = JSON.parse(readFileSync("rules/cms-edits/tests/24-ptp-indicator-0.json", "utf8"));
  test.claim.lines[0].code = "45380";
  test.claim.lines[1].code = "45378";
  test.claim.lines[1].modifiers = [];
  const claim = join(dir, "claim.json");
  const context = join(dir, "context.json");
  writeFileSync(claim, JSON.stringify(test.claim));
  writeFileSync(context, JSON.stringify(test.context));
  return { claim, context };
}

describe("edict tables import", () => {
  it("converts the PTP sample to the ptp.csv layout on stdout", () => {
    const r = edict(["tables", "import", "--from", "cms-ptp", PTP_SAMPLE]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const shipped = readFileSync("rules/cms-edits/tables/ptp.csv", "utf8");
    // the sample holds the shipped edits plus two more
    expect(r.stdout).toBe(shipped + "45380,45378,1996-01-01,,0\n93000,36415,2010-01-01,2010-01-01,9\n");
  });

  it("converts the MUE sample (comma-delimited, quoted, CRLF) to exactly the shipped mue.csv", () => {
    const r = edict(["tables", "import", "--from", "cms-mue", MUE_SAMPLE]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync("rules/cms-edits/tables/mue.csv", "utf8"));
  });

  it("converted tables load in a copy of cms-edits: check passes, its tests pass, and a converted pair denies CO-236", () => {
    const pack = packCopy();
    const ptp = edict(["tables", "import", "--from", "cms-ptp", PTP_SAMPLE, "-o", join(pack, "tables/ptp.csv")]);
    expect(ptp.stderr).toBe("");
    expect(ptp.code).toBe(0);
    expect(ptp.stdout).toContain("9 rows");
    const mue = edict(["tables", "import", "--from", "cms-mue", MUE_SAMPLE, "-o", join(pack, "tables/mue.csv")]);
    expect(mue.code).toBe(0);
    expect(readdirSync(join(pack, "tables")).filter((n) => n.endsWith(".tmp"))).toEqual([]);

    const check = edict(["check", pack]);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    const tests = edict(["test", pack]);
    expect(tests.code).toBe(0);

    const { claim, context } = colonoscopyClaim(join(pack, ".."));
    const converted = JSON.parse(edict(["adjudicate", "--rules", pack, "--context", context, claim]).stdout);
    expect(converted.lines[1]).toMatchObject({ lineNumber: 2, status: "denied", reason: "CO-236" });
    // the shipped tables have no 45380/45378 pair
    const shipped = JSON.parse(edict(["adjudicate", "--rules", "rules/cms-edits", "--context", context, claim]).stdout);
    expect(shipped.lines[1].reason).not.toBe("CO-236");
  });

  it("reports every bad row with file, line and column, and writes nothing", () => {
    const dir = tempDir("edict-tables-");
    const input = join(dir, "ptp-bad.txt");
    const lines = readFileSync(PTP_SAMPLE, "utf8").split("\n");
    const at = (code: string) => lines.findIndex((l) => l.startsWith(code));
    const dateLine = at("45378\t45330");
    const indicatorLine = at("93000\t93005");
    lines[dateLine] = lines[dateLine].replace("20080101", "20261301");
    lines[indicatorLine] = lines[indicatorLine].replace("\t0\t", "\t7\t");
    writeFileSync(input, lines.join("\n"));
    const target = join(dir, "ptp.csv");
    writeFileSync(target, "old\n");

    const r = edict(["tables", "import", "--from", "cms-ptp", input, "-o", target]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const errors = r.stderr.split("\n").filter((l) => l.includes(": error: "));
    expect(errors).toEqual([
      `${input}:${dateLine + 1}: error: "Effective date" (column 4): "20261301" is not a date (YYYYMMDD)`,
      `${input}:${indicatorLine + 1}: error: "Modifier" (column 6): "7" is not a modifier indicator (0, 1 or 9)`,
    ]);
    expect(r.stderr).toContain(`2 errors in ${input}; nothing written`);
    expect(readFileSync(target, "utf8")).toBe("old\n");
    expect(readdirSync(dir).sort()).toEqual(["ptp-bad.txt", "ptp.csv"]);

    const toStdout = edict(["tables", "import", "--from", "cms-ptp", input]);
    expect(toStdout.code).toBe(2);
    expect(toStdout.stdout).toBe("");
  });

  it("prints the first 20 problems and counts the rest", () => {
    const dir = tempDir("edict-tables-");
    const input = join(dir, "mue-bad.csv");
    const rows = Array.from({ length: 25 }, (_, i) => `9921${i % 10},1,5 Claim Edit,x`);
    writeFileSync(input, ["HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale", ...rows, ""].join("\r\n"));
    const r = edict(["tables", "import", "--from", "cms-mue", input]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.includes(": error: "))).toHaveLength(20);
    expect(r.stderr).toContain(`${input}:2: error: "MUE Adjudication Indicator" (column 3)`);
    expect(r.stderr).toContain("… and 5 more errors");
    expect(r.stderr).toContain(`25 errors in ${input}; nothing written`);
  });

  it("answers a wrong command line with exit 3 and an unreadable file with exit 4", () => {
    expect(edict(["tables", "import", PTP_SAMPLE]).code).toBe(3);
    expect(edict(["tables", "import", "--from", "cms-xyz", PTP_SAMPLE]).code).toBe(3);
    expect(edict(["tables", "export", "--from", "cms-ptp", PTP_SAMPLE]).code).toBe(3);
    const missing = edict(["tables", "import", "--from", "cms-ptp", "examples/cms/no-such-file.txt"]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain("cannot read examples/cms/no-such-file.txt");
  });
});

describe("a bad row in a cms-edits CSV table", () => {
  it("a date like 2026-13-01 is an error with file, row and column, and the pack does not load", () => {
    const pack = packCopy();
    const file = join(pack, "tables/ptp.csv");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[2] = lines[2].replace("2010-01-01", "2026-13-01"); // row 3: 20610,99213
    writeFileSync(file, lines.join("\n"));
    const r = edict(["check", pack]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3:13: error: ${file} row 3, column "effective": "2026-13-01" is not a calendar date (YYYY-MM-DD)`);
    const { claim, context } = colonoscopyClaim(join(pack, ".."));
    const adjudicate = edict(["adjudicate", "--rules", pack, "--context", context, claim]);
    expect(adjudicate.code).toBe(1);
    expect(adjudicate.stdout).toBe("");
    expect(adjudicate.stderr).toContain("has errors");
  });

  it("a row missing a cell, or a table missing a column, is an error and the pack does not load", () => {
    const pack = packCopy();
    const file = join(pack, "tables/mue.csv");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[4] = "99204,1"; // row 5 lacks its mai cell
    writeFileSync(file, lines.join("\n"));
    const short = edict(["check", pack]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain(`${file} row 5: expected 3 cells, found 2`);

    writeFileSync(file, readFileSync("rules/cms-edits/tables/mue.csv", "utf8").replace(/,\d+$/gm, "").replace("code,mue,mai", "code,mue"));
    const noColumn = edict(["check", pack]);
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toContain(`${file} has no column "mai"`);
  });
});
