// CMS's annual alpha-numeric HCPCS file (HCPC<year>_CONTR_ANWEB.txt), converted to the CSV
// layout of rules/cms-edits/tables/hcpcs.csv: code,effective,deletion,coverage,description.
//
// The file is fixed-width: 320-character records (examples/cms/hcpcs-2019/HCPCS2019_recordlayout.txt),
// ISO-8859-1, after a few notice lines. A record's type is in position 11: 3 starts a procedure
// (its data in positions 92–293), 4 continues its long description, 7 starts a modifier, 8
// continues a modifier's description. One row per procedure record: the code (1–5), the date
// it was added (269–276) as `effective`, the coverage code (230: C carrier judgment, D special
// coverage instructions, I not payable by Medicare, M non-covered by Medicare, S non-covered by
// Medicare statute) and the short description (92–119). CMS's termination date (285–292) is the
// last day a code may be used; `deletion` is the day after, the first day it no longer applies,
// which is what `active from effective until deletion` means.
//
// Positions are what problems name (`"HCPCS coverage code" (column 230)`). Records shorter than 320
// are read as if blank-padded (CMS's own 2019 file has one continuation line cut to 316), so a
// cut-off record is reported at the first field it lacks. Works a line at a time, keeping only
// the code the next continuation line must repeat.
import { addDays, formatDate, parseDate } from "../model/dates.js";
import { isModifier } from "../model/codes.js";
import { cmsDate, type CmsConverter, type CmsProblem, type CmsSummary } from "./cms.js";
import { csvCell } from "./csv.js";

export const HCPCS_HEADER = "code,effective,deletion,coverage,description";

const WIDTH = 320;

/** a field of the record layout: its name there and its 1-based first and last positions */
interface Field {
  name: string;
  from: number;
  to: number;
}

const F = {
  code: { name: "HCPCS code", from: 1, to: 5 },
  modifier: { name: "HCPCS modifier code", from: 4, to: 5 },
  sequence: { name: "HCPCS sequence number", from: 6, to: 10 },
  recordId: { name: "HCPCS record identification code", from: 11, to: 11 },
  shortDescription: { name: "HCPCS short description", from: 92, to: 119 },
  coverage: { name: "HCPCS coverage code", from: 230, to: 230 },
  added: { name: "HCPCS code added date", from: 269, to: 276 },
  termination: { name: "HCPCS termination date", from: 285, to: 292 },
  action: { name: "HCPCS action code", from: 293, to: 293 },
} satisfies Record<string, Field>;

const COVERAGE = new Set(["C", "D", "I", "M", "S"]);
const ACTION = new Set(["A", "B", "C", "D", "F", "N", "P", "R", "S", "T"]);
/** HCPCS Level II: a letter A–V and four digits (the file holds no CPT codes) */
const LEVEL_II = /^[A-V]\d{4}$/;
/**
 * what begins a record: a code shaped like a Level II code, or three blanks and a modifier. Lines
 * before the first such line are the file's notice; from there on, every line is a record, so a
 * damaged record is reported, never skipped as notice.
 */
const RECORD_START = /^(?:[A-Z]\d{4}| {3}[A-Z0-9]{2})/;

