// CMS's published NCCI text layouts, converted to the CSV layouts of rules/cms-edits/tables:
//
//   PTP (tab-delimited): Column 1, Column 2, "* = In existence prior to 1996", Effective Date
//   (YYYYMMDD), Deletion Date (YYYYMMDD or "*"), "Modifier 0=not allowed 1=allowed 9=not
//   applicable", PTP Edit Rationale  →  column1,column2,effective,deletion,modifier_indicator
//   MUE (tab- or comma-delimited): HCPCS/CPT Code, Practitioner Services MUE Values, MUE
//   Adjudication Indicator ("1 Line Edit", "2 Date of Service Edit: Policy", …), MUE Rationale
//   →  code,mue,mai
//
// Tolerant of the layout (notice lines before the header row, which is found by its column
// names; quoted cells; CRLF; blank lines), strict about the data: every bad row is a problem
// naming the file, the line and the column. Works a line at a time and keeps nothing per row,
// so the million-line PTP files convert in constant memory. A CMS deletion date is the first
// date the edit no longer applies, which is what `active from effective until deletion` means.
import { parseDate } from "../model/dates.js";
import { readQuoted } from "./csv.js";
import { isProcedureCode, normalizeCode } from "../model/codes.js";

export type CmsLayout = "cms-ptp" | "cms-mue";

export const CMS_LAYOUTS: readonly CmsLayout[] = ["cms-ptp", "cms-mue"];

export interface CmsProblem {
  file: string;
  /** 1-based line of the input file (0 for a problem with the file as a whole) */
  line: number;
  /** the column as CMS names it, with its 1-based position in the row */
  column?: { name: string; position: number };
  message: string;
}

export interface CmsConverter {
  /** the CSV header line of the converted table (no line ending) */
  readonly header: string;
  /** one line of input, without its line ending; returns the CSV row it converts to, if any */
  line(text: string): string | undefined;
  /** after the last line: the problems (the first `maxProblems`), their total count and the rows converted */
  end(): CmsSummary;
}

export interface CmsSummary {
  rows: number;
  problems: CmsProblem[];
  problemCount: number;
  /** what the file holds that the converted table does not (said after a successful import) */
  note?: string;
}

