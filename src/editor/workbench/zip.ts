// A small zip writer and reader for packs: writing stores the files uncompressed (a pack is a few
// hundred kilobytes of text, and a stored zip needs no compressor), reading takes stored and
// deflated entries (the browser's DecompressionStream inflates), so a zip made by any tool opens.
// Paths are UTF-8 (general purpose flag bit 11). No zip64, no encryption: a pack never needs them.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** DOS date and time of 2026-01-01 00:00: a fixed stamp, so the same files make the same zip */
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

/** path → text, as a zip whose entries are stored (not compressed), in path order */
export function zipFiles(files: Record<string, string>): Uint8Array {
  const encoder = new TextEncoder();
  const entries = Object.keys(files)
    .sort()
    .map((path) => ({ name: encoder.encode(path), data: encoder.encode(files[path]) }));
  const size = entries.reduce((n, e) => n + 30 + e.name.length + e.data.length + 46 + e.name.length, 22);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  const central: Array<{ offset: number; crc: number; name: Uint8Array; size: number }> = [];
  for (const e of entries) {
    const crc = crc32(e.data);
    central.push({ offset: at, crc, name: e.name, size: e.data.length });
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true); // version needed: 2.0
    view.setUint16(at + 6, 0x0800, true); // UTF-8 names
    view.setUint16(at + 8, 0, true); // stored
    view.setUint16(at + 10, DOS_TIME, true);
    view.setUint16(at + 12, DOS_DATE, true);
    view.setUint32(at + 14, crc, true);
    view.setUint32(at + 18, e.data.length, true);
    view.setUint32(at + 22, e.data.length, true);
    view.setUint16(at + 26, e.name.length, true);
    view.setUint16(at + 28, 0, true);
    out.set(e.name, at + 30);
    out.set(e.data, at + 30 + e.name.length);
    at += 30 + e.name.length + e.data.length;
  }
  const centralStart = at;
  for (const c of central) {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 8, 0x0800, true);
    view.setUint16(at + 10, 0, true);
    view.setUint16(at + 12, DOS_TIME, true);
    view.setUint16(at + 14, DOS_DATE, true);
    view.setUint32(at + 16, c.crc, true);
    view.setUint32(at + 20, c.size, true);
    view.setUint32(at + 24, c.size, true);
    view.setUint16(at + 28, c.name.length, true);
    // extra, comment, disk, internal attributes, external attributes: 0
    view.setUint32(at + 42, c.offset, true);
    out.set(c.name, at + 46);
    at += 46 + c.name.length;
  }
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, central.length, true);
  view.setUint16(at + 10, central.length, true);
  view.setUint32(at + 12, at - centralStart, true);
  view.setUint32(at + 16, centralStart, true);
  return out;
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** the files of a zip, path → text (folders left out); throws a sentence when it is not a zip it can read */
export async function unzipFiles(bytes: Uint8Array): Promise<Record<string, string>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("not a zip file (no end of central directory)");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw new Error("the zip's central directory is damaged");
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    if (view.getUint32(offset, true) !== 0x04034b50) throw new Error(`the zip entry ${name} is damaged`);
    const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    const raw = bytes.subarray(start, start + compressed);
    if (method === 0) files[name] = decoder.decode(raw);
    else if (method === 8) files[name] = decoder.decode(await inflateRaw(raw));
    else throw new Error(`the zip entry ${name} is compressed with method ${method}; only stored and deflated entries can be read`);
  }
  return files;
}
