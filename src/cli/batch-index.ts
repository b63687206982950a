// The in-memory order of a batch: one pass over the input that notes, for each record, its sort
// key (src/batch/order.ts; read from the raw bytes by src/batch/scan.ts, parsed only when the
// scanner is not sure) and where its text lies in the file, then an order of the records that
// needs no second copy of their text — records are read back from the input by position when
// they are adjudicated, by whichever thread adjudicates them. The pass goes by ranges of the
// file (each starting at a line start), which worker threads can index at the same time. It
// holds about 30 bytes a record plus each member's id once; beyond `limit` records the batch
// uses the external sort instead (./batch-io.ts), whose memory stays flat at any size.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { sortKeyOf } from "../batch/order.js";
import { scanSortKey } from "../batch/scan.js";

/** one record in processing order: member key (JSON text, "" for none), input line, bytes in the input */
export interface IndexedRecord {
  member: string;
  line: number;
  offset: number;
  length: number;
  /** the object keys the scanner counted in the record's bytes (src/batch/scan.ts), or -1 */
  keys: number;
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
  /** bytes of input indexed at a time (default 8 MB) */
  rangeBytes?: number;
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

/** a stretch of the input: the lines that start in [start, end) (both at line starts) */
export interface Range {
  start: number;
  end: number;
}

/** the records of one range, in input order; lines counted from the range's first */
export interface RangeIndex {
  /** lines that start in the range (blank ones too) */
  lineCount: number;
  count: number;
  /** member keys, numbered as they first appear in the range */
  names: string[];
  groups: Int32Array;
  days: Int32Array;
  lines: Int32Array;
  offsets: Float64Array;
  lengths: Int32Array;
  /** keys counted in each record by the scanner; -1 where the record was parsed instead */
  keys: Int32Array;
}

/** the typed arrays of a range index, which can move to another thread without a copy */
export const rangeBuffers = (r: RangeIndex): ArrayBuffer[] => [r.groups, r.days, r.lines, r.offsets, r.lengths, r.keys].map((a) => a.buffer as ArrayBuffer);

/** indexes the records of one range of the file (one read of its bytes, keys from the bytes) */
export function indexRange(input: string, range: Range): RangeIndex {
  const groupOf = new Map<string, number>();
  const names: string[] = [];
  const groups = new Column((n) => new Int32Array(n));
  const days = new Column((n) => new Int32Array(n));
  const lines = new Column((n) => new Int32Array(n));
  const offsets = new Column((n) => new Float64Array(n));
  const lengths = new Column((n) => new Int32Array(n));
  const keys = new Column((n) => new Int32Array(n));
  let count = 0;
  let lineNo = 0;
  const fd = openSync(input, "r");
  try {
    let buf = Buffer.allocUnsafe(Math.max(1 << 16, Math.min(16 << 20, range.end - range.start)));
    let bufStart = range.start; // file offset of buf[0]
    let have = 0; // bytes of buf filled
    let from = 0; // start of the next line in buf
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
      const want = Math.min(buf.length - have, range.end - (bufStart + have));
      const n = want > 0 ? readSync(fd, buf, have, want, bufStart + have) : 0;
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
          const scanned = scanSortKey(buf, from, end);
          const key = scanned ?? sortKeyOf(buf.toString("utf8", from, end), lineNo);
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
          keys.set(count, scanned ? scanned.keys : -1);
          count++;
        }
        from = nl + 1;
      }
    }
  } finally {
    closeSync(fd);
  }
  return {
    lineCount: lineNo,
    count,
    names,
    groups: groups.data.slice(0, count),
    days: days.data.slice(0, count),
    lines: lines.data.slice(0, count),
    offsets: offsets.data.slice(0, count),
    lengths: lengths.data.slice(0, count),
    keys: keys.data.slice(0, count),
  };
}

