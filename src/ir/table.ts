// A reference table as the evaluators see it: typed rows in file order, the key columns and,
// for dated tables, the columns that bound each row's active period.
import type { ColumnType } from "../common/columns.js";
import type { Span } from "../common/span.js";

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  key: boolean;
  optional: boolean;
}

/** column name → normalised value (cents, day number, code, …); null for an empty optional cell */
export type Row = Record<string, string | number | boolean | null>;

/**
 * A table loaded from a built artifact keeps its columns as typed arrays and makes row objects
 * only when a lookup needs them; `rows` then materialises every row on first use.
 */
export interface ColumnarRows {
  count: number;
  value(column: string, index: number): string | number | boolean | null;
  row(index: number): Row;
  /** a column of strings as each row's index into `strings` (−1: empty), or null for another column */
  stringIds?(column: string): Int32Array | null;
  strings?: readonly string[];
}

export interface Table {
  name: string;
  pack: string;
  title: string;
  /** the file path as the pack names it */
  path: string;
  columns: ColumnInfo[];
  keyColumns: string[];
  active: { from: string; until: string } | null;
  rows: Row[];
  columnar?: ColumnarRows;
  span: Span;
}

export function rowCount(table: Table): number {
  return table.columnar ? table.columnar.count : table.rows.length;
}

export function valueAt(table: Table, column: string, index: number): string | number | boolean | null {
  return table.columnar ? table.columnar.value(column, index) : table.rows[index][column];
}

export function rowAt(table: Table, index: number): Row {
  return table.columnar ? table.columnar.row(index) : table.rows[index];
}

/** true when the row is active on the day: from ≤ day and (until empty or day < until) */
export function rowActiveOn(table: Table, row: Row, day: number): boolean {
  if (!table.active) return true;
  const from = row[table.active.from] as number;
  const until = row[table.active.until] as number | null;
  return from <= day && (until === null || day < until);
}