const cut = (text: string, f: Field) => text.slice(f.from - 1, f.to);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function hcpcsConverter(file: string, options: { maxProblems?: number } = {}): CmsConverter {
  const maxProblems = options.maxProblems ?? 20;
  const problems: CmsProblem[] = [];
  let problemCount = 0;
  let rows = 0;
  let lineNo = 0;
  let started = false;
  let notice = 0;
  let continuations = 0;
  let modifiers = 0;
  let modifierContinuations = 0;
  /**
   * the procedure or modifier code the next continuation line must repeat: null before any,
   * undefined after a damaged record (its continuation lines are not checked: one damage, one problem)
   */
  let lastCode: string | null | undefined = null;
  let lastModifier: string | null | undefined = null;

  const problem = (p: Omit<CmsProblem, "file">) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push({ file, ...p });
  };
  const at = (f: Field) => ({ name: f.name, position: f.from });

  const date = (record: string, f: Field, required: boolean): string | null | undefined => {
    const raw = cut(record, f).trim();
    if (raw === "") {
      if (required) problem({ line: lineNo, column: at(f), message: "the field is blank but the layout requires a date (YYYYMMDD)" });
      return required ? undefined : null;
    }
    const iso = cmsDate(raw);
    if (!iso) problem({ line: lineNo, column: at(f), message: `"${raw}" is not a date (YYYYMMDD)` });
    return iso ?? undefined;
  };

  const procedure = (record: string): string | undefined => {
    const code = cut(record, F.code);
    lastCode = code;
    lastModifier = null;
    let ok = true;
    if (!LEVEL_II.test(code)) {
      problem({ line: lineNo, column: at(F.code), message: `"${code.trim()}" is not a HCPCS Level II code (a letter A–V and four digits)` });
      lastCode = undefined;
      ok = false;
    }
    const coverage = cut(record, F.coverage);
    if (!COVERAGE.has(coverage)) {
      problem({ line: lineNo, column: at(F.coverage), message: `"${coverage.trim()}" is not a coverage code (C, D, I, M or S)` });
      ok = false;
    }
    const added = date(record, F.added, true);
    const termination = date(record, F.termination, false);
    if (added === undefined || termination === undefined) ok = false;
    const action = cut(record, F.action);
    if (!ACTION.has(action)) {
      problem({ line: lineNo, column: at(F.action), message: `"${action.trim()}" is not an action code (A, B, C, D, F, N, P, R, S or T)` });
      ok = false;
    }
    if (!ok) return undefined;
    if (termination !== null && termination! < added!) {
      problem({ line: lineNo, column: at(F.termination), message: `the code is terminated (${termination}) before it was added (${added})` });
      return undefined;
    }
    const deletion = termination === null ? "" : formatDate(addDays((parseDate(termination) as { ok: true; day: number }).day, 1));
    rows++;
    return `${code},${added},${deletion},${coverage},${csvCell(cut(record, F.shortDescription).trim())}`;
  };

  const continuation = (record: string, kind: "procedure" | "modifier"): void => {
    const field = kind === "procedure" ? F.code : F.modifier;
    const code = cut(record, field);
    const expected = kind === "procedure" ? lastCode : lastModifier;
    if (expected !== undefined && code !== expected) {
      const follows = expected === null ? `no ${kind} record` : `the record of ${kind} ${expected.trim()}`;
      problem({ line: lineNo, column: at(field), message: `a description line of ${kind} "${code.trim()}" follows ${follows}` });
    }
  };

  return {
    header: HCPCS_HEADER,
    line(raw: string): string | undefined {
      lineNo++;
      if (!started) {
        if (!RECORD_START.test(raw)) {
          notice++;
          return undefined;
        }
        started = true;
      }
      if (raw.trim() === "") return undefined;
      if (raw.length > WIDTH) {
        problem({ line: lineNo, message: `the record is ${raw.length} characters long; the layout's records are ${WIDTH}` });
        lastCode = lastModifier = undefined;
        return undefined;
      }
      const record = raw.padEnd(WIDTH);
      const sequence = cut(record, F.sequence);
      if (!/^\d{5}$/.test(sequence)) {
        problem({ line: lineNo, column: at(F.sequence), message: `"${sequence.trim()}" is not a sequence number (5 digits)` });
        lastCode = lastModifier = undefined;
        return undefined;
      }
      switch (cut(record, F.recordId)) {
        case "3":
          return procedure(record);
        case "4":
          continuations++;
          continuation(record, "procedure");
          return undefined;
        case "7": {
          modifiers++;
          const modifier = cut(record, F.modifier);
          lastModifier = modifier;
          lastCode = null;
          if (cut(record, F.code).slice(0, 3) !== "   " || !isModifier(modifier)) {
            problem({
              line: lineNo,
              column: at(F.code),
              message: `"${cut(record, F.code).trim()}" is not a modifier record's code (three blanks and a two-character modifier)`,
            });
            lastModifier = undefined;
          }
          return undefined;
        }
        case "8":
          modifierContinuations++;
          continuation(record, "modifier");
          return undefined;
        default:
          problem({ line: lineNo, column: at(F.recordId), message: `"${cut(record, F.recordId).trim()}" is not a record type (3, 4, 7 or 8)` });
          lastCode = lastModifier = undefined;
          return undefined;
      }
    },
    end(): CmsSummary {
      if (!started) {
        problem({ line: 0, message: `no HCPCS records found: expected ${WIDTH}-character records with the record type (3, 4, 7 or 8) in position 11` });
      }
      const skipped = [
        plural(continuations, "description continuation line"),
        plural(modifiers, "modifier record"),
        plural(modifierContinuations, "modifier continuation line"),
        plural(notice, "notice line"),
      ];
      return { rows, problems: problems.slice(), problemCount, note: `not converted: ${skipped.join(", ")}` };
    },
  };
}
