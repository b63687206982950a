// The Medicare Code Editor's code lists as published in one tab-delimited file (columns
// MCE_Version, ICD_Version, MCE_Section, MCE_Subsection, MCE_Edit_Type, ICD_Code_Type,
// ICD_Code, ICD_Desc; see examples/cms/mce-v37/SOURCE.md), split into one CSV per edit list in
// the layout rules/cms-mce/tables use: code,edit,edit_type,min_age,max_age,description.
//
// The file names each row's list by section, subsection and edit type; which lists exist and
// the age range of each age list (MCE "Definitions of Medicare Code Edits", edit 4) are fixed
// here, so a row of an unknown list, or of a known list under the wrong section, is a problem
// rather than a new file. Problems name the line and the column as the file names it; works a
// line at a time, keeping only the file's MCE version (every row must repeat it).
import { isDiagnosisCode, normalizeCode } from "../model/codes.js";
import { splitCmsLine, type CmsProblem, type CmsSummary } from "./cms.js";
import { csvCell } from "./csv.js";

export const MCE_HEADER = "code,edit,edit_type,min_age,max_age,description";

export interface MceList {
  /** the CSV file the list is written to */
  file: string;
  /** the MCE edit number and subsection, as the MCE definitions number them: "4C" */
  edit: string;
  section: string;
  /** "_" when the section has no subsections */
  subsection: string;
  /** the file's MCE_Edit_Type */
  editType: string;
  /** D: ICD-10-CM diagnoses; P: ICD-10-PCS procedures */
  codeType: "D" | "P";
  title: string;
  /** the age bounds of an age list, in whole years, both included */
  ages?: { min: number; max: number };
}

const list = (
  file: string,
  section: string,
  subsection: string,
  editType: string,
  codeType: "D" | "P",
  title: string,
  ages?: { min: number; max: number },
): MceList => ({
  file,
  edit: section + (subsection === "_" ? "" : subsection),
  section,
  subsection,
  editType,
  codeType,
  title,
  ...(ages ? { ages } : {}),
});

/** the lists of MCE's simple (one-code) edits, in the order of the MCE definitions */
export const MCE_LISTS: readonly MceList[] = [
  list("newborn.csv", "4", "A", "Newborn_Only", "D", "newborn diagnoses", { min: 0, max: 0 }),
  list("pediatric.csv", "4", "B", "Pediatric_Only", "D", "pediatric diagnoses", { min: 0, max: 17 }),
  list("maternity.csv", "4", "C", "Maternity_Only", "D", "maternity diagnoses", { min: 12, max: 55 }),
  list("adult.csv", "4", "D", "Adult_Only", "D", "adult diagnoses", { min: 15, max: 124 }),
  list("female-diagnoses.csv", "5", "A", "Female_Only", "D", "diagnoses for females only"),
  list("female-procedures.csv", "5", "B", "Female_Only", "P", "procedures for females only"),
  list("male-diagnoses.csv", "5", "C", "Male_Only", "D", "diagnoses for males only"),
  list("male-procedures.csv", "5", "D", "Male_Only", "P", "procedures for males only"),
  list("manifestation.csv", "6", "_", "Principal_Manifestation", "D", "manifestation codes not allowed as principal diagnosis"),
  list("questionable-admission.csv", "8", "A", "Principal_Questionable_Admit", "D", "questionable admission principal diagnoses"),
  list("unacceptable-principal.csv", "9", "_", "Principal_Unacceptable", "D", "unacceptable principal diagnoses"),
  list("noncovered-procedures.csv", "11", "A", "Noncovered_Always", "P", "non-covered procedures"),
  list("noncovered-over-60.csv", "11", "F", "Noncovered_Over60", "P", "procedures not covered over age 60"),
  list("limited-coverage.csv", "17", "A", "Limited_Coverage", "P", "limited-coverage procedures"),
  list("wrong-procedure.csv", "18", "_", "Wrong_Performed", "D", "wrong procedure performed"),
  list("noncovered-los-96-hours.csv", "19", "_", "Noncovered_LOS_96hr", "P", "procedures not covered under 96 hours' stay"),
];

const BY_TYPE = new Map<string, MceList[]>();
for (const l of MCE_LISTS) BY_TYPE.set(l.editType, [...(BY_TYPE.get(l.editType) ?? []), l]);

/** ICD-10-PCS: seven characters, digits and letters other than I and O */
const PCS = /^[0-9A-HJ-NP-Z]{7}$/;

export interface MceSummary extends CmsSummary {
  /** rows per list file, for the lists the file has rows of */
  perList: Map<MceList, number>;
  /** the file's MCE version */
  version: string | null;
}

export interface MceConverter {
  readonly header: string;
  /** one line of input without its line ending; the list and CSV row it converts to, if any */
  line(text: string): { list: MceList; row: string } | undefined;
  end(): MceSummary;
}

const COLUMNS = ["MCE_Version", "ICD_Version", "MCE_Section", "MCE_Subsection", "MCE_Edit_Type", "ICD_Code_Type", "ICD_Code", "ICD_Desc"] as const;
type Column = (typeof COLUMNS)[number];

