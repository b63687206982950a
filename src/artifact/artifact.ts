// A compiled pack as one binary artifact (`edict build`), so a host process starts without
// parsing, checking or reading CSV: the IR as JSON, table columns as typed arrays (codes as ids
// into one string table). Browser-safe: bytes in, Program out.
//
// Tamper evidence. Every byte is covered by a hash: the file starts with a manifest (the ruleset's
// name, version and hash, and each section's offset, length and SHA-256), followed by the
// manifest's own SHA-256; sections follow, 8-byte aligned, with zero padding; an optional
// signature block at the end signs the manifest's SHA-256 (Ed25519; verified in src/node, which
// has the crypto). Loading checks all of it before using any section, so a damaged byte is an
// error naming its section, never a changed payment. Layout:
//
//   "EDICT-ARTIFACT-2\n" · u32 manifest length · manifest (JSON) · SHA-256 of all before it (32 bytes)
//   · zero padding to 8 · sections · [ "EDICT-SIGNATURE-1\n" · u32 length · signature (JSON) ]
import type { Program } from "../ir/ir.js";
import type { ColumnarRows, Row, Table } from "../ir/table.js";
import { Sha256 } from "../ir/sha256.js";
import { toJsonText, reviveJson } from "./json.js";

const MAGIC = "EDICT-ARTIFACT-2\n";
const OLD_MAGIC = "EDICT-ARTIFACT-1\n";
const SIGNATURE_MAGIC = "EDICT-SIGNATURE-1\n";
const DIGEST_BYTES = 32;

type Encoding = "strings" | "numbers" | "booleans";

interface SectionEntry {
  name: string;
  offset: number;
  length: number;
  sha256: string;
}

interface Manifest {
  format: 2;
  ruleset: { name: string; version: string; hash: string };
  tables: Array<{ name: string; rowCount: number; columns: Array<{ name: string; encoding: Encoding; section: string }> }>;
  sections: SectionEntry[];
  /** bytes from the first section's start to the last section's end */
  bodyLength: number;
}

/** the signature block: who signed (key id, public key) and the Ed25519 signature of the manifest's SHA-256 */
export interface ArtifactSignature {
  algorithm: "ed25519";
  /** the first 32 hex digits of the SHA-256 of the public key (DER, SubjectPublicKeyInfo) */
  keyId: string;
  /** base64 of the public key (DER, SubjectPublicKeyInfo) */
  publicKey: string;
  /** base64 of the signature */
  signature: string;
}

/** SHA-256 of some bytes as hex; Node hosts pass their native one (faster), browsers get the built-in */
export type Hasher = (bytes: Uint8Array) => string;

export const sha256Bytes: Hasher = (bytes) => new Sha256().update(bytes).hex();

function encodingOf(type: string): Encoding {
  if (type === "integer" || type === "money" || type === "percent" || type === "date") return "numbers";
  if (type === "boolean") return "booleans";
  return "strings";
}

const sectionOf = (table: string, column: string) => `table ${table}, column ${column}`;
const align8 = (n: number) => Math.ceil(n / 8) * 8;

