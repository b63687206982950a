// Turns a table file's text into typed rows for a declared table. Every bad row is reported
// with file, row and column (worded in errors.ts); a table with any error yields no rows at all
// (never half-loaded).
import type { ColumnDecl } from "../syntax/ast.js";
import { spanAt, type Span } from "../common/span.js";
import type { Diagnostic } from "../common/diagnostic.js";
import * as E from "./errors.js";
import type { Row } from "../ir/table.js";
import { eachCsvRow, cellPosition } from "./csv.js";
import { parseMoney, parsePercent } from "../model/money.js";
import { parseDate } from "../model/dates.js";
import { normalizeCode, isProcedureCode, isDiagnosisCode, isDiagnosisPattern, isModifier } from "../model/codes.js";

export interface LoadedTable {
  rows: Row[];
  diagnostics: Diagnostic[];
}

const MAX_ERRORS = 50;
const CACHE_LIMIT = 200_000;

function cellSpan(file: string, text: string, row: { line: number; offset: number }, index: number, value: string): Span {
  const at = cellPosition(text, row.offset, index);
  const length = Math.max(1, value.length);
  const line = row.line + at.lines;
  return { file, line, col: at.col, endLine: line, endCol: at.col + length, offset: at.offset, endOffset: at.offset + length };
}

/** a cell's value, or not ok when the text is not a value of the column's type */
type Parsed = { ok: true; value: string | number | boolean } | { ok: false };

const BAD: Parsed = { ok: false };

function parseCell(type: ColumnDecl["type"], raw: string): Parsed {
  const text = raw.trim();
  switch (type) {
    case "text":
      return { ok: true, value: text };
    case "integer":
      return /^-?\d{1,15}$/.test(text) ? { ok: true, value: Number(text) } : BAD;
    case "money": {
      const m = parseMoney(text, { allowNegative: true });
      return m.ok ? { ok: true, value: m.cents } : BAD;
    }
    case "percent": {
      const p = parsePercent(text.replace(/%$/, ""));
      return p.ok ? { ok: true, value: p.basisPoints } : BAD;
    }
    case "date": {
      const d = parseDate(text);
      return d.ok ? { ok: true, value: d.day } : BAD;
    }
    case "boolean":
      if (/^(true|yes|y|1)$/i.test(text)) return { ok: true, value: true };
      if (/^(false|no|n|0)$/i.test(text)) return { ok: true, value: false };
      return BAD;
    case "procedure":
      return isProcedureCode(text) ? { ok: true, value: normalizeCode(text) } : BAD;
    case "diagnosis":
      return isDiagnosisCode(text) ? { ok: true, value: normalizeCode(text) } : BAD;
    case "pattern":
      return isDiagnosisPattern(text) || isDiagnosisCode(text) ? { ok: true, value: normalizeCode(text) } : BAD;
    case "modifier":
      return isModifier(text) ? { ok: true, value: normalizeCode(text) } : BAD;
    case "code":
      return text !== "" ? { ok: true, value: normalizeCode(text) } : BAD;
  }
}

/**
 * @param columns the declared columns, including the implicit date columns of `active from … until …`
 * @param declSpan where the table is declared, for problems with the file as a whole
 */
export function loadTable(file: string, text: string, columns: ColumnDecl[], declSpan: Span): LoadedTable {
  const diagnostics: Diagnostic[] = [];
  let header: string[] | undefined;
  const positions: number[] = [];
  const rows: Row[] = [];
  const names = columns.map((c) => c.name.text);
  const caches = columns.map(() => new Map<string, Parsed>());
  const error = eachCsvRow(text, (csvRow) => {
    if (diagnostics.length >= MAX_ERRORS) return;
    const cells = csvRow.cells;
    if (!header) {
      header = cells.map((c) => c.trim());
      for (const column of columns) {
        const at = header.indexOf(column.name.text);
        if (at < 0) {
          diagnostics.push(E.missingColumn(column.name.span, file, column.name.text, header));
        }
        positions.push(at);
      }
      return;
    }
    if (positions.includes(-1)) return;
    if (cells.length !== header.length) {
      diagnostics.push(E.rowWidth(cellSpan(file, text, csvRow, 0, cells[0] ?? ""), file, csvRow.line, header.length, cells.length));
      return;
    }
    const row: Row = {};
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c];
      const raw = cells[positions[c]];
      if (raw === "" || raw.trim() === "") {
        if (column.optional) {
          row[names[c]] = null;
          continue;
        }
        diagnostics.push(E.emptyCell(cellSpan(file, text, csvRow, positions[c], raw), file, csvRow.line, names[c]));
        continue;
      }
      // tables repeat the same codes and dates over and over: parse each distinct text once
      let parsed = caches[c].get(raw);
      if (parsed === undefined) {
        parsed = parseCell(column.type, raw);
        if (caches[c].size < CACHE_LIMIT) caches[c].set(raw, parsed);
      }
      if (parsed.ok) row[names[c]] = parsed.value;
      else {
        diagnostics.push(E.badCell(cellSpan(file, text, csvRow, positions[c], raw), file, csvRow.line, names[c], column.type, raw.trim()));
      }
    }
    rows.push(row);
  });
  if (error) {
    diagnostics.push(E.unreadableTable(spanAt(file, error.line, error.col, 1, error.offset), file, error.message));
  }
  if (!header && !error) {
    diagnostics.push(E.emptyTable(declSpan, file));
  }
  return diagnostics.length > 0 ? { rows: [], diagnostics } : { rows, diagnostics };
}