/** `ptp.txt:12: error: "Effective date" (column 4): "20261301" is not a date (YYYYMMDD)` */
export function formatCmsProblem(p: CmsProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}` : p.file;
  const column = p.column ? `"${p.column.name}" (column ${p.column.position}): ` : "";
  return `${where}: error: ${column}${p.message}`;
}

type Check = (raw: string) => { ok: true; value: string } | { ok: false; message: string };

interface Field {
  /** the name problems use */
  name: string;
  /** does a header cell (lower case, blanks collapsed) name this column? */
  matches: (cell: string) => boolean;
  required: boolean;
  /** a blank cell is a value (a deletion date: not deleted) */
  blankOk?: boolean;
  check?: Check;
}

interface Layout {
  header: string;
  /** what the header row must name, for the "no header" problem */
  describe: string;
  /** does this line's cells look like the header row? */
  isHeader: (cells: string[]) => boolean;
  fields: Field[];
  /** output order: indexes into `fields` */
  output: number[];
  /** a whole-row check once every field is valid (values in field order) */
  row?: (values: string[]) => { field: number; message: string } | undefined;
}

const procedure: Check = (raw) =>
  isProcedureCode(raw) ? { ok: true, value: normalizeCode(raw) } : { ok: false, message: `"${raw}" is not a CPT or HCPCS procedure code` };

const DATE_CACHE_LIMIT = 10_000;
const dateCache = new Map<string, string | null>();

/** YYYYMMDD → YYYY-MM-DD, or null for anything that is not a calendar date */
export function cmsDate(raw: string): string | null {
  let out = dateCache.get(raw);
  if (out !== undefined) return out;
  out = null;
  if (/^\d{8}$/.test(raw)) {
    const iso = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
    if (parseDate(iso).ok) out = iso;
  }
  if (dateCache.size < DATE_CACHE_LIMIT) dateCache.set(raw, out);
  return out;
}

const effectiveDate: Check = (raw) => {
  const iso = cmsDate(raw);
  return iso ? { ok: true, value: iso } : { ok: false, message: `"${raw}" is not a date (YYYYMMDD)` };
};

const deletionDate: Check = (raw) => {
  if (raw === "*" || raw === "") return { ok: true, value: "" };
  const iso = cmsDate(raw);
  return iso ? { ok: true, value: iso } : { ok: false, message: `"${raw}" is not a date (YYYYMMDD) or * (not deleted)` };
};

const norm = (cell: string) => cell.trim().toLowerCase().replace(/\s+/g, " ");

const PTP: Layout = {
  header: "column1,column2,effective,deletion,modifier_indicator",
  describe: 'a header row naming "Column 1", "Column 2", "Effective date", "Deletion date" and "Modifier"',
  isHeader: (cells) => {
    const names = cells.map(norm);
    return names.includes("column 1") && names.includes("column 2");
  },
  fields: [
    { name: "Column 1", matches: (c) => c === "column 1", required: true, check: procedure },
    { name: "Column 2", matches: (c) => c === "column 2", required: true, check: procedure },
    {
      name: "In existence prior to 1996",
      matches: (c) => c.includes("prior to 1996"),
      required: false,
      check: (raw) => (raw === "" || raw === "*" ? { ok: true, value: raw } : { ok: false, message: `"${raw}" is neither * nor blank` }),
    },
    { name: "Effective date", matches: (c) => c.startsWith("effective"), required: true, check: effectiveDate },
    { name: "Deletion date", matches: (c) => c.startsWith("deletion"), required: true, blankOk: true, check: deletionDate },
    {
      name: "Modifier",
      matches: (c) => c.startsWith("modifier"),
      required: true,
      check: (raw) =>
        raw === "0" || raw === "1" || raw === "9" ? { ok: true, value: raw } : { ok: false, message: `"${raw}" is not a modifier indicator (0, 1 or 9)` },
    },
  ],
  output: [0, 1, 3, 4, 5],
  row: (values) =>
    values[4] !== "" && values[4] < values[3] ? { field: 4, message: `the edit is deleted (${values[4]}) before it takes effect (${values[3]})` } : undefined,
};

const MUE: Layout = {
  header: "code,mue,mai",
  describe: 'a header row naming "HCPCS/CPT Code", "… MUE Values" and "MUE Adjudication Indicator"',
  isHeader: (cells) => {
    const names = cells.map(norm);
    return names.some((c) => c.includes("hcpcs") && c.includes("code")) && names.some((c) => c.includes("mue value"));
  },
  fields: [
    { name: "HCPCS/CPT Code", matches: (c) => c.includes("hcpcs") && c.includes("code"), required: true, check: procedure },
    {
      name: "MUE Values",
      matches: (c) => c.includes("mue value"),
      required: true,
      check: (raw) => (/^\d{1,9}$/.test(raw) ? { ok: true, value: String(Number(raw)) } : { ok: false, message: `"${raw}" is not a whole number of units` }),
    },
    {
      name: "MUE Adjudication Indicator",
      matches: (c) => c.includes("adjudication indicator"),
      required: true,
      check: (raw) => {
        const m = /^([123])(?:\s|$)/.exec(raw);
        return m
          ? { ok: true, value: m[1] }
          : { ok: false, message: `"${raw}" is not an MUE adjudication indicator (1 line edit, 2 or 3 date of service edit)` };
      },
    },
  ],
  output: [0, 1, 2],
};

/**
 * The cells of one line: split at `delimiter`, with RFC 4180 quoting inside the line (a quoted
 * cell may hold the delimiter and doubled quotes). Cells are trimmed. Null when a quote is never
 * closed on the line.
 */
export function splitCmsLine(text: string, delimiter: string): string[] | null {
  const cells: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && (text[i] === " " || (text[i] === "\t" && delimiter !== "\t"))) i++;
    if (text[i] === '"') {
      const quoted = readQuoted(text, i);
      if (!quoted) return null;
      const { value } = quoted;
      i = quoted.next;
      const end = text.indexOf(delimiter, i);
      const stop = end < 0 ? n : end;
      cells.push((value + text.slice(i, stop)).trim());
      if (end < 0) break;
      i = end + 1;
    } else {
      const end = text.indexOf(delimiter, i);
      cells.push((end < 0 ? text.slice(i) : text.slice(i, end)).trim());
      if (end < 0) break;
      i = end + 1;
    }
  }
  return cells;
}

/** a converter for one input file; `file` is only used to name it in problems */
export function cmsConverter(layout: CmsLayout, file: string, options: { maxProblems?: number } = {}): CmsConverter {
  const spec = layout === "cms-ptp" ? PTP : MUE;
  const maxProblems = options.maxProblems ?? 20;
  const problems: CmsProblem[] = [];
  let problemCount = 0;
  let rows = 0;
  let lineNo = 0;
  let delimiter: string | undefined;
  /** cell index of each field, -1 when the header does not name it */
  let positions: number[] = [];
  let width = 0;
  let sawData = false;
  let headerBroken = false;

  const problem = (p: Omit<CmsProblem, "file">) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push({ file, ...p });
  };

  const findHeader = (text: string): void => {
    const delim = text.includes("\t") ? "\t" : ",";
    const cells = splitCmsLine(text, delim);
    if (!cells || !spec.isHeader(cells)) return;
    delimiter = delim;
    width = cells.length;
    const names = cells.map(norm);
    positions = spec.fields.map((f) => names.findIndex(f.matches));
    spec.fields.forEach((f, k) => {
      if (f.required && positions[k] < 0) {
        headerBroken = true;
        problem({ line: lineNo, message: `the header row has no "${f.name}" column (its cells are: ${cells.join(" | ")})` });
      }
    });
  };

  const looksLikeData = (cell: string, index: number): boolean =>
    cell !== "" && spec.fields.some((f, j) => positions[j] === index && f.check !== undefined && f.check(cell).ok);

  const values: string[] = new Array(spec.fields.length);
  return {
    header: spec.header,
    line(raw: string): string | undefined {
      lineNo++;
      const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (delimiter === undefined) {
        findHeader(text);
        return undefined;
      }
      if (headerBroken) return undefined;
      const cells = splitCmsLine(text, delimiter);
      if (!cells) {
        problem({ line: lineNo, message: "a quoted cell is never closed on this line" });
        return undefined;
      }
      if (cells.every((c) => c === "")) return undefined;
      // a header split over several lines continues with lines whose code cells are blank
      // (blank code cells, and no cell that would be a valid value of its column)
      if (!sawData && !cells[positions[0]] && (layout === "cms-mue" || !cells[positions[1]]) && !cells.some(looksLikeData)) return undefined;
      if (!isProcedureCode(cells[positions[0]]) && spec.isHeader(cells)) return undefined; // the header again (files joined together)
      sawData = true;
      let extra = 0;
      for (let k = width; k < cells.length; k++) if (cells[k] !== "") extra++;
      if (extra > 0) {
        problem({ line: lineNo, message: `the row has ${cells.length} cells but the header names ${width} columns` });
        return undefined;
      }
      let ok = true;
      for (let f = 0; f < spec.fields.length; f++) {
        const field = spec.fields[f];
        const at = positions[f];
        if (at < 0) {
          values[f] = "";
          continue;
        }
        const cell = cells[at];
        const column = { name: field.name, position: at + 1 };
        if (cell === undefined) {
          problem({
            line: lineNo,
            column,
            message: `the row ends before this column: it has ${cells.length} cell${cells.length === 1 ? "" : "s"}, the header names ${width} columns`,
          });
          ok = false;
          break;
        }
        if (cell === "" && field.required && !field.blankOk) {
          problem({ line: lineNo, column, message: "the cell is empty but the column requires a value" });
          ok = false;
          continue;
        }
        const checked = field.check ? field.check(cell) : { ok: true as const, value: cell };
        if (checked.ok) values[f] = checked.value;
        else {
          problem({ line: lineNo, column, message: checked.message });
          ok = false;
        }
      }
      if (!ok) return undefined;
      const bad = spec.row?.(values);
      if (bad) {
        problem({ line: lineNo, column: { name: spec.fields[bad.field].name, position: positions[bad.field] + 1 }, message: bad.message });
        return undefined;
      }
      rows++;
      let out = values[spec.output[0]];
      for (let k = 1; k < spec.output.length; k++) out += "," + values[spec.output[k]];
      return out;
    },
    end(): CmsSummary {
      if (delimiter === undefined) {
        problem({ line: 0, message: `no header row found: expected ${spec.describe}` });
      }
      return { rows, problems: problems.slice(), problemCount };
    },
  };
}

/**
 * Splits text chunks into lines (LF or CRLF; a CR split from its LF across chunks is handled),
 * calling `onLine` with each line without its ending. A last line without an ending comes at `end()`.
 */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; end(): void } {
  let rest = "";
  return {
    push(chunk: string) {
      let start = 0;
      const text = chunk;
      if (rest !== "") {
        const nl = chunk.indexOf("\n");
        if (nl < 0) {
          rest += chunk;
          return;
        }
        const first = rest + chunk.slice(0, nl);
        onLine(first.endsWith("\r") ? first.slice(0, -1) : first);
        rest = "";
        start = nl + 1;
      }
      for (;;) {
        const nl = text.indexOf("\n", start);
        if (nl < 0) break;
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(text.slice(start, end));
        start = nl + 1;
      }
      rest = text.slice(start);
    },
    end() {
      if (rest !== "") onLine(rest.endsWith("\r") ? rest.slice(0, -1) : rest);
      rest = "";
    },
  };
}

/** converts a whole text (or its chunks) at once: for tests and small files */
export function convertCms(
  layout: CmsLayout,
  file: string,
  input: string | Iterable<string>,
  options: { maxProblems?: number } = {},
): CmsSummary & { csv: string } {
  const converter = cmsConverter(layout, file, options);
  let csv = converter.header + "\n";
  const splitter = lineSplitter((line) => {
    const row = converter.line(line);
    if (row !== undefined) csv += row + "\n";
  });
  for (const chunk of typeof input === "string" ? [input] : input) splitter.push(chunk);
  splitter.end();
  const summary = converter.end();
  return { ...summary, csv: summary.problemCount > 0 ? "" : csv };
}
