// Fast reading of the cms-edits and demo-ppo table files for the benchmark tools (the claim
// generator and the hand-written baseline). Same reading as src/tables/load.ts — columns found
// by header name, cells trimmed, codes normalised (upper case, no dots), dates YYYY-MM-DD, an
// empty deletion date meaning none — but built for millions of rows: no object per cell, the
// PTP table kept in typed arrays with interned codes.
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { eachCsvRow } from "../src/tables/csv.js";
import { normalizeCode } from "../src/model/codes.js";
import { parseDate } from "../src/model/dates.js";
import { parseMoney } from "../src/model/money.js";

/** a deletion date that never comes: `day < NEVER` for every day */
export const NEVER = 2147483647;

export interface DatedCode {
  code: string;
  from: number;
  /** day number of the deletion date, or NEVER */
  until: number;
}

export interface SexAgeRow {
  code: string;
  sex: string | null;
  minAge: number | null;
  maxAge: number | null;
}

export interface MueRow {
  code: string;
  mue: number;
  mai: number;
}

export interface NecessityRow {
  code: string;
  /** normalised diagnosis or prefix ending in `*` */
  diagnosis: string;
}

/** the PTP table column-wise; codes interned: `codes[column1[i]]` */
export interface PtpTable {
  length: number;
  codes: string[];
  codeId: Map<string, number>;
  column1: Int32Array;
  column2: Int32Array;
  from: Int32Array;
  /** NEVER when the edit has no deletion date */
  until: Int32Array;
  indicator: Int8Array;
}

export interface PackTables {
  /** the folder of the edits pack and of the plan pack */
  editsDir: string;
  planDir: string | null;
  procedures: DatedCode[];
  /** HCPCS Level II codes from CMS's file: valid procedures too */
  hcpcs: DatedCode[];
  diagnoses: DatedCode[];
  modifiers: string[];
  sexAge: SexAgeRow[];
  ptp: PtpTable;
  mue: MueRow[];
  necessity: NecessityRow[];
  /** code → cents per unit */
  fees: Map<string, number>;
}

// ---------------------------------------------------------------- CSV

/**
 * Calls `row(cells)` for each data row, the cells in the order of `columns` (found by header
 * name, trimmed). Blank rows are skipped, as src/tables/csv.ts does.
 */
export function eachRow(file: string, text: string, columns: readonly string[], row: (cells: string[]) => void): void {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let positions: number[] | null = null;
  const header = (names: string[]) => {
    const trimmed = names.map((n) => n.trim());
    positions = columns.map((c) => {
      const at = trimmed.indexOf(c);
      if (at < 0) throw new Error(`${file}: no column "${c}" (its header is ${trimmed.join(",")})`);
      return at;
    });
  };
  const emit = (cells: string[]) => {
    if (cells.length === 1 && cells[0]!.trim() === "") return;
    if (positions === null) return header(cells);
    const out = new Array<string>(positions.length);
    for (let k = 0; k < positions.length; k++) {
      const c = cells[positions[k]!];
      if (c === undefined) throw new Error(`${file}: a row has ${cells.length} cells: ${cells.join(",")}`);
      out[k] = c.length > 0 && (c.charCodeAt(0) <= 32 || c.charCodeAt(c.length - 1) <= 32) ? c.trim() : c;
    }
    row(out);
  };
  if (text.includes('"') || /\r(?!\n)/.test(text)) {
    // the general reader for quoted cells and old Mac line ends
    const error = eachCsvRow(text, (r) => emit(r.cells));
    if (error) throw new Error(`${file}:${error.line}:${error.col}: ${error.message}`);
    return;
  }
  let start = 0;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = n;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    emit(text.slice(start, stop).split(","));
    start = end + 1;
  }
}

// ---------------------------------------------------------------- typed cells

const dayCache = new Map<string, number>();
export function day(text: string, file: string): number {
  let d = dayCache.get(text);
  if (d === undefined) {
    const r = parseDate(text);
    if (!r.ok) throw new Error(`${file}: "${text}" is not a date`);
    d = r.day;
    dayCache.set(text, d);
  }
  return d;
}

const optionalDay = (text: string, file: string) => (text === "" ? NEVER : day(text, file));

const codeCache = new Map<string, string>();
export function code(text: string): string {
  let c = codeCache.get(text);
  if (c === undefined) {
    c = normalizeCode(text);
    codeCache.set(text, c);
  }
  return c;
}

function integer(text: string, file: string): number {
  if (!/^-?\d{1,15}$/.test(text)) throw new Error(`${file}: "${text}" is not a whole number`);
  return Number(text);
}

const optionalInteger = (text: string, file: string) => (text === "" ? null : integer(text, file));

// ---------------------------------------------------------------- packs

/** the folder a pack includes (`include "../cms-edits"`), or null */
export function includedPack(packDir: string): string | null {
  for (const name of readdirSync(packDir)
    .filter((f) => f.endsWith(".edict"))
    .sort()) {
    const m = /^\s*include\s+"([^"]+)"/m.exec(readFileSync(join(packDir, name), "utf8"));
    if (m) return resolve(packDir, m[1]!);
  }
  return null;
}

function readText(path: string): string {
  return readFileSync(path, "utf8");
}

function datedCodes(path: string): DatedCode[] {
  const out: DatedCode[] = [];
  eachRow(path, readText(path), ["code", "effective", "deletion"], ([c, e, d]) => {
    out.push({ code: code(c!), from: day(e!, path), until: optionalDay(d!, path) });
  });
  return out;
}

