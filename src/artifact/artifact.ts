// A compiled pack as one binary artifact (`edict build`), so a host process starts without
// parsing, checking or reading CSV: a JSON header holds the IR; table columns follow as typed
// arrays (codes as ids into one string table). Browser-safe: bytes in, Program out.
import type { Program } from "../ir/ir.js";
import type { ColumnarRows, Row, Table } from "../ir/table.js";

const MAGIC = "EDICT-ARTIFACT-1\n";

type Encoding = "strings" | "numbers" | "booleans";

interface ColumnBlock {
  name: string;
  encoding: Encoding;
  offset: number;
  length: number;
}

interface Header {
  program: unknown;
  tables: Array<{ name: string; rowCount: number; columns: ColumnBlock[] }>;
  strings: string[];
}

function encodingOf(type: string): Encoding {
  if (type === "integer" || type === "money" || type === "percent" || type === "date") return "numbers";
  if (type === "boolean") return "booleans";
  return "strings";
}

export function encodeProgram(program: Program): Uint8Array {
  const tableNames = new Map<Table, string>(program.tables.map((t) => [t, t.name]));
  const programJson = JSON.stringify(program, function (this: unknown, key, value) {
    if (value instanceof Set) return { $set: [...value] };
    if (value && typeof value === "object" && tableNames.has(value as Table)) {
      const table = value as Table;
      // the table list itself keeps its metadata; everywhere else a table is a reference
      if (key !== "" && !Array.isArray(this)) return { $table: table.name };
      const { rows: _rows, columnar: _columnar, ...meta } = table;
      return { ...meta, $tableMeta: true };
    }
    return value;
  });

  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const idOf = (s: string) => {
    let id = stringIds.get(s);
    if (id === undefined) {
      id = strings.length;
      strings.push(s);
      stringIds.set(s, id);
    }
    return id;
  };

  const blocks: Array<{ table: string; column: string; encoding: Encoding; data: ArrayBufferView }> = [];
  for (const table of program.tables) {
    const n = table.rows.length;
    for (const column of table.columns) {
      const encoding = encodingOf(column.type);
      const name = column.name;
      if (encoding === "numbers") {
        const data = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = table.rows[i][name];
          data[i] = v === null ? NaN : (v as number);
        }
        blocks.push({ table: table.name, column: name, encoding, data });
      } else if (encoding === "booleans") {
        const data = new Int8Array(n);
        for (let i = 0; i < n; i++) {
          const v = table.rows[i][name];
          data[i] = v === null ? -1 : v ? 1 : 0;
        }
        blocks.push({ table: table.name, column: name, encoding, data });
      } else {
        const data = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const v = table.rows[i][name];
          data[i] = v === null ? -1 : idOf(v as string);
        }
        blocks.push({ table: table.name, column: name, encoding, data });
      }
    }
  }

  let offset = 0;
  const header: Header = { program: JSON.parse(programJson), tables: [], strings };
  for (const table of program.tables) header.tables.push({ name: table.name, rowCount: table.rows.length, columns: [] });
  for (const b of blocks) {
    offset = Math.ceil(offset / 8) * 8;
    header.tables.find((t) => t.name === b.table)!.columns.push({ name: b.column, encoding: b.encoding, offset, length: b.data.byteLength });
    offset += b.data.byteLength;
  }
  const headerBytes = new TextEncoder().encode(MAGIC + JSON.stringify(header));
  const bodyStart = Math.ceil((headerBytes.length + 4) / 8) * 8;
  const out = new Uint8Array(bodyStart + offset);
  new DataView(out.buffer).setUint32(0, headerBytes.length, true);
  out.set(headerBytes, 4);
  for (const b of blocks) {
    const column = header.tables.find((t) => t.name === b.table)!.columns.find((c) => c.name === b.column)!;
    out.set(new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength), bodyStart + column.offset);
  }
  return out;
}

export type DecodeResult = { ok: true; program: Program } | { ok: false; message: string };

export function decodeProgram(bytes: Uint8Array): DecodeResult {
  try {
    if (bytes.length < 4) return { ok: false, message: "the file is too short to be an Edict artifact" };
    const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
    const text = new TextDecoder().decode(bytes.subarray(4, 4 + headerLength));
    if (!text.startsWith(MAGIC)) return { ok: false, message: "this is not an Edict artifact (built by `edict build`)" };
    const header = JSON.parse(text.slice(MAGIC.length), (_key, value) =>
      value && typeof value === "object" && Array.isArray(value.$set) ? new Set(value.$set) : value,
    ) as Header;
    const bodyStart = Math.ceil((headerLength + 4) / 8) * 8;
    // typed arrays need aligned offsets: copy once if the caller's buffer is not aligned
    const body = (bytes.byteOffset + bodyStart) % 8 === 0 ? bytes : bytes.slice();
    const base = body.byteOffset + bodyStart;

    const tables = new Map<string, Table>();
    const program = header.program as Program & { tables: Array<Table & { $tableMeta?: boolean }> };
    for (const meta of program.tables) {
      delete meta.$tableMeta;
      const layout = header.tables.find((t) => t.name === meta.name)!;
      const columnar = columnarRows(body.buffer, base, layout, header.strings);
      meta.columnar = columnar;
      let rows: Row[] | undefined;
      Object.defineProperty(meta, "rows", {
        enumerable: true,
        get: () => (rows ??= Array.from({ length: columnar.count }, (_, i) => columnar.row(i))),
      });
      tables.set(meta.name, meta);
    }
    relinkTables(program, tables);
    return { ok: true, program };
  } catch (e) {
    return { ok: false, message: `the artifact is damaged (${(e as Error).message})` };
  }
}

function columnarRows(buffer: ArrayBufferLike, base: number, layout: Header["tables"][number], strings: string[]): ColumnarRows {
  const n = layout.rowCount;
  const columns = new Map(
    layout.columns.map((c) => [
      c.name,
      {
        encoding: c.encoding,
        data:
          c.encoding === "numbers"
            ? new Float64Array(buffer, base + c.offset, n)
            : c.encoding === "booleans"
              ? new Int8Array(buffer, base + c.offset, n)
              : new Int32Array(buffer, base + c.offset, n),
      },
    ]),
  );
  const names = [...columns.keys()];
  const made: Row[] = [];
  const value = (column: string, i: number) => {
    const c = columns.get(column)!;
    const v = c.data[i];
    if (c.encoding === "numbers") return Number.isNaN(v) ? null : v;
    if (c.encoding === "booleans") return v < 0 ? null : v === 1;
    return v < 0 ? null : strings[v];
  };
  return {
    count: n,
    value,
    row(i) {
      let row = made[i];
      if (!row) {
        row = {};
        for (const name of names) row[name] = value(name, i);
        made[i] = row;
      }
      return row;
    },
  };
}

/** puts the decoded Table objects back where the IR referred to them */
function relinkTables(node: unknown, tables: Map<string, Table>, metas = new Set<unknown>(tables.values())): void {
  if (!node || typeof node !== "object" || node instanceof Set || metas.has(node)) return;
  const entries = Array.isArray(node) ? node.entries() : Object.entries(node as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (value && typeof value === "object" && typeof (value as { $table?: string }).$table === "string") {
      (node as Record<string | number, unknown>)[key] = tables.get((value as { $table: string }).$table);
    } else relinkTables(value, tables, metas);
  }
}
