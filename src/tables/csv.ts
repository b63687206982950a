// RFC 4180 CSV reading, built for tables of millions of rows: rows come out as arrays of
// strings with their line numbers, and a cell's column is only worked out when a bad value
// has to be reported. Quoted cells, doubled quotes, CRLF or LF, a byte-order mark.

export interface CsvRow {
  /** 1-based line where the row starts */
  line: number;
  /** offset of the row's first character */
  offset: number;
  cells: string[];
}

export interface CsvResult {
  rows: CsvRow[];
  /** a structural problem (an unterminated quote), with where it starts */
  error?: { message: string; line: number; col: number; offset: number };
}

/**
 * The quoted cell opening at `start` (a `"`): its value with doubled quotes undone, and where
 * reading goes on after the closing quote. Null when the quote is never closed.
 */
export function readQuoted(text: string, start: number): { value: string; next: number } | null {
  let value = "";
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return null;
    if (text.charCodeAt(q + 1) === 34) {
      value += text.slice(from, q + 1);
      from = q + 2;
      continue;
    }
    return { value: value + text.slice(from, q), next: q + 1 };
  }
}

/** visits each row without keeping them: the loader turns rows into typed values as they come */
export function eachCsvRow(text: string, visit: (row: CsvRow) => void): CsvResult["error"] {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const rowStart = i;
    const rowLine = line;
    const cells: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === 34 /* " */) {
        const cellStart = i;
        const quoted = readQuoted(text, cellStart);
        if (!quoted) return { message: "a quoted cell is never closed", line, col: cellStart - text.lastIndexOf("\n", cellStart - 1), offset: cellStart };
        const { value } = quoted;
        for (let k = text.indexOf("\n", cellStart); k >= 0 && k < quoted.next; k = text.indexOf("\n", k + 1)) line++;
        i = quoted.next;
        let end = i;
        while (end < n && text.charCodeAt(end) !== 44 && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
        cells.push(value + text.slice(i, end));
        i = end;
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === 44 || c === 10 || c === 13) break;
          end++;
        }
        cells.push(text.slice(i, end));
        i = end;
      }
      if (text.charCodeAt(i) === 44 /* , */) {
        i++;
        continue;
      }
      break;
    }
    if (text.charCodeAt(i) === 13) i++;
    if (text.charCodeAt(i) === 10) i++;
    line++;
    if (!(cells.length === 1 && cells[0].trim() === "")) visit({ line: rowLine, offset: rowStart, cells });
  }
  return undefined;
}

export function readCsv(text: string): CsvResult {
  const rows: CsvRow[] = [];
  const error = eachCsvRow(text, (row) => rows.push(row));
  return error ? { rows, error } : { rows };
}

/**
 * Where cell `index` of the row starting at `offset` begins (for error messages): its offset,
 * its 1-based column on its line, and how many line breaks lie before it in the row (a quoted
 * cell may hold some). Cells are read exactly as eachCsvRow reads them: a quote opens a quoted
 * cell only at the start of a cell.
 */
export function cellPosition(text: string, offset: number, index: number): { col: number; offset: number; lines: number } {
  const n = text.length;
  let i = offset;
  for (let cell = 0; cell < index && i < n; cell++) {
    if (text.charCodeAt(i) === 34) {
      const quoted = readQuoted(text, i);
      if (!quoted) break;
      i = quoted.next;
    }
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 10 || c === 13) break;
      i++;
    }
    if (text.charCodeAt(i) !== 44) break; // the row ended before that cell
    i++;
  }
  let lines = 0;
  for (let k = text.indexOf("\n", offset); k >= 0 && k < i; k = text.indexOf("\n", k + 1)) lines++;
  const lineStart = lines === 0 ? offset : text.lastIndexOf("\n", i - 1) + 1;
  return { col: i - lineStart + 1, offset: i, lines };
}

/** a value as one CSV cell: quoted (quotes doubled) only when it holds a comma, a quote, a line break or edge blanks */
export function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
