// Turns a table file's text into typed rows for a declared table. Every bad row is reported
// with file, row and column; a table with any error yields no rows at all (never half-loaded).
import type { ColumnDecl, Span } from "../syntax/ast.js";
import type { Diagnostic } from "../syntax/diagnostic.js";
import type { Row } from "../ir/table.js";
import { readCsv, type CsvCell } from "./csv.js";
import { parseMoney, parsePercent } from "../model/money.js";
import { parseDate } from "../model/dates.js";
import {
  normalizeCode,
  isProcedureCode,
  isDiagnosisCode,
  isDiagnosisPattern,
  isModifier,
} from "../model/codes.js";

export interface LoadedTable {
  rows: Row[];
  diagnostics: Diagnostic[];
}

const MAX_ERRORS = 50;

function cellSpan(file: string, cell: CsvCell): Span {
  const length = Math.max(1, cell.value.length);
  return { file, line: cell.line, col: cell.col, endLine: cell.line, endCol: cell.col + length, offset: cell.offset, endOffset: cell.offset + length };
}

type Parsed = { ok: true; value: string | number | boolean } | { ok: false; message: string };

function parseCell(type: ColumnDecl["type"], raw: string): Parsed {
  const text = raw.trim();
  switch (type) {
    case "text":
      return { ok: true, value: text };
    case "integer":
      return /^-?\d{1,15}$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, message: `"${text}" is not a whole number` };
    case "money": {
      const m = parseMoney(text, { allowNegative: true });
      return m.ok ? { ok: true, value: m.cents } : { ok: false, message: `"${text}" is not an amount of money (like 125.50)` };
    }
    case "percent": {
      const p = parsePercent(text.replace(/%$/, ""));
      return p.ok ? { ok: true, value: p.basisPoints } : { ok: false, message: `"${text}" is not a percentage (like 20 or 12.5)` };
    }
    case "date": {
      const d = parseDate(text);
      return d.ok ? { ok: true, value: d.day } : { ok: false, message: `"${text}" is not a calendar date (YYYY-MM-DD)` };
    }
    case "boolean":
      if (/^(true|yes|y|1)$/i.test(text)) return { ok: true, value: true };
      if (/^(false|no|n|0)$/i.test(text)) return { ok: true, value: false };
      return { ok: false, message: `"${text}" is not true or false` };
    case "procedure":
      return isProcedureCode(text) ? { ok: true, value: normalizeCode(text) } : { ok: false, message: `"${text}" is not a CPT or HCPCS procedure code` };
    case "diagnosis":
      return isDiagnosisCode(text) ? { ok: true, value: normalizeCode(text) } : { ok: false, message: `"${text}" is not an ICD-10-CM diagnosis code` };
    case "pattern":
      return isDiagnosisPattern(text) || isDiagnosisCode(text)
        ? { ok: true, value: normalizeCode(text) }
        : { ok: false, message: `"${text}" is not a diagnosis code or prefix (like M54*)` };
    case "modifier":
      return isModifier(text) ? { ok: true, value: normalizeCode(text) } : { ok: false, message: `"${text}" is not a two-character modifier` };
    case "code":
      return text !== "" ? { ok: true, value: normalizeCode(text) } : { ok: false, message: "the code is empty" };
  }
}

/**
 * @param columns the declared columns, including the implicit date columns of `active from … until …`
 * @param declSpan where the table is declared, for problems with the file as a whole
 */
export function loadTable(file: string, text: string, columns: ColumnDecl[], declSpan: Span): LoadedTable {
  const diagnostics: Diagnostic[] = [];
  const csv = readCsv(text);
  if (csv.error) {
    const e = csv.error;
    diagnostics.push({
      severity: "error",
      code: "bad-table",
      message: `${file}: ${e.message}`,
      span: { file, line: e.line, col: e.col, endLine: e.line, endCol: e.col + 1, offset: e.offset, endOffset: e.offset + 1 },
    });
    return { rows: [], diagnostics };
  }
  const [header, ...body] = csv.rows;
  if (!header) {
    diagnostics.push({ severity: "error", code: "bad-table", message: `${file} is empty: it needs a header row naming the columns`, span: declSpan });
    return { rows: [], diagnostics };
  }
  const headerNames = header.map((c) => c.value.trim());
  const positions = new Map<string, number>();
  for (const column of columns) {
    const at = headerNames.indexOf(column.name.text);
    if (at < 0) {
      diagnostics.push({
        severity: "error",
        code: "missing-column",
        message: `${file} has no column "${column.name.text}" (its header is: ${headerNames.join(",")})`,
        span: column.name.span,
      });
    } else positions.set(column.name.text, at);
  }
  if (diagnostics.length > 0) return { rows: [], diagnostics };

  const rows: Row[] = [];
  for (const cells of body) {
    if (diagnostics.length >= MAX_ERRORS) break;
    const rowNumber = cells[0].line;
    if (cells.length !== header.length) {
      diagnostics.push({
        severity: "error",
        code: "bad-table-row",
        message: `${file} row ${rowNumber}: expected ${header.length} cells, found ${cells.length}`,
        span: cellSpan(file, cells[0]),
      });
      continue;
    }
    const row: Row = {};
    for (const column of columns) {
      const cell = cells[positions.get(column.name.text)!];
      if (cell.value.trim() === "") {
        if (column.optional) {
          row[column.name.text] = null;
          continue;
        }
        diagnostics.push({
          severity: "error",
          code: "bad-table-row",
          message: `${file} row ${rowNumber}, column "${column.name.text}": the cell is empty but the column requires a value`,
          span: cellSpan(file, cell),
        });
        continue;
      }
      const parsed = parseCell(column.type, cell.value);
      if (parsed.ok) row[column.name.text] = parsed.value;
      else
        diagnostics.push({
          severity: "error",
          code: "bad-table-row",
          message: `${file} row ${rowNumber}, column "${column.name.text}": ${parsed.message}`,
          span: cellSpan(file, cell),
        });
    }
    rows.push(row);
  }
  return diagnostics.length > 0 ? { rows: [], diagnostics } : { rows, diagnostics };
}
