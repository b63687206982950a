// The Medicare Code Editor v37 file split into one CSV per edit list (src/tables/mce.ts): the
// file as published gives exactly the lists rules/cms-mce ships, with each list's edit type and
// age bounds; damaged copies are reported by line and column, each damage once.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { mceConverter, MCE_HEADER, MCE_LISTS, type MceSummary } from "../../src/tables/mce.js";
import { formatCmsProblem, lineSplitter } from "../../src/tables/cms.js";

const FILE = "examples/cms/mce-v37/MCE_Simple_Code_Edits_v37.txt";
const TEXT = readFileSync(FILE, "utf8");
const LINES = TEXT.split("\n");

function convert(text: string): MceSummary & { files: Map<string, string> } {
  const converter = mceConverter("mce.txt");
  const files = new Map<string, string>();
  const splitter = lineSplitter((line) => {
    const out = converter.line(line);
    if (out) files.set(out.list.file, (files.get(out.list.file) ?? converter.header + "\n") + out.row + "\n");
  });
  splitter.push(text);
  splitter.end();
  return { ...converter.end(), files };
}
const errors = (s: MceSummary) => s.problems.map(formatCmsProblem);
/** the 1-based line of the first row of `editType` `codeType` */
const rowOf = (editType: string, codeType = "D") => LINES.findIndex((l) => l.split("\t")[4] === editType && l.split("\t")[5] === codeType) + 1;
const change = (n: number, column: number, value: string) =>
  LINES.map((l, i) =>
    i === n - 1
      ? l
          .split("\t")
          .map((c, k) => (k === column - 1 ? value : c))
          .join("\t")
      : l,
  ).join("\n");

describe("cms-mce on the v37 file", () => {
  const out = convert(TEXT);

  it("splits all 14,153 rows into the sixteen lists with the counts of the MCE definitions", () => {
    expect(out.problems).toEqual([]);
    expect(out.version).toBe("37");
    expect(out.rows).toBe(14153);
    const counts = Object.fromEntries([...out.perList].map(([list, n]) => [list.edit, n]));
    expect(counts).toEqual({
      "4A": 41,
      "4B": 114,
      "4C": 2372,
      "4D": 771,
      "5A": 3135,
      "5B": 2294,
      "5C": 529,
      "5D": 1916,
      "6": 395,
      "8A": 27,
      "9": 2406,
      "11A": 97,
      "11F": 2,
      "17A": 50,
      "18": 3,
      "19": 1,
    });
    expect([...out.files.keys()].sort()).toEqual(MCE_LISTS.map((l) => l.file).sort());
  });

  it("keeps each list's edit and edit type, and the age lists' bounds, on every row", () => {
    const rows = (file: string) => out.files.get(file)!.trimEnd().split("\n");
    expect(rows("maternity.csv")[0]).toBe(MCE_HEADER);
    expect(rows("maternity.csv")).toContain('O24410,4C,Maternity_Only,12,55,"Gestational diabetes mellitus in pregnancy, diet controlled"');
    expect(rows("newborn.csv")).toContain("Z050,4A,Newborn_Only,0,0,Obs & eval of NB for suspected cardiac condition ruled out");
    expect(rows("pediatric.csv")).toContain("E301,4B,Pediatric_Only,0,17,Precocious puberty");
    expect(rows("adult.csv")).toContain("F0390,4D,Adult_Only,15,124,Unspecified dementia without behavioral disturbance");
    expect(rows("female-diagnoses.csv")).toContain('N83201,5A,Female_Only,,,"Unspecified ovarian cyst, right side"');
    expect(rows("male-procedures.csv")[1]).toMatch(/^[0-9A-HJ-NP-Z]{7},5D,Male_Only,,,/);
    for (const [file, text] of out.files) {
      const list = MCE_LISTS.find((l) => l.file === file)!;
      const bounds = list.ages ? `,${list.ages.min},${list.ages.max},` : ",,,";
      for (const row of text.trimEnd().split("\n").slice(1)) expect(row).toContain(`,${list.edit},${list.editType}${bounds}`);
    }
  });

  it("gives, byte for byte, the eight lists rules/cms-mce ships", () => {
    for (const file of ["newborn", "pediatric", "maternity", "adult", "female-diagnoses", "male-diagnoses", "manifestation", "unacceptable-principal"]) {
      expect(out.files.get(`${file}.csv`), file).toBe(readFileSync(`rules/cms-mce/tables/${file}.csv`, "utf8"));
    }
  });
});

