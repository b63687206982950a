// A reference table as the evaluators see it: typed rows in file order, the key columns and,
// for dated tables, the columns that bound each row's active period.
import type { ColumnType, Span } from "../syntax/ast.js";

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  key: boolean;
  optional: boolean;
}

/** column name → normalised value (cents, day number, code, …); null for an empty optional cell */
export type Row = Record<string, string | number | boolean | null>;

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
  span: Span;
}

/** true when the row is active on the day: from ≤ day and (until empty or day < until) */
export function rowActiveOn(table: Table, row: Row, day: number): boolean {
  if (!table.active) return true;
  const from = row[table.active.from] as number;
  const until = row[table.active.until] as number | null;
  return from <= day && (until === null || day < until);
}
