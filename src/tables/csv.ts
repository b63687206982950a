// RFC 4180 CSV reading: quoted cells, doubled quotes, CRLF or LF. Keeps each cell's line and
// column so a bad value can be reported where it stands in the file.

export interface CsvCell {
  value: string;
  line: number;
  col: number;
  offset: number;
}

export interface CsvResult {
  rows: CsvCell[][];
  /** a structural problem (an unterminated quote), with where it starts */
  error?: { message: string; line: number; col: number; offset: number };
}

export function readCsv(text: string): CsvResult {
  const rows: CsvCell[][] = [];
  let row: CsvCell[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = lineStart = 1; // byte-order mark
  while (i < n || row.length > 0) {
    const cellLine = line;
    const cellCol = i - lineStart + 1;
    const cellOffset = i;
    let value = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) {
          return { rows, error: { message: "a quoted cell is never closed", line: cellLine, col: cellCol, offset: cellOffset } };
        }
        const ch = text[i];
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === "\n") {
          line++;
          lineStart = i + 1;
        }
        value += ch;
        i++;
      }
      while (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") value += text[i++];
    } else {
      const start = i;
      while (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") i++;
      value = text.slice(start, i);
    }
    row.push({ value, line: cellLine, col: cellCol, offset: cellOffset });
    if (i < n && text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    line++;
    lineStart = i;
    const blank = row.length === 1 && row[0].value.trim() === "";
    if (!blank) rows.push(row);
    row = [];
    if (i >= n) break;
  }
  return { rows };
}