export function encodeProgram(program: Program, hasher: Hasher = sha256Bytes): Uint8Array {
  const programJson = toJsonText(program, (value, key, holder) => {
    const table = value as Table;
    if (!program.tables.includes(table)) return undefined;
    // the table list itself keeps its metadata; everywhere else a table is a reference
    if (holder !== program.tables) return { $table: table.name };
    const { rows: _rows, columnar: _columnar, ...meta } = table;
    void key;
    return { ...meta, $tableMeta: true };
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

  const encoder = new TextEncoder();
  const sections: Array<{ name: string; data: Uint8Array }> = [{ name: "program", data: encoder.encode(programJson) }];
  const tables: Manifest["tables"] = [];
  for (const table of program.tables) {
    const n = table.rows.length;
    const layout: Manifest["tables"][number] = { name: table.name, rowCount: n, columns: [] };
    for (const column of table.columns) {
      const encoding = encodingOf(column.type);
      const name = column.name;
      let data: ArrayBufferView;
      if (encoding === "numbers") {
        const a = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = table.rows[i][name];
          a[i] = v === null ? NaN : (v as number);
        }
        data = a;
      } else if (encoding === "booleans") {
        const a = new Int8Array(n);
        for (let i = 0; i < n; i++) {
          const v = table.rows[i][name];
          a[i] = v === null ? -1 : v ? 1 : 0;
        }
        data = a;
      } else {
        const a = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const v = table.rows[i][name];
          a[i] = v === null ? -1 : idOf(v as string);
        }
        data = a;
      }
      const section = sectionOf(table.name, name);
      layout.columns.push({ name, encoding, section });
      sections.push({ name: section, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    }
    tables.push(layout);
  }
  sections.splice(1, 0, { name: "strings", data: encoder.encode(JSON.stringify(strings)) });

  const entries: SectionEntry[] = [];
  let offset = 0;
  for (const s of sections) {
    offset = align8(offset);
    entries.push({ name: s.name, offset, length: s.data.byteLength, sha256: hasher(s.data) });
    offset += s.data.byteLength;
  }
  const manifest: Manifest = {
    format: 2,
    ruleset: { name: program.name, version: program.version, hash: program.hash },
    tables,
    sections: entries,
    bodyLength: offset,
  };
  const head = encoder.encode(MAGIC);
  const manifestBytes = encoder.encode(JSON.stringify(manifest));
  const covered = head.length + 4 + manifestBytes.length;
  const bodyStart = align8(covered + DIGEST_BYTES);
  const out = new Uint8Array(bodyStart + offset);
  out.set(head, 0);
  new DataView(out.buffer).setUint32(head.length, manifestBytes.length, true);
  out.set(manifestBytes, head.length + 4);
  out.set(hexBytes(hasher(out.subarray(0, covered))), covered);
  sections.forEach((s, i) => out.set(s.data, bodyStart + entries[i].offset));
  return out;
}

/** the SHA-256 of an artifact's manifest, which its signature signs (null when the bytes are not an artifact) */
export function manifestDigest(bytes: Uint8Array): Uint8Array | null {
  const at = headerOf(bytes);
  return typeof at === "string" ? null : bytes.slice(at.covered, at.covered + DIGEST_BYTES);
}

/** the artifact with a signature block appended (replacing any it had) */
export function withSignature(bytes: Uint8Array, signature: ArtifactSignature): Uint8Array {
  const at = headerOf(bytes);
  if (typeof at === "string") throw new Error(at);
  const manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(at.manifestStart, at.covered))) as Manifest;
  const end = at.bodyStart + manifest.bodyLength;
  const encoder = new TextEncoder();
  const magic = encoder.encode(SIGNATURE_MAGIC);
  const json = encoder.encode(JSON.stringify(signature));
  const out = new Uint8Array(end + magic.length + 4 + json.length);
  out.set(bytes.subarray(0, end), 0);
  out.set(magic, end);
  new DataView(out.buffer).setUint32(end + magic.length, json.length, true);
  out.set(json, end + magic.length + 4);
  return out;
}

export type DecodeResult = { ok: true; program: Program; signature: ArtifactSignature | null; digest: Uint8Array } | { ok: false; message: string };

interface HeaderAt {
  manifestStart: number;
  /** bytes covered by the manifest digest (magic, length, manifest) */
  covered: number;
  bodyStart: number;
}

function headerOf(bytes: Uint8Array): HeaderAt | string {
  const magic = new TextEncoder().encode(MAGIC);
  if (bytes.length < magic.length + 4) return "the file is too short to be an Edict artifact";
  const start = new TextDecoder().decode(bytes.subarray(0, magic.length));
  if (start === OLD_MAGIC) return "this artifact was built by an older Edict without section hashes; build it again with `edict build`";
  if (start !== MAGIC) return "this is not an Edict artifact (built by `edict build`)";
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(magic.length, true);
  const manifestStart = magic.length + 4;
  const covered = manifestStart + length;
  if (covered + DIGEST_BYTES > bytes.length) return "the artifact is damaged: its manifest is cut short (or its length is damaged)";
  return { manifestStart, covered, bodyStart: align8(covered + DIGEST_BYTES) };
}

/**
 * Reads an artifact, checking every byte against the manifest's hashes first: any damage is an
 * error that names the damaged part. A signature block is read (and checked for shape) but not
 * verified here: that needs Ed25519 (src/node).
 */