export function readPtp(path: string): PtpTable {
  const text = readText(path);
  // a first guess at the row count from the file size; grown when needed
  let capacity = Math.max(16, Math.ceil(text.length / 30));
  let column1 = new Int32Array(capacity);
  let column2 = new Int32Array(capacity);
  let from = new Int32Array(capacity);
  let until = new Int32Array(capacity);
  let indicator = new Int8Array(capacity);
  const codes: string[] = [];
  const codeId = new Map<string, number>();
  const raw = new Map<string, number>();
  const intern = (text: string): number => {
    let id = raw.get(text);
    if (id === undefined) {
      const c = normalizeCode(text);
      id = codeId.get(c);
      if (id === undefined) {
        id = codes.length;
        codes.push(c);
        codeId.set(c, id);
      }
      raw.set(text, id);
    }
    return id;
  };
  let length = 0;
  eachRow(path, text, ["column1", "column2", "effective", "deletion", "modifier_indicator"], ([c1, c2, e, d, m]) => {
    if (length === capacity) {
      capacity *= 2;
      const grow = <T extends Int32Array | Int8Array>(a: T, make: (n: number) => T): T => {
        const b = make(capacity);
        b.set(a);
        return b;
      };
      column1 = grow(column1, (n) => new Int32Array(n));
      column2 = grow(column2, (n) => new Int32Array(n));
      from = grow(from, (n) => new Int32Array(n));
      until = grow(until, (n) => new Int32Array(n));
      indicator = grow(indicator, (n) => new Int8Array(n));
    }
    column1[length] = intern(c1!);
    column2[length] = intern(c2!);
    from[length] = day(e!, path);
    until[length] = optionalDay(d!, path);
    indicator[length] = m!.length === 1 ? m!.charCodeAt(0) - 48 : integer(m!, path);
    length++;
  });
  return {
    length,
    codes,
    codeId,
    column1: column1.subarray(0, length),
    column2: column2.subarray(0, length),
    from: from.subarray(0, length),
    until: until.subarray(0, length),
    indicator: indicator.subarray(0, length),
  };
}

/**
 * Reads the tables of a plan pack that includes an edits pack (demo-ppo → cms-edits), or of an
 * edits pack alone (no fees then).
 */
export function loadPackTables(packDir: string): PackTables {
  const included = includedPack(packDir);
  const editsDir = included ?? resolve(packDir);
  const planDir = included ? resolve(packDir) : null;
  const t = (name: string) => join(editsDir, "tables", name);

  const modifiers: string[] = [];
  eachRow(t("modifiers.csv"), readText(t("modifiers.csv")), ["modifier"], ([m]) => modifiers.push(code(m!)));

  const sexAge: SexAgeRow[] = [];
  eachRow(t("sex-age.csv"), readText(t("sex-age.csv")), ["code", "sex", "min_age", "max_age"], ([c, s, lo, hi]) => {
    sexAge.push({ code: code(c!), sex: s === "" ? null : s!, minAge: optionalInteger(lo!, "sex-age.csv"), maxAge: optionalInteger(hi!, "sex-age.csv") });
  });

  const mue: MueRow[] = [];
  eachRow(t("mue.csv"), readText(t("mue.csv")), ["code", "mue", "mai"], ([c, m, a]) => {
    mue.push({ code: code(c!), mue: integer(m!, "mue.csv"), mai: integer(a!, "mue.csv") });
  });

  const necessity: NecessityRow[] = [];
  eachRow(t("necessity.csv"), readText(t("necessity.csv")), ["code", "diagnosis"], ([c, d]) => {
    necessity.push({ code: code(c!), diagnosis: code(d!) });
  });

  const fees = new Map<string, number>();
  if (planDir) {
    const path = join(planDir, "tables", "fees.csv");
    eachRow(path, readText(path), ["code", "amount"], ([c, a]) => {
      const m = parseMoney(a!, { allowNegative: true });
      if (!m.ok) throw new Error(`${path}: "${a}" is not an amount`);
      // the first row of a code is the one a one-key lookup finds
      const k = code(c!);
      if (!fees.has(k)) fees.set(k, m.cents);
    });
  }

  return {
    editsDir,
    planDir,
    procedures: datedCodes(t("procedures.csv")),
    hcpcs: datedCodes(t("hcpcs.csv")),
    diagnoses: datedCodes(t("diagnoses.csv")),
    modifiers,
    sexAge,
    ptp: readPtp(t("ptp.csv")),
    mue,
    necessity,
    fees,
  };
}

// ---------------------------------------------------------------- PTP index

/** pair lookup over a PtpTable: rows of (column1, column2) chained in file order */
export interface PtpIndex {
  table: PtpTable;
  /** the first row of the pair, or -1 */
  first(column1: number, column2: number): number;
  /** the next row of the same pair after `row`, or -1 */
  next: Int32Array;
}

export function indexPtp(table: PtpTable): PtpIndex {
  const width = table.codes.length;
  const head = new Map<number, number>();
  const next = new Int32Array(table.length).fill(-1);
  const tail = new Map<number, number>();
  for (let i = 0; i < table.length; i++) {
    const key = table.column1[i]! * width + table.column2[i]!;
    const last = tail.get(key);
    if (last === undefined) head.set(key, i);
    else next[last] = i;
    tail.set(key, i);
  }
  return {
    table,
    next,
    first: (c1, c2) => head.get(c1 * width + c2) ?? -1,
  };
}
