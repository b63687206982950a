// The conversion of CMS's alpha-numeric HCPCS file (fixed-width 320-character records) into the
// layout of rules/cms-edits/tables/hcpcs.csv: the 2019 file as published, and damaged copies of
// it, each damage reported with the line and the record layout's field and position.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { hcpcsConverter, HCPCS_HEADER } from "../../src/tables/hcpcs.js";
import { formatCmsProblem, lineSplitter, type CmsSummary } from "../../src/tables/cms.js";

const FILE = "examples/cms/hcpcs-2019/HCPC2019_CONTR_ANWEB.txt";
/** the file as CMS publishes it is ISO-8859-1: one byte, one position */
const TEXT = readFileSync(FILE, "latin1");
const LINES = TEXT.split("\r\n");

function convert(text: string, maxProblems = 20): CmsSummary & { csv: string } {
  const converter = hcpcsConverter("hcpcs.txt", { maxProblems });
  let csv = converter.header + "\n";
  const splitter = lineSplitter((line) => {
    const row = converter.line(line);
    if (row !== undefined) csv += row + "\n";
  });
  splitter.push(text);
  splitter.end();
  return { ...converter.end(), csv };
}

/** the 1-based line number of the procedure record of `code` */
const recordLine = (code: string) => LINES.findIndex((l) => l.startsWith(code) && l[10] === "3") + 1;
/** the file with line `n` (1-based) changed */
const damaged = (n: number, change: (line: string) => string) => LINES.map((l, i) => (i === n - 1 ? change(l) : l)).join("\r\n");
const put = (line: string, position: number, text: string) => line.slice(0, position - 1) + text + line.slice(position - 1 + text.length);
const errors = (s: CmsSummary) => s.problems.map(formatCmsProblem);

describe("cms-hcpcs on the 2019 file", () => {
  const out = convert(TEXT);

  it("converts every procedure record and says what else the file holds", () => {
    expect(out.problems).toEqual([]);
    expect(out.rows).toBe(6440);
    expect(out.csv.split("\n")[0]).toBe(HCPCS_HEADER);
    expect(out.csv.trimEnd().split("\n")).toHaveLength(6441);
    expect(out.note).toBe("not converted: 4656 description continuation lines, 360 modifier records, 166 modifier continuation lines, 8 notice lines");
  });

  it("reads code, added date, coverage code and short description; the termination date's next day is the deletion", () => {
    const rows = new Map(
      out.csv
        .trimEnd()
        .split("\n")
        .map((r) => [r.slice(0, 5), r]),
    );
    expect(rows.get("A4466")).toBe("A4466,2010-01-01,2017-01-01,M,Elastic garment/covering");
    expect(rows.get("E0100")).toBe("E0100,1986-01-01,,D,Cane adjust/fixed with tip");
    expect(rows.get("A4252")).toBe("A4252,2008-01-01,,S,Blood ketone test or strip");
    expect(rows.get("S0020")).toBe('S0020,2000-01-01,,I,"Injection, bupivicaine hydro"');
    // a termination on 31 December: deleted from 1 January
    expect(rows.get("A7042")).toBe("A7042,2003-01-01,2015-01-01,C,Implanted pleural catheter");
  });

  it("reads the one continuation line CMS cut to 316 characters as blank-padded", () => {
    const short = LINES.findIndex((l, i) => i > 8 && l.length > 0 && l.length < 320);
    expect(LINES[short]).toMatch(/^G8891\d{5}4/);
    expect(out.problems).toEqual([]);
  });

  it("the sample shipped in rules/cms-edits/tables/hcpcs.csv is rows of this conversion", () => {
    const converted = new Set(out.csv.split("\n"));
    const sample = readFileSync("rules/cms-edits/tables/hcpcs.csv", "utf8").trimEnd().split("\n");
    expect(sample[0]).toBe(HCPCS_HEADER);
    expect(sample.length).toBeGreaterThan(10);
    for (const row of sample) expect(converted.has(row), row).toBe(true);
  });
});