export function decodeProgram(bytes: Uint8Array, hasher: Hasher = sha256Bytes): DecodeResult {
  try {
    const at = headerOf(bytes);
    if (typeof at === "string") return { ok: false, message: at };
    const digest = bytes.slice(at.covered, at.covered + DIGEST_BYTES);
    if (hasher(bytes.subarray(0, at.covered)) !== toHex(digest)) {
      return { ok: false, message: "the artifact is damaged: its manifest does not match the manifest's SHA-256" };
    }
    const manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(at.manifestStart, at.covered))) as Manifest;
    const bodyEnd = at.bodyStart + manifest.bodyLength;
    if (bodyEnd > bytes.length) return { ok: false, message: "the artifact is damaged: it is cut short (its last sections are missing)" };
    // every byte outside the sections is zero padding
    const covers = [...manifest.sections].sort((a, b) => a.offset - b.offset);
    let pos = at.covered + DIGEST_BYTES;
    for (const s of [...covers.map((c) => ({ from: at.bodyStart + c.offset, to: at.bodyStart + c.offset + c.length })), { from: bodyEnd, to: bodyEnd }]) {
      if (s.from < pos) return { ok: false, message: "the artifact is damaged: its sections overlap" };
      for (; pos < s.from; pos++)
        if (bytes[pos] !== 0) return { ok: false, message: `the artifact is damaged: byte ${pos} lies between sections and should be 0` };
      pos = s.to;
    }
    for (const s of manifest.sections) {
      const data = bytes.subarray(at.bodyStart + s.offset, at.bodyStart + s.offset + s.length);
      if (hasher(data) !== s.sha256) return { ok: false, message: `the artifact is damaged: section "${s.name}" does not match its SHA-256 in the manifest` };
    }
    const signature = signatureBlock(bytes, bodyEnd);
    if (typeof signature === "string") return { ok: false, message: signature };

    const section = (name: string) => {
      const s = manifest.sections.find((x) => x.name === name);
      if (!s) throw new Error(`section "${name}" is missing`);
      return s;
    };
    const text = (name: string) => {
      const s = section(name);
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(at.bodyStart + s.offset, at.bodyStart + s.offset + s.length));
    };
    const strings = JSON.parse(text("strings")) as string[];
    const program = reviveJson(JSON.parse(text("program"))) as Program & { tables: Array<Table & { $tableMeta?: boolean }> };
    if (program.hash !== manifest.ruleset.hash || program.name !== manifest.ruleset.name) {
      return { ok: false, message: "the artifact is damaged: its program is not the ruleset its manifest names" };
    }
    // typed arrays need aligned offsets: copy once if the caller's buffer is not aligned (through
    // the constructor: a Node Buffer's slice() is a view, not a copy)
    const body = (bytes.byteOffset + at.bodyStart) % 8 === 0 ? bytes : new Uint8Array(bytes);
    const base = body.byteOffset + at.bodyStart;

    const tables = new Map<string, Table>();
    for (const meta of program.tables) {
      delete meta.$tableMeta;
      const layout = manifest.tables.find((t) => t.name === meta.name);
      if (!layout) throw new Error(`table ${meta.name} has no columns in the manifest`);
      const columnar = columnarRows(body.buffer, base, layout, strings, section);
      meta.columnar = columnar;
      let rows: Row[] | undefined;
      Object.defineProperty(meta, "rows", {
        enumerable: true,
        get: () => (rows ??= Array.from({ length: columnar.count }, (_, i) => columnar.row(i))),
      });
      tables.set(meta.name, meta);
    }
    relinkTables(program, tables);
    return { ok: true, program, signature, digest };
  } catch (e) {
    return { ok: false, message: `the artifact is damaged (${(e as Error).message})` };
  }
}

function signatureBlock(bytes: Uint8Array, at: number): ArtifactSignature | null | string {
  if (at === bytes.length) return null;
  const magic = new TextEncoder().encode(SIGNATURE_MAGIC);
  const damaged = "the artifact is damaged: what follows its last section is not a signature block";
  if (bytes.length < at + magic.length + 4 || new TextDecoder().decode(bytes.subarray(at, at + magic.length)) !== SIGNATURE_MAGIC) return damaged;
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at + magic.length, true);
  const start = at + magic.length + 4;
  if (start + length !== bytes.length) return "the artifact is damaged: its signature block has the wrong length";
  let s: ArtifactSignature;
  try {
    s = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start))) as ArtifactSignature;
  } catch {
    return "the artifact is damaged: its signature block is not readable";
  }
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (s.algorithm !== "ed25519" || !/^[0-9a-f]{32}$/.test(s.keyId) || !base64.test(s.publicKey) || !base64.test(s.signature)) {
    return "the artifact is damaged: its signature block is not an Ed25519 signature";
  }
  return s;
}

function columnarRows(
  buffer: ArrayBufferLike,
  base: number,
  layout: Manifest["tables"][number],
  strings: string[],
  section: (name: string) => SectionEntry,
): ColumnarRows {
  const n = layout.rowCount;
  const columns = new Map(
    layout.columns.map((c) => {
      const s = section(c.section);
      const width = c.encoding === "numbers" ? 8 : c.encoding === "booleans" ? 1 : 4;
      if (s.length !== n * width) throw new Error(`section "${c.section}" holds ${s.length} bytes for ${n} rows`);
      const data =
        c.encoding === "numbers"
          ? new Float64Array(buffer, base + s.offset, n)
          : c.encoding === "booleans"
            ? new Int8Array(buffer, base + s.offset, n)
            : new Int32Array(buffer, base + s.offset, n);
      if (c.encoding === "strings")
        for (const id of data) if (id < -1 || id >= strings.length) throw new Error(`section "${c.section}" names a string that does not exist`);
      return [c.name, { encoding: c.encoding, data }] as const;
    }),
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
    stringIds: (column) => {
      const c = columns.get(column);
      return c !== undefined && c.encoding === "strings" ? (c.data as Int32Array) : null;
    },
    strings,
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

/** puts the decoded Table objects back where the IR referred to them; iterative, as IR may be deep */
function relinkTables(root: unknown, tables: Map<string, Table>): void {
  const metas = new Set<unknown>(tables.values());
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== "object" || node instanceof Set || metas.has(node)) continue;
    const holder = node as Record<string | number, unknown>;
    for (const key of Object.keys(holder)) {
      const value = holder[key];
      if (value && typeof value === "object" && typeof (value as { $table?: unknown }).$table === "string") {
        const table = tables.get((value as { $table: string }).$table);
        if (!table) throw new Error(`the program refers to a table ${(value as { $table: string }).$table} it does not hold`);
        holder[key] = table;
      } else stack.push(value);
    }
  }
}

function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
