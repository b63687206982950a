// The conversion of CMS's published NCCI layouts (PTP text, MUE table) into the CSV layouts of
// rules/cms-edits/tables: tolerant of notices, quoting, CRLF and blank lines; strict about data.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { convertCms, cmsConverter, formatCmsProblem, lineSplitter, splitCmsLine } from "../../src/tables/cms.js";

const PTP_HEADER =
  "Column 1\tColumn 2\t* = In existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale";
const ptp = (...rows: string[]) => ["CPT only copyright American Medical Association. All rights reserved.", "", PTP_HEADER, ...rows].join("\n") + "\n";
const MUE_HEADER = "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale";

describe("cms-ptp", () => {
  it("converts rows to column1,column2,effective,deletion,modifier_indicator", () => {
    const out = convertCms(
      "cms-ptp",
      "ptp.txt",
      ptp(
        "20610\t76942\t\t20120101\t*\t0\tMisuse of column two code with column one code",
        "97530\t97112\t\t20160101\t20260401\t0\tMisuse of column two code with column one code",
        '45380\t45378\t*\t19960101\t*\t1\t"Standards of medical / surgical practice"',
        "0232t\tg0463\t\t20110101\t20110101\t9\tCPT Manual or CMS manual coding instructions",
      ),
    );
    expect(out.problems).toEqual([]);
    expect(out.rows).toBe(4);
    expect(out.csv).toBe(
      "column1,column2,effective,deletion,modifier_indicator\n" +
        "20610,76942,2012-01-01,,0\n" +
        "97530,97112,2016-01-01,2026-04-01,0\n" +
        "45380,45378,1996-01-01,,1\n" +
        "0232T,G0463,2011-01-01,2011-01-01,9\n",
    );
  });

  it("gives the header exactly as rules/cms-edits/tables/ptp.csv has it", () => {
    const shipped = readFileSync("rules/cms-edits/tables/ptp.csv", "utf8").split("\n")[0];
    expect(cmsConverter("cms-ptp", "x").header).toBe(shipped);
    expect(cmsConverter("cms-mue", "x").header).toBe(readFileSync("rules/cms-edits/tables/mue.csv", "utf8").split("\n")[0]);
  });

  it("tolerates CRLF, a BOM, a header split over lines, blank lines and a repeated header", () => {
    const text =
      "\ufeffnotice line\r\n" +
      "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r\n" +
      "\t\tprior to 1996\tDate\tDate *=no data\t0=not allowed 1=allowed 9=not applicable\t\r\n" +
      "20610\t99213\t\t20100101\t*\t1\tStandards of medical / surgical practice\r\n" +
      "\r\n" +
      "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r\n" +
      "93000\t93005\t\t20030101\t*\t0\r\n" +
      "\r\n";
    const out = convertCms("cms-ptp", "ptp.txt", text);
    expect(out.problems).toEqual([]);
    expect(out.csv.split("\n").slice(1)).toEqual(["20610,99213,2010-01-01,,1", "93000,93005,2003-01-01,,0", ""]);
  });

  it("gives the same rows whatever the chunking (a CRLF split across chunks too)", () => {
    const text = ptp("20610\t76942\t\t20120101\t*\t0\tx", "45378\t45330\t\t20080101\t*\t0\ty").replace(/\n/g, "\r\n");
    const whole = convertCms("cms-ptp", "ptp.txt", text);
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(convertCms("cms-ptp", "ptp.txt", chunks).csv).toBe(whole.csv);
    }
    expect(whole.rows).toBe(2);
  });

  it("reports a bad row with the file, its line and the column, and converts nothing", () => {
    const out = convertCms("cms-ptp", "ptp_2026q1.txt", ptp("20610\t76942\t\t20120101\t*\t0\tok", "45378\t45330\t\t20261301\t*\t0\tbad date"));
    expect(out.csv).toBe("");
    expect(out.problemCount).toBe(1);
    expect(out.problems[0]).toEqual({
      file: "ptp_2026q1.txt",
      line: 5,
      column: { name: "Effective date", position: 4 },
      message: '"20261301" is not a date (YYYYMMDD)',
    });
    expect(formatCmsProblem(out.problems[0])).toBe('ptp_2026q1.txt:5: error: "Effective date" (column 4): "20261301" is not a date (YYYYMMDD)');
  });

  it("reports every kind of bad data: code shape, dates, indicator, 1996 flag, deletion before effective, short rows", () => {
    const out = convertCms(
      "cms-ptp",
      "p.txt",
      ptp(
        "2061\t76942\t\t20120101\t*\t0\tr", // line 4: column 1 code
        "20610\t7694Z\t\t20120101\t*\t0\tr", // line 5: column 2 code
        "20610\t76942\tx\t20120101\t*\t0\tr", // line 6: 1996 flag
        "20610\t76942\t\t2012-01-01\t*\t0\tr", // line 7: date shape
        "20610\t76942\t\t20120101\t20250230\t0\tr", // line 8: deletion not a date
        "20610\t76942\t\t20120101\t*\t2\tr", // line 9: indicator
        "20610\t76942\t\t20120101\t20110101\t0\tr", // line 10: deleted before effective
        "20610\t76942\t\t20120101", // line 11: short row
        "20610\t76942\t\t\t*\t0\tr", // line 12: empty effective date
        '"20610\t76942\t\t20120101\t*\t0\tr', // line 13: unclosed quote
      ),
    );
    const seen = out.problems.map((p) => [p.line, p.column?.name ?? null]);
    expect(seen).toEqual([
      [4, "Column 1"],
      [5, "Column 2"],
      [6, "In existence prior to 1996"],
      [7, "Effective date"],
      [8, "Deletion date"],
      [9, "Modifier"],
      [10, "Deletion date"],
      [11, "Deletion date"],
      [12, "Effective date"],
      [13, null],
    ]);
    expect(out.problems[5].message).toBe('"2" is not a modifier indicator (0, 1 or 9)');
    expect(out.problems[6].message).toContain("deleted (2011-01-01) before it takes effect (2012-01-01)");
    expect(out.problems[7].message).toContain("the row ends before this column: it has 4 cells, the header names 7 columns");
    expect(out.problems[8].message).toContain("the cell is empty");
    expect(out.csv).toBe("");
  });

  it("keeps the first problems and counts the rest", () => {
    const rows = Array.from({ length: 30 }, (_, i) => `20610\t76942\t\t2012${String(13 + i)}01\t*\t0\tr`);
    const out = convertCms("cms-ptp", "p.txt", ptp(...rows), { maxProblems: 20 });
    expect(out.problems).toHaveLength(20);
    expect(out.problemCount).toBe(30);
    expect(out.problems[19].line).toBe(23);
  });

  it("says when there is no header row, or the header lacks a column", () => {
    expect(convertCms("cms-ptp", "p.txt", "20610\t76942\t\t20120101\t*\t0\n").problems.map(formatCmsProblem)).toEqual([
      'p.txt: error: no header row found: expected a header row naming "Column 1", "Column 2", "Effective date", "Deletion date" and "Modifier"',
    ]);
    const missing = convertCms("cms-ptp", "p.txt", "Column 1\tColumn 2\tEffective Date\tModifier\n20610\t76942\t20120101\t0\n");
    expect(missing.problems).toHaveLength(1);
    expect(missing.problems[0].line).toBe(1);
    expect(missing.problems[0].message).toContain('the header row has no "Deletion date" column');
  });

  it("streams: a converter keeps nothing per row", () => {
    const c = cmsConverter("cms-ptp", "p.txt");
    c.line(PTP_HEADER);
    let same = 0;
    for (let i = 0; i < 50_000; i++) if (c.line(`20610\t76942\t\t20120101\t*\t${i % 2}\tr`) === `20610,76942,2012-01-01,,${i % 2}`) same++;
    expect(same).toBe(50_000);
    expect(c.end()).toEqual({ rows: 50_000, problems: [], problemCount: 0 });
  });
});