describe("cms-hcpcs on damaged copies", () => {
  it("names the line and the field of each bad value", () => {
    const coverage = recordLine("E0100");
    const added = recordLine("A4206");
    const action = recordLine("J1100");
    let text = damaged(coverage, (l) => put(l, 230, "X"));
    text = text
      .split("\r\n")
      .map((l, i) => (i === added - 1 ? put(l, 269, "19851301") : i === action - 1 ? put(l, 293, "Q") : l))
      .join("\r\n");
    const out = convert(text);
    expect(errors(out)).toEqual([
      `hcpcs.txt:${added}: error: "HCPCS code added date" (column 269): "19851301" is not a date (YYYYMMDD)`,
      `hcpcs.txt:${coverage}: error: "HCPCS coverage code" (column 230): "X" is not a coverage code (C, D, I, M or S)`,
      `hcpcs.txt:${action}: error: "HCPCS action code" (column 293): "Q" is not an action code (A, B, C, D, F, N, P, R, S or T)`,
    ]);
    expect(out.problemCount).toBe(3);
    expect(out.rows).toBe(6437);
  });

  it("a record cut short is reported at the first required field it lacks; one too long by its length", () => {
    const cut = recordLine("A4210");
    const long = recordLine("A4252");
    const text = damaged(cut, (l) => l.slice(0, 250))
      .split("\r\n")
      .map((l, i) => (i === long - 1 ? l + "EXTRA" : l))
      .join("\r\n");
    expect(errors(convert(text))).toEqual([
      `hcpcs.txt:${cut}: error: "HCPCS code added date" (column 269): the field is blank but the layout requires a date (YYYYMMDD)`,
      `hcpcs.txt:${cut}: error: "HCPCS action code" (column 293): "" is not an action code (A, B, C, D, F, N, P, R, S or T)`,
      `hcpcs.txt:${long}: error: the record is 325 characters long; the layout's records are 320`,
    ]);
  });

  it("checks the record type, the sequence number, the code's shape and the order of dates", () => {
    const type = recordLine("A0021");
    const sequence = recordLine("A0080");
    const shape = recordLine("A0090");
    const dates = recordLine("A4466");
    const lines = [...LINES];
    lines[type - 1] = put(lines[type - 1], 11, "5");
    lines[sequence - 1] = put(lines[sequence - 1], 6, "0A100");
    lines[shape - 1] = put(lines[shape - 1], 1, "99213");
    lines[dates - 1] = put(lines[dates - 1], 285, "20091231");
    expect(errors(convert(lines.join("\r\n")))).toEqual([
      `hcpcs.txt:${type}: error: "HCPCS record identification code" (column 11): "5" is not a record type (3, 4, 7 or 8)`,
      `hcpcs.txt:${sequence}: error: "HCPCS sequence number" (column 6): "0A100" is not a sequence number (5 digits)`,
      `hcpcs.txt:${shape}: error: "HCPCS code" (column 1): "99213" is not a HCPCS Level II code (a letter A–V and four digits)`,
      `hcpcs.txt:${dates}: error: "HCPCS termination date" (column 285): the code is terminated (2009-12-31) before it was added (2010-01-01)`,
    ]);
  });

  it("a description line must continue the record before it", () => {
    const at = LINES.findIndex((l) => l[10] === "4") + 1;
    const before = LINES[at - 2].slice(0, 5);
    const text = damaged(at, (l) => put(l, 1, "Z9999"));
    expect(errors(convert(text))).toEqual([
      `hcpcs.txt:${at}: error: "HCPCS code" (column 1): a description line of procedure "Z9999" follows the record of procedure ${before}`,
    ]);
  });

  it("a line that is not a record after the first record is an error, never a skipped notice", () => {
    const at = recordLine("E0100");
    const out = convert(damaged(at, () => "*a stray notice line"));
    expect(errors(out)).toEqual([`hcpcs.txt:${at}: error: "HCPCS sequence number" (column 6): "ray n" is not a sequence number (5 digits)`]);
    expect(out.rows).toBe(6439);
  });

  it("a file without records, and the problem count beyond the printed ones", () => {
    expect(errors(convert("notice\r\n\r\n"))).toEqual([
      "hcpcs.txt: error: no HCPCS records found: expected 320-character records with the record type (3, 4, 7 or 8) in position 11",
    ]);
    const lines = LINES.map((l) => (l[10] === "3" ? put(l, 230, "Q") : l));
    const out = convert(lines.join("\r\n"), 5);
    expect(out.problems).toHaveLength(5);
    expect(out.problemCount).toBe(6440);
    expect(out.rows).toBe(0);
  });
});