describe("cms-mce on damaged copies", () => {
  it("an unknown edit type, a list under the wrong section, a code of the wrong kind", () => {
    const unknown = rowOf("Adult_Only");
    const section = rowOf("Maternity_Only");
    const kind = rowOf("Female_Only", "P");
    const diagnosis = rowOf("Male_Only", "D");
    let text = change(unknown, 5, "Senior_Only");
    text = text
      .split("\n")
      .map((l, i) => (i === section - 1 ? l.replace("\t4\tC\t", "\t5\tC\t") : l))
      .join("\n");
    text = text
      .split("\n")
      .map((l, i) => (i === kind - 1 ? l.replace(/\tP\t(\w+)\t/, "\tP\tO1234\t") : i === diagnosis - 1 ? l.replace(/\tD\t(\w+)\t/, "\tD\t0UT90ZZ\t") : l))
      .join("\n");
    const out = convert(text);
    expect(errors(out).sort()).toEqual(
      [
        `mce.txt:${unknown}: error: "MCE_Edit_Type" (column 5): "Senior_Only" is not an MCE edit this importer knows (Newborn_Only, Pediatric_Only, Maternity_Only, Adult_Only, Female_Only, Male_Only, Principal_Manifestation, Principal_Questionable_Admit, Principal_Unacceptable, Noncovered_Always, Noncovered_Over60, Limited_Coverage, Wrong_Performed, Noncovered_LOS_96hr)`,
        `mce.txt:${section}: error: "MCE_Section" (column 3): "5" is not the section of Maternity_Only D (edit 4C)`,
        `mce.txt:${kind}: error: "ICD_Code" (column 7): "O1234" is not an ICD-10-PCS procedure code (seven letters and digits)`,
        `mce.txt:${diagnosis}: error: "ICD_Code" (column 7): "0UT90ZZ" is not an ICD-10-CM diagnosis code`,
      ].sort(),
    );
    expect(out.rows).toBe(14149);
  });

  it("a second MCE version, ICD-9, a code type the list does not have, a wrong subsection", () => {
    const version = rowOf("Pediatric_Only");
    const icd = rowOf("Newborn_Only") + 1;
    const codeType = rowOf("Principal_Unacceptable");
    const subsection = rowOf("Noncovered_Over60", "P");
    let text = change(version, 1, "38");
    text = text
      .split("\n")
      .map((l, i) =>
        i === icd - 1
          ? l.replace(/^37\t10\t/, "37\t9\t")
          : i === codeType - 1
            ? l.replace("\tD\t", "\tP\t")
            : i === subsection - 1
              ? l.replace("\t11\tF\t", "\t11\tB\t")
              : l,
      )
      .join("\n");
    expect(errors(convert(text))).toEqual([
      `mce.txt:${icd}: error: "ICD_Version" (column 2): "9" is not 10: only ICD-10 lists are read`,
      `mce.txt:${version}: error: "MCE_Version" (column 1): version 38 in a file of version 37: import one MCE version at a time`,
      `mce.txt:${codeType}: error: "ICD_Code_Type" (column 6): Principal_Unacceptable lists diagnoses (D), not "P"`,
      `mce.txt:${subsection}: error: "MCE_Subsection" (column 4): "B" is not the subsection of Noncovered_Over60 P (edit 11F)`,
    ]);
  });

  it("rows with too few or too many cells, an empty code, a header without a column, no header", () => {
    const short = 10;
    const long = 11;
    const empty = 12;
    const lines = [...LINES];
    lines[short - 1] = lines[short - 1].split("\t").slice(0, 6).join("\t");
    lines[long - 1] = lines[long - 1] + "\textra";
    lines[empty - 1] = lines[empty - 1]
      .split("\t")
      .map((c, k) => (k === 6 ? "" : c))
      .join("\t");
    expect(errors(convert(lines.join("\n")))).toEqual([
      `mce.txt:${short}: error: "ICD_Code" (column 7): the row ends before this column: it has 6 cells, the header names 8 columns`,
      `mce.txt:${long}: error: the row has 9 cells but the header names 8 columns`,
      `mce.txt:${empty}: error: "ICD_Code" (column 7): the cell is empty but the column requires a value`,
    ]);
    const noType = [LINES[0].replace("\tICD_Code_Type", "\tCode_Kind"), ...LINES.slice(1)].join("\n");
    expect(errors(convert(noType))[0]).toMatch(/^mce\.txt:1: error: the header row has no "ICD_Code_Type" column/);
    expect(errors(convert(LINES.slice(1).join("\n")))).toEqual([
      "mce.txt: error: no header row found: expected a tab-delimited header naming MCE_Version, ICD_Version, MCE_Section, MCE_Subsection, MCE_Edit_Type, ICD_Code_Type, ICD_Code, ICD_Desc",
    ]);
  });
});