describe("cms-mue", () => {
  it("converts comma- and tab-delimited tables to code,mue,mai", () => {
    const comma = [
      '"CPT codes, descriptions and other data only are copyright American Medical Association.",,,',
      MUE_HEADER,
      '99213,1,"2 Date of Service Edit: Policy","Nature of Service/Procedure"',
      "97530,4,1 Line Edit,Clinical: Data",
      '36415,02,3 Date of Service Edit: Clinical,"Clinical: Data, CMS Policy"',
      "",
    ].join("\r\n");
    const out = convertCms("cms-mue", "mue.csv", comma);
    expect(out.problems).toEqual([]);
    expect(out.csv).toBe("code,mue,mai\n99213,1,2\n97530,4,1\n36415,2,3\n");
    const tab = convertCms(
      "cms-mue",
      "mue.txt",
      [MUE_HEADER.replace(/,/g, "\t"), "99213\t1\t2 Date of Service Edit: Policy\tNature of Service/Procedure"].join("\n"),
    );
    expect(tab.csv).toBe("code,mue,mai\n99213,1,2\n");
  });

  it("reports a bad adjudication indicator, a bad unit count and a bad code with line and column", () => {
    const out = convertCms("cms-mue", "mue.csv", [MUE_HEADER, "99213,1,4 Claim Edit,x", "99213,one,1 Line Edit,x", "9921,1,1 Line Edit,x"].join("\n"));
    expect(out.problems.map(formatCmsProblem)).toEqual([
      'mue.csv:2: error: "MUE Adjudication Indicator" (column 3): "4 Claim Edit" is not an MUE adjudication indicator (1 line edit, 2 or 3 date of service edit)',
      'mue.csv:3: error: "MUE Values" (column 2): "one" is not a whole number of units',
      'mue.csv:4: error: "HCPCS/CPT Code" (column 1): "9921" is not a CPT or HCPCS procedure code',
    ]);
    expect(out.csv).toBe("");
  });
});

describe("line splitting", () => {
  it("splits quoted cells, doubled quotes and keeps the last line without an ending", () => {
    expect(splitCmsLine('a,"b, c","say ""hi""",', ",")).toEqual(["a", "b, c", 'say "hi"', ""]);
    expect(splitCmsLine('a\t"b\tc"\t d ', "\t")).toEqual(["a", "b\tc", "d"]);
    expect(splitCmsLine('a,"b', ",")).toBeNull();
    const lines: string[] = [];
    const s = lineSplitter((l) => lines.push(l));
    s.push("one\r");
    s.push("\ntwo\nthr");
    s.push("ee");
    s.end();
    expect(lines).toEqual(["one", "two", "three"]);
  });
});
