// File side of batch runs: reading NDJSON a line at a time with a fixed buffer, and the external
// sort that puts a batch of any size into processing order (src/batch/order.ts) with bounded
// memory — sorted runs of at most `runBytes` of text in temporary files, merged with a heap.
import { closeSync, fstatSync, openSync, readSync, writeSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { runFolderPrefix } from "./batch-guard.js";
import { compareKeys, decodeRunLine, encodeRunLine, mergeSorted, sortKeyOf, type KeyedRecord, type SortKey } from "../batch/order.js";

/** flags of a record sent to a worker thread: the first of its member; replayed (no output) */
export const FLAG_GROUP = 1;
export const FLAG_REPLAY = 2;

/** reads a file's lines (without "\n" or a trailing "\r") with a fixed-size buffer */
export class LineReader {
  private readonly fd: number;
  private readonly buffer: Buffer;
  private start = 0;
  private end = 0;
  private eof = false;
  private carry: Buffer | null = null;
  /** bytes of the file consumed so far (through the last line returned, with its newline) */
  consumed = 0;
  /** 1-based number of the last line returned */
  lineNumber = 0;
  /** whether the last line returned ended with a newline (a last line may not) */
  lastHadNewline = false;
  private position = 0;
  readonly size: number;

  constructor(
    path: string,
    bufferSize = 1 << 20,
    private readonly limit = Infinity,
  ) {
    this.fd = openSync(path, "r");
    this.size = Math.min(fstatSync(this.fd).size, limit);
    this.buffer = Buffer.allocUnsafe(bufferSize);
  }

  /** the next line, or null at the end (a last line without a newline is still a line) */
  next(): string | null {
    for (;;) {
      const nl = this.buffer.indexOf(10, this.start);
      if (nl >= 0 && nl < this.end) {
        let bytes: Buffer = this.buffer.subarray(this.start, nl);
        if (this.carry) {
          bytes = Buffer.concat([this.carry, bytes]);
          this.carry = null;
        }
        this.start = nl + 1;
        return this.emit(bytes, 1);
      }
      if (this.start < this.end) {
        const rest = this.buffer.subarray(this.start, this.end);
        this.carry = this.carry ? Buffer.concat([this.carry, rest]) : Buffer.from(rest);
      }
      this.start = this.end = 0;
      if (this.eof) break;
      const want = Math.min(this.buffer.length, this.limit - this.position);
      const n = want > 0 ? readSync(this.fd, this.buffer, 0, want, this.position) : 0;
      this.position += n;
      if (n === 0) this.eof = true;
      this.end = n;
    }
    if (this.carry?.length) {
      const bytes = this.carry;
      this.carry = null;
      return this.emit(bytes, 0);
    }
    return null;
  }

  private emit(bytes: Buffer, newline: number): string {
    this.consumed += bytes.length + newline;
    this.lineNumber++;
    this.lastHadNewline = newline === 1;
    let text = bytes.toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    return text;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** appends text to a file through a buffer: `write` queues, `flush` writes */
export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(
    private readonly fd: number,
    private readonly threshold = 1 << 20,
  ) {}
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= this.threshold) this.flush();
  }
  /** writes encoded text at once, after what is queued */
  writeBytes(bytes: Uint8Array): void {
    this.flush();
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }
  flush(): void {
    if (!this.parts.length) return;
    const data = Buffer.from(this.parts.join(""), "utf8");
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    this.parts = [];
    this.size = 0;
  }
}

export interface SortOptions {
  /** most record text held in memory at once while sorting (default 64 MB) */
  runBytes?: number;
  /** most runs merged at once; more are merged in rounds (default 64) */
  fanIn?: number;
  /** where the runs go (default: a new folder in the system's temporary folder) */
  tempDir?: string;
  /** called now and then with the input bytes read so far */
  onProgress?: (bytes: number, total: number) => void;
  /** called with the temporary folder as soon as it exists (to guard its removal) */
  onFolder?: (dir: string) => void;
  /** the sort keys of a slice of records, in order (default: sortKeyOf on this thread; worker threads can share it) */
  keys?: (records: ReadonlyArray<{ text: string; line: number }>) => SortKey[];
}

/** records keyed at a time: enough to share among threads, few enough to keep memory flat */
const KEY_SLICE = 2048;

export interface SortedBatch {
  /** records that are not blank lines */
  records: number;
  /** the records in processing order; call once */
  open(): Iterable<KeyedRecord> & { close(): void };
  /** removes the temporary files */
  dispose(): void;
}

const isBlank = (s: string) => s.trim() === "";

/** puts the NDJSON file's records in processing order through sorted runs on disk */
export function sortBatch(input: string, options: SortOptions = {}): SortedBatch {
  const runBytes = options.runBytes ?? 64 << 20;
  const fanIn = Math.max(2, options.fanIn ?? 64);
  const dir = mkdtempSync(join(options.tempDir ?? tmpdir(), runFolderPrefix()));
  options.onFolder?.(dir);
  let runs: string[] = [];
  let runCount = 0;
  const newRun = () => join(dir, `run-${runCount++}.tsv`);
  const writeRun = (records: Iterable<KeyedRecord>): string => {
    const path = newRun();
    const fd = openSync(path, "w");
    const w = new BufferedWriter(fd);
    for (const r of records) w.write(encodeRunLine(r) + "\n");
    w.flush();
    closeSync(fd);
    return path;
  };
  let records = 0;
  try {
    const reader = new LineReader(input);
    let chunk: KeyedRecord[] = [];
    let pending: Array<{ text: string; line: number }> = [];
    let bytes = 0;
    const keyPending = () => {
      if (!pending.length) return;
      const keys = options.keys ? options.keys(pending) : pending.map((r) => sortKeyOf(r.text, r.line));
      for (let i = 0; i < pending.length; i++) chunk.push({ ...keys[i]!, text: pending[i]!.text });
      pending = [];
    };
    const spill = () => {
      keyPending();
      if (!chunk.length) return;
      chunk.sort(compareKeys);
      runs.push(writeRun(chunk));
      chunk = [];
      bytes = 0;
    };
    let seen = 0;
    for (let text = reader.next(); text !== null; text = reader.next()) {
      if (options.onProgress && ++seen % 4096 === 0) options.onProgress(reader.consumed, reader.size);
      if (isBlank(text)) continue;
      records++;
      pending.push({ text, line: reader.lineNumber });
      bytes += text.length + 64;
      if (bytes >= runBytes) spill();
      else if (pending.length >= KEY_SLICE) keyPending();
    }
    reader.close();
    spill();
    options.onProgress?.(reader.size, reader.size);
    // merge in rounds until one merge can take every run
    while (runs.length > fanIn) {
      const next: string[] = [];
      for (let i = 0; i < runs.length; i += fanIn) {
        const group = runs.slice(i, i + fanIn);
        if (group.length === 1) next.push(group[0]);
        else {
          const merged = openRuns(group);
          next.push(writeRun(merged));
          merged.close();
          for (const g of group) rmSync(g, { force: true });
        }
      }
      runs = next;
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    records,
    open: () => openRuns(runs),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function openRuns(paths: string[]): Iterable<KeyedRecord> & { close(): void } {
  const readers = paths.map((p) => new LineReader(p, 256 << 10));
  const sources = readers.map((r) => ({
    next: (): KeyedRecord | null => {
      const line = r.next();
      return line === null ? null : decodeRunLine(line);
    },
  }));
  const merged = mergeSorted(sources, compareKeys);
  return {
    [Symbol.iterator]: () => merged,
    close: () => readers.forEach((r) => r.close()),
  };
}
