// The in-memory order of a batch: one pass over the input that notes, for each record, its sort
// key (src/batch/order.ts; read from the raw bytes by src/batch/scan.ts, parsed only when the
// scanner is not sure) and where its text lies in the file, then an order of the records that
// needs no second copy of their text — records are read back from the input by position when
// they are adjudicated, by whichever thread adjudicates them. It holds about 30 bytes a record
// plus each member's id once; beyond `limit` records the batch uses the external sort instead
// (./batch-io.ts), whose memory stays flat at any size.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { sortKeyOf } from "../batch/order.js";
import { scanSortKey } from "../batch/scan.js";

/** one record in processing order: member key (JSON text, "" for none), input line, bytes in the input */
export interface IndexedRecord {
  member: string;
  line: number;
  offset: number;
  length: number;
}

export interface BatchIndex {
  /** records that are not blank lines */
  records: number;
  /** the records in processing order */
  ordered(): Iterable<IndexedRecord>;
}

export interface IndexOptions {
  /** most records to index; past it `indexBatch` gives up (null) */
  limit?: number;
  /** called now and then with the input bytes read so far */
  onProgress?: (bytes: number, total: number) => void;
}

/** growable columns of the index */
class Column<T extends Int32Array | Float64Array> {
  data: T;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1 << 16);
  }
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[i] = v;
  }
}

/** whether bytes [s, e) are a blank line, as `text.trim() === ""` says of the decoded text */
function isBlankBytes(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c >= 0x80) return buf.toString("utf8", s, e).trim() === "";
    return false;
  }
  return true;
}

/** indexes the NDJSON file's records; null when it holds more than `limit` */
export function indexBatch(input: string, options: IndexOptions = {}): BatchIndex | null {
  const limit = options.limit ?? 4_000_000;
  const groupOf = new Map<string, number>();
  const names: string[] = [];
  const groups = new Column((n) => new Int32Array(n));
  const days = new Column((n) => new Int32Array(n));
  const lines = new Column((n) => new Int32Array(n));
  const offsets = new Column((n) => new Float64Array(n));
  const lengths = new Column((n) => new Int32Array(n));
  let count = 0;
  const fd = openSync(input, "r");
  try {
    const size = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(Math.max(1 << 16, Math.min(16 << 20, size + 1)));
    let bufStart = 0; // file offset of buf[0]
    let have = 0; // bytes of buf filled
    let from = 0; // start of the next line in buf
    let lineNo = 0;
    let eof = false;
    while (!eof) {
      if (have === buf.length) {
        if (from === 0) {
          // one line longer than the buffer
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, have);
          buf = bigger;
        } else {
          buf.copy(buf, 0, from, have);
          bufStart += from;
          have -= from;
          from = 0;
        }
      }
      const n = readSync(fd, buf, have, buf.length - have, bufStart + have);
      have += n;
      eof = n === 0;
      for (;;) {
        let nl = buf.indexOf(10, from);
        if (nl < 0 || nl >= have) {
          // a last line without a newline is still a line
          if (!eof || from >= have) break;
          nl = have;
        }
        lineNo++;
        let end = nl;
        if (end > from && buf[end - 1] === 0x0d) end--;
        if (!isBlankBytes(buf, from, end)) {
          if (count >= limit) return null;
          const key = scanSortKey(buf, from, end) ?? sortKeyOf(buf.toString("utf8", from, end), lineNo);
          let g = groupOf.get(key.member);
          if (g === undefined) {
            g = names.length;
            names.push(key.member);
            groupOf.set(key.member, g);
          }
          groups.set(count, g);
          days.set(count, key.day);
          lines.set(count, lineNo);
          offsets.set(count, bufStart + from);
          lengths.set(count, end - from);
          count++;
          if (options.onProgress && count % 8192 === 0) options.onProgress(bufStart + nl, size);
        }
        from = nl + 1;
      }
    }
    options.onProgress?.(size, size);
  } finally {
    closeSync(fd);
  }
  const order = processingOrder(count, names, groups.data, days.data, lines.data);
  return {
    records: count,
    *ordered() {
      for (let k = 0; k < count; k++) {
        const i = order[k]!;
        yield { member: names[groups.data[i]!]!, line: lines.data[i]!, offset: offsets.data[i]!, length: lengths.data[i]! };
      }
    },
  };
}

/**
 * Record numbers in processing order (compareKeys): members by key, each member's records by
 * first day, then input line. Records are counted into their member's place (they come in input
 * line order); a member whose records are not already by day is sorted on its own.
 */
function processingOrder(count: number, names: string[], groups: Int32Array, days: Int32Array, lines: Int32Array): Int32Array {
  const byName = names.map((_, g) => g).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  const start = new Int32Array(names.length + 1);
  for (let i = 0; i < count; i++) start[groups[i]! + 1]!++;
  // start of each group's place, in name order
  const place = new Int32Array(names.length);
  let at = 0;
  for (const g of byName) {
    place[g] = at;
    at += start[g + 1]!;
  }
  const order = new Int32Array(count);
  const fill = place.slice();
  for (let i = 0; i < count; i++) order[fill[groups[i]!]!++] = i;
  for (const g of byName) {
    const from = place[g]!;
    const to = fill[g]!;
    let sorted = true;
    for (let k = from + 1; k < to && sorted; k++) if (days[order[k]!]! < days[order[k - 1]!]!) sorted = false;
    if (sorted) continue;
    const part = Array.from(order.subarray(from, to)).sort((a, b) => days[a]! - days[b]! || lines[a]! - lines[b]!);
    order.set(part, from);
  }
  return order;
}

/** reads records back from the input by position */
export class RecordReader {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(1 << 16);
  constructor(path: string) {
    this.fd = openSync(path, "r");
  }
  read(offset: number, length: number): string {
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(length, this.buffer.length * 2));
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, this.buffer, got, length - got, offset + got);
      if (n === 0) throw new Error("the input file became shorter during the run");
      got += n;
    }
    return this.buffer.toString("utf8", 0, length);
  }
  close(): void {
    closeSync(this.fd);
  }
}