/** the file cut into ranges of about `size` bytes, each starting at a line start */
export function rangesOf(input: string, size: number): Range[] {
  const fd = openSync(input, "r");
  try {
    const total = fstatSync(fd).size;
    const probe = Buffer.allocUnsafe(1 << 16);
    const starts = [0];
    for (let at = size; at < total; at += size) {
      // the first line start at or after `at`: just past the first newline from at - 1
      let pos = Math.max(at - 1, starts[starts.length - 1]!);
      let found = -1;
      while (found < 0 && pos < total) {
        const n = readSync(fd, probe, 0, probe.length, pos);
        if (n === 0) break;
        const nl = probe.subarray(0, n).indexOf(10);
        if (nl >= 0) found = pos + nl + 1;
        else pos += n;
      }
      if (found < 0 || found >= total) break;
      if (found > starts[starts.length - 1]!) starts.push(found);
      at = Math.max(at, found - 1);
    }
    return starts.map((start, i) => ({ start, end: starts[i + 1] ?? total }));
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs the indexing of ranges: calls `take` with each range's index (in any order) until it
 * says stop. The default indexes them one after another on this thread; a batch with worker
 * threads shares them out (./batch-command.ts).
 */
export type RangeRunner = (ranges: Range[], here: (r: Range) => RangeIndex, take: (i: number, r: RangeIndex) => boolean) => void;

const inThisThread: RangeRunner = (ranges, here, take) => {
  for (let i = 0; i < ranges.length; i++) if (!take(i, here(ranges[i]!))) return;
};

/** bytes of input indexed at a time */
const RANGE_BYTES = 8 << 20;

/** indexes the NDJSON file's records; null when it holds more than `limit` */
export function indexBatch(input: string, options: IndexOptions & { runner?: RangeRunner } = {}): BatchIndex | null {
  const limit = options.limit ?? 4_000_000;
  const ranges = rangesOf(input, Math.max(1, options.rangeBytes ?? RANGE_BYTES));
  const total = ranges.length ? ranges[ranges.length - 1]!.end : 0;
  const parts: RangeIndex[] = new Array(ranges.length);
  let count = 0;
  let bytes = 0;
  let over = false;
  (options.runner ?? inThisThread)(
    ranges,
    (r) => indexRange(input, r),
    (i, r) => {
      parts[i] = r;
      count += r.count;
      bytes += ranges[i]!.end - ranges[i]!.start;
      options.onProgress?.(bytes, total);
      over = count > limit;
      return !over;
    },
  );
  if (over) return null;
  // one index: member keys numbered once, lines numbered through the file
  const groupOf = new Map<string, number>();
  const names: string[] = [];
  const groups = new Int32Array(count);
  const days = new Int32Array(count);
  const lines = new Int32Array(count);
  const offsets = new Float64Array(count);
  const lengths = new Int32Array(count);
  const keys = new Int32Array(count);
  let at = 0;
  let lineBase = 0;
  for (const part of parts) {
    const global = part.names.map((name) => {
      let g = groupOf.get(name);
      if (g === undefined) {
        g = names.length;
        names.push(name);
        groupOf.set(name, g);
      }
      return g;
    });
    for (let i = 0; i < part.count; i++) {
      groups[at + i] = global[part.groups[i]!]!;
      lines[at + i] = lineBase + part.lines[i]!;
    }
    days.set(part.days, at);
    offsets.set(part.offsets, at);
    lengths.set(part.lengths, at);
    keys.set(part.keys, at);
    at += part.count;
    lineBase += part.lineCount;
  }
  const order = processingOrder(count, names, groups, days, lines);
  return {
    records: count,
    *ordered() {
      for (let k = 0; k < count; k++) {
        const i = order[k]!;
        yield { member: names[groups[i]!]!, line: lines[i]!, offset: offsets[i]!, length: lengths[i]!, keys: keys[i]! };
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

/** bytes read at once when records come in file order */
const READ_AHEAD = 64 << 10;
/** most bytes between one record's end and the next's start that still count as "in file order" */
const NEAR = 4 << 10;

/**
 * Reads records back from the input by position. A record is read on its own (one read of its
 * bytes) when the records come from all over the file, as they do when the input is not already
 * in processing order; when a record starts at or just after the end of the one before (an input
 * already sorted by member, or one member's claims written together), the reader reads a block
 * of `READ_AHEAD` bytes from it and serves the next records from that block, one read for many.
 */
export class RecordReader {
  private readonly fd: number;
  private buffer: Buffer;
  /** file offsets of the bytes the buffer holds: [from, to) */
  private from = 0;
  private to = 0;
  /** where the last record read ended (-1: none yet) */
  private lastEnd = -1;
  constructor(
    path: string,
    private readonly ahead = READ_AHEAD,
  ) {
    this.fd = openSync(path, "r");
    this.buffer = Buffer.allocUnsafe(Math.max(1 << 16, ahead));
  }
  read(offset: number, length: number): string {
    const end = offset + length;
    const inOrder = offset >= this.lastEnd && offset - this.lastEnd <= NEAR && this.lastEnd >= 0;
    this.lastEnd = end;
    if (offset >= this.from && end <= this.to) return this.buffer.toString("utf8", offset - this.from, end - this.from);
    // in file order: a block from this record on; else the record alone
    const want = inOrder ? Math.max(length, this.ahead) : length;
    if (want > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(want, this.buffer.length * 2));
    this.from = this.to = 0; // nothing held until the read is done
    let got = 0;
    // the record's own bytes must all come; the rest of a block may stop at the end of the file
    while (got < want) {
      const n = readSync(this.fd, this.buffer, got, want - got, offset + got);
      if (n === 0) {
        if (got < length) throw new Error("the input file became shorter during the run");
        break;
      }
      got += n;
    }
    this.from = offset;
    this.to = offset + got;
    return this.buffer.toString("utf8", 0, length);
  }
  close(): void {
    closeSync(this.fd);
  }
}