export function mceConverter(file: string, options: { maxProblems?: number } = {}): MceConverter {
  const maxProblems = options.maxProblems ?? 20;
  const problems: CmsProblem[] = [];
  let problemCount = 0;
  let rows = 0;
  let lineNo = 0;
  let positions: Record<Column, number> | null = null;
  let width = 0;
  let headerBroken = false;
  let version: string | null = null;
  const perList = new Map<MceList, number>();

  const problem = (p: Omit<CmsProblem, "file">) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push({ file, ...p });
  };

  const findHeader = (cells: string[]) => {
    const names = cells.map((c) => c.toLowerCase());
    if (!names.includes("mce_edit_type") || !names.includes("icd_code")) return;
    positions = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c.toLowerCase())])) as Record<Column, number>;
    width = cells.length;
    for (const c of COLUMNS) {
      if (positions[c] < 0 && c !== "ICD_Desc") {
        headerBroken = true;
        problem({ line: lineNo, message: `the header row has no "${c}" column (its cells are: ${cells.join(" | ")})` });
      }
    }
  };

  return {
    header: MCE_HEADER,
    line(raw: string) {
      lineNo++;
      const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      const cells = splitCmsLine(text, "\t");
      if (positions === null) {
        if (cells) findHeader(cells);
        return undefined;
      }
      if (headerBroken) return undefined;
      if (!cells) {
        problem({ line: lineNo, message: "a quoted cell is never closed on this line" });
        return undefined;
      }
      if (cells.every((c) => c === "")) return undefined;
      const at = positions as Record<Column, number>;
      const column = (c: Column) => ({ name: c, position: at[c] + 1 });
      let extra = 0;
      for (let k = width; k < cells.length; k++) if (cells[k] !== "") extra++;
      if (extra > 0) {
        problem({ line: lineNo, message: `the row has ${cells.length} cells but the header names ${width} columns` });
        return undefined;
      }
      for (const c of COLUMNS) {
        if (at[c] >= 0 && cells[at[c]] === undefined) {
          problem({
            line: lineNo,
            column: column(c),
            message: `the row ends before this column: it has ${plural(cells.length, "cell")}, the header names ${width} columns`,
          });
          return undefined;
        }
      }
      const cell = (c: Column) => (at[c] < 0 ? "" : cells[at[c]]);
      let ok = true;
      const bad = (c: Column, message: string) => {
        problem({ line: lineNo, column: column(c), message });
        ok = false;
      };

      const rowVersion = cell("MCE_Version");
      if (!/^\d{1,3}$/.test(rowVersion)) bad("MCE_Version", `"${rowVersion}" is not an MCE version number`);
      else if (version === null) version = rowVersion;
      else if (rowVersion !== version) bad("MCE_Version", `version ${rowVersion} in a file of version ${version}: import one MCE version at a time`);
      if (cell("ICD_Version") !== "10") bad("ICD_Version", `"${cell("ICD_Version")}" is not 10: only ICD-10 lists are read`);

      const editType = cell("MCE_Edit_Type");
      const codeType = cell("ICD_Code_Type");
      const candidates = BY_TYPE.get(editType);
      let target: MceList | undefined;
      if (!candidates) bad("MCE_Edit_Type", `"${editType}" is not an MCE edit this importer knows (${[...BY_TYPE.keys()].join(", ")})`);
      else if (codeType !== "D" && codeType !== "P") bad("ICD_Code_Type", `"${codeType}" is neither D (diagnosis) nor P (procedure)`);
      else {
        target = candidates.find((l) => l.codeType === codeType);
        if (!target) bad("ICD_Code_Type", `${editType} lists ${candidates[0].codeType === "D" ? "diagnoses (D)" : "procedures (P)"}, not "${codeType}"`);
      }
      if (target) {
        if (cell("MCE_Section") !== target.section)
          bad("MCE_Section", `"${cell("MCE_Section")}" is not the section of ${editType} ${codeType} (edit ${target.edit})`);
        else if (cell("MCE_Subsection") !== target.subsection)
          bad("MCE_Subsection", `"${cell("MCE_Subsection")}" is not the subsection of ${editType} ${codeType} (edit ${target.edit})`);
      }

      const code = cell("ICD_Code");
      if (code === "") bad("ICD_Code", "the cell is empty but the column requires a value");
      else if (target?.codeType === "D" && !isDiagnosisCode(code)) bad("ICD_Code", `"${code}" is not an ICD-10-CM diagnosis code`);
      else if (target?.codeType === "P" && !PCS.test(code.toUpperCase()))
        bad("ICD_Code", `"${code}" is not an ICD-10-PCS procedure code (seven letters and digits)`);

      if (!ok || !target) return undefined;
      rows++;
      perList.set(target, (perList.get(target) ?? 0) + 1);
      const ages = target.ages ? `${target.ages.min},${target.ages.max}` : ",";
      return { list: target, row: `${normalizeCode(code)},${target.edit},${target.editType},${ages},${csvCell(cell("ICD_Desc"))}` };
    },
    end(): MceSummary {
      if (positions === null) {
        problem({ line: 0, message: `no header row found: expected a tab-delimited header naming ${COLUMNS.join(", ")}` });
      }
      return { rows, problems: problems.slice(), problemCount, perList, version };
    },
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
