// The table loader's diagnostics in words: load.ts says which file, row, column and cell is
// wrong and why; these constructors say it. Every message names the file and row, because the
// span points into the table file, which the editor may not show.
import { diagnostic, type Diagnostic } from "../common/diagnostic.js";
import type { Span } from "../common/span.js";
import type { ColumnType } from "../common/columns.js";

/** `header` is the file's header row, cell by cell */
export function missingColumn(span: Span, file: string, column: string, header: readonly string[]): Diagnostic {
  return diagnostic("missing-column", span, `${file} has no column "${column}" (its header is: ${header.join(",")})`);
}

export function rowWidth(span: Span, file: string, row: number, expected: number, found: number): Diagnostic {
  return diagnostic("bad-table-row", span, `${file} row ${row}: expected ${expected} cells, found ${found}`);
}

export function emptyCell(span: Span, file: string, row: number, column: string): Diagnostic {
  return diagnostic("bad-table-row", span, `${file} row ${row}, column "${column}": the cell is empty but the column requires a value`);
}

const CELL_SHOULD_BE: Record<ColumnType, string> = {
  text: "a text",
  integer: "a whole number",
  money: "an amount of money (like 125.50)",
  percent: "a percentage (like 20 or 12.5)",
  date: "a calendar date (YYYY-MM-DD)",
  boolean: "true or false",
  procedure: "a CPT or HCPCS procedure code",
  diagnosis: "an ICD-10-CM diagnosis code",
  pattern: "a diagnosis code or prefix (like M54*)",
  modifier: "a two-character modifier",
  code: "a code",
};

/** `text` (the cell, trimmed) is not a value of the column's `type` */
export function badCell(span: Span, file: string, row: number, column: string, type: ColumnType, text: string): Diagnostic {
  const problem = type === "code" && text === "" ? "the code is empty" : `"${text}" is not ${CELL_SHOULD_BE[type]}`;
  return diagnostic("bad-table-row", span, `${file} row ${row}, column "${column}": ${problem}`);
}

/** the CSV reader could not read the file as a whole; `reason` is its own words */
export function unreadableTable(span: Span, file: string, reason: string): Diagnostic {
  return diagnostic("bad-table", span, `${file}: ${reason}`);
}

/** `declared` is the table's declaration, since an empty file has nothing to point at */
export function emptyTable(declared: Span, file: string): Diagnostic {
  return diagnostic("bad-table", declared, `${file} is empty: it needs a header row naming the columns`);
}
