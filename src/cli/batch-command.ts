// `edict adjudicate --rules <pack> [--context f] <claims.ndjson>`: a batch run.
//
// 1. Order. The records are put in processing order — members by id, each member's claims by
//    first date of service, then input line. Up to a few million records, one pass notes each
//    record's key and position (./batch-index.ts) and the records are read back by position as
//    they are adjudicated; past that, an external sort (./batch-io.ts): sorted runs of bounded
//    size in a temporary folder, merged with a heap, so memory stays flat at any input size.
//    The input may come in any order.
// 2. Adjudicate. Each member's claims run one after another carrying accumulators, paid history
//    and authorization units forward (src/batch). With --workers N, groups of whole members go
//    to N worker threads — as positions in the input, which the workers read themselves — and
//    come back as encoded output lines; the main thread writes them in processing order, so the
//    output is the same for any N. Each worker folds its records into its own summary.
// 3. Write. One NDJSON line per record, in processing order: the result with `line` (its input
//    line) first and `decidedBy` last, or `{"error":{"line",…}}` for a malformed record. The
//    output holds whole lines only up to its last newline, and line k is always record k of the
//    processing order, so `--resume` reads back the complete lines (checking that each names
//    the input line expected there and the same rules), drops a partial last line, replays the
//    earlier claims of the member it stopped in, and goes on from there.
//
// The main thread is synchronous; worker results come through receiveMessageOnPort and an
// Atomics wait, so the command stays a plain function returning an exit code.
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { Ruleset } from "../index.js";
import { BatchRunner, parseDefaultContext, type DefaultContext } from "../batch/runner.js";
import { OutputBuffer } from "../batch/write.js";
import { BatchSummary, factsOf, progressLine, type RecordFacts } from "../batch/summary.js";
import { sameGroup, sortKeyOf, type SortKey } from "../batch/order.js";
import { BufferedWriter, FLAG_GROUP, FLAG_REPLAY, LineReader, sortBatch } from "./batch-io.js";
import { indexBatch, RecordReader, type Range, type RangeIndex, type RangeRunner } from "./batch-index.js";
import type { Io, Sink } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { isNdjson, loadRules, readJsonFile, ruleLoading, type RuleLoading } from "./support.js";
import { cleanStaleRuns, lockOutput, runFolderPrefix, startWatchdog } from "./batch-guard.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AdjudicateValues, InputKind } from "./adjudicate-command.js";

export interface BatchOptions {
  rules: string;
  /** the context file for records that carry none */
  context?: string;
  input: string;
  /** results file (NDJSON); stdout when absent */
  output?: string;
  resume?: boolean;
  workers?: number;
  trace?: boolean;
  evaluator?: "compiled" | "reference";
  /** where to write the summary as JSON */
  summaryJson?: string;
  /** draw a progress bar on stderr (default: when stderr is a terminal) */
  progress?: boolean;
  /** sorting: most record text in memory at once (default 64 MB) */
  runBytes?: number;
  /** records sent to a worker at a time, rounded up to whole members (default 256) */
  chunkSize?: number;
  /** most records ordered in memory (by position in the input); more go through the external sort (default 4,000,000) */
  indexLimit?: number;
  /** bytes of input indexed at a time, shared among the threads (default 8 MB) */
  rangeBytes?: number;
  /** --require-signature, --allow-path, --limit */
  loading?: RuleLoading;
}

/** the options only a batch run takes; `edict adjudicate` declares them beside its own */
export const BATCH_OPTIONS = {
  output: { type: "string", short: "o", value: "<file>", help: "batch: write the results to <file> (NDJSON) instead of stdout" },
  resume: { type: "boolean", help: "batch: continue an interrupted run's --output file" },
  workers: { type: "string", value: "N", help: "batch: adjudicate on N worker threads (same output for any N)" },
  "summary-json": { type: "string", value: "<file>", help: "batch: also write the summary as JSON to <file>" },
} as const;

function batchRun(values: AdjudicateValues, operands: string[], io: Io): number {
  const [input, ...extra] = operands;
  if (extra.length) throw usageError("a batch run takes one .ndjson file");
  if (values.format === "text") throw usageError("a batch run writes NDJSON; --format text is for single claims (use edict explain)");
  if (values.format === "fhir" || values.format === "fhir-eob")
    throw usageError(`a batch run writes NDJSON results; --format ${values.format} is for FHIR claims (.json, or a Bundle of them)`);
  const workersText = values.workers ?? "1";
  const workers = Number(workersText);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw usageError(`--workers is a whole number from 1 to 256, not ${workersText}`);
  return runBatch(
    {
      rules: values.rules ?? "",
      context: values.context,
      input,
      output: values.output,
      resume: values.resume,
      workers,
      trace: values.trace,
      evaluator: values.evaluator,
      summaryJson: values["summary-json"],
      loading: ruleLoading(values),
    },
    io.out,
    io.err,
  );
}

/** `edict adjudicate`'s input kind for one .ndjson (or .jsonl) file */
export const batchInput: InputKind = {
  name: "a batch run (one .ndjson file)",
  accepts: (operands) => operands.length === 1 && isNdjson(operands[0]),
  options: Object.keys(BATCH_OPTIONS),
  run: batchRun,
};

/** a batch run; throws a CliError when it cannot start or its --output is not from this input */
export function runBatch(o: BatchOptions, out: Sink, err: Sink): number {
  if (o.resume && !o.output) throw usageError("--resume continues the file named by --output; say which");
  if (!existsSync(o.input)) throw new CliError(`no such file: ${o.input}`, EXIT.io);
  const limits = o.loading?.limits;
  const ruleset = loadRules(o.rules || undefined, err, "--rules", o.loading);
  const contextJson = o.context === undefined ? undefined : readJsonFile(o.context, limits);
  const defaultContext = parseDefaultContext(ruleset, contextJson, limits);
  if (defaultContext && !defaultContext.ok) {
    err(`${o.context}: the context is malformed:`);
    for (const i of defaultContext.issues) err(`  ${i.path}: ${i.message}`);
    return EXIT.badInput;
  }
  // a second run on the same output would interleave its lines with ours: refuse it
  const lock = o.output ? lockOutput(o.output) : null;
  if (lock && !lock.ok) throw new CliError(lock.message, EXIT.io);
  let watchdog: { stop(): void } | null = null;
  let folder: string | null = null;
  const removeFolder = () => folder && rmSync(folder, { recursive: true, force: true });
  const progress = new Progress(o.progress ?? process.stderr.isTTY === true);
  let sorted: { records: number; open(): Iterable<Ordered> & { close(): void }; dispose(): void };
  // worker threads start before the sort: they load the rules meanwhile (and share the external sort's keying)
  const pool = (o.workers ?? 1) > 1 ? startPool(o.workers!, o, contextJson) : null;
  try {
    cleanStaleRuns(tmpdir());
    // the run's temporary folder (the external sort's runs go in it), watched from the start: a
    // killed run leaves no sort runs and no lock behind
    // the watchdog starts before the folder exists, so no moment has a folder nobody would remove
    folder = join(tmpdir(), `${runFolderPrefix()}${randomBytes(6).toString("hex")}`);
    watchdog = startWatchdog(folder, lock?.path ?? null);
    mkdirSync(folder, { mode: 0o700 });
    const onProgress = (bytes: number, total: number) => progress.draw("sorting", bytes / 1e6, total / 1e6, "MB");
    const index = indexBatch(o.input, { limit: o.indexLimit, rangeBytes: o.rangeBytes, onProgress, runner: pool?.ranges });
    // the index holds no file or folder: nothing to close or remove
    const none = () => undefined;
    if (index) sorted = { records: index.records, open: () => Object.assign(index.ordered(), { close: none }), dispose: none };
    else sorted = sortBatch(o.input, { keys: pool ? (records) => pool.keys(records) : undefined, runBytes: o.runBytes, onProgress, tempDir: folder });
  } catch (e) {
    (watchdog as { stop(): void } | null)?.stop();
    removeFolder();
    lock?.release();
    pool?.close();
    throw e;
  }
  const summary = new BatchSummary();
  try {
    const sink = openSink(o, ruleset, out);
    const records = sorted.open();
    try {
      const stream = resumeFrom(records, sink, summary);
      const total = sorted.records;
      let done = summary.records;
      const onWritten = (facts: RecordFacts[]) => {
        for (const f of facts) summary.add(f);
        done += facts.length;
        progress.draw("adjudicating", done, total, "claims");
      };
      if (pool) {
        const counted = (n: number) => {
          done += n;
          progress.draw("adjudicating", done, total, "claims");
        };
        for (const s of runInWorkers(stream, pool, o, sink, counted)) summary.merge(s);
      } else runInThread(stream, ruleset, defaultContext, o, sink, onWritten);
      sink.finish();
    } finally {
      records.close();
      sink.close();
    }
  } finally {
    pool?.close();
    sorted.dispose();
    removeFolder();
    lock?.release();
    (watchdog as { stop(): void } | null)?.stop();
    progress.clear();
  }
  const text = summary.toText().trimEnd();
  if (o.output) out(text + "\n");
  else for (const l of text.split("\n")) err(l);
  if (o.summaryJson) {
    try {
      const fd = openSync(o.summaryJson, "w");
      writeSync(fd, JSON.stringify(summary.toJson(), null, 2) + "\n");
      closeSync(fd);
    } catch {
      throw new CliError(`cannot write ${o.summaryJson}`, EXIT.io);
    }
  }
  return summary.errors > 0 ? EXIT.badInput : EXIT.ok;
}

// ---------------------------------------------------------------- output and resume

interface OutputSink {
  /** lines already in the output (a resumed run), each with its newline stripped */
  existing: LineReader | null;
  existingCount: number;
  rulesetHash: string;
  write(text: string): void;
  /** writes encoded output (UTF-8) */
  writeBytes(bytes: Uint8Array): void;
  /** makes what was written durable enough to resume from (whole lines) */
  flush(): void;
  finish(): void;
  close(): void;
}

function openSink(o: BatchOptions, ruleset: Ruleset, out: Sink): OutputSink {
  if (!o.output) {
    let parts: string[] = [];
    let size = 0;
    const flush = () => {
      if (parts.length) out(parts.join(""));
      parts = [];
      size = 0;
    };
    return {
      existing: null,
      existingCount: 0,
      rulesetHash: ruleset.hash,
      write(text) {
        parts.push(text);
        size += text.length;
        if (size > 1 << 20) flush();
      },
      writeBytes(bytes) {
        parts.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
        size += bytes.length;
        if (size > 1 << 20) flush();
      },
      flush,
      finish: flush,
      close() {
        // stdout is not ours to close
      },
    };
  }
  const path = o.output;
  let existing: LineReader | null = null;
  let count = 0;
  let fd: number;
  try {
    if (o.resume && existsSync(path)) {
      // whole lines only: a last line without its newline was cut short by the interruption
      const scan = new LineReader(path);
      let whole = 0;
      for (let line = scan.next(); line !== null; line = scan.next()) {
        if (!scan.lastHadNewline) break;
        count++;
        whole = scan.consumed;
      }
      scan.close();
      fd = openSync(path, "r+");
      ftruncateSync(fd, whole);
      closeSync(fd);
      existing = count ? new LineReader(path, 1 << 20, whole) : null;
      fd = openSync(path, "a");
    } else fd = openSync(path, "w");
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot write ${path}`, EXIT.io);
  }
  const writer = new BufferedWriter(fd);
  return {
    existing,
    existingCount: count,
    rulesetHash: ruleset.hash,
    write: (text) => writer.write(text),
    writeBytes: (bytes) => writer.writeBytes(bytes),
    flush: () => writer.flush(),
    finish: () => writer.flush(),
    close() {
      writer.flush();
      existing?.close();
      closeSync(fd);
    },
  };
}

/** a record in processing order: its text, or where it lies in the input */
interface Ordered {
  member: string;
  line: number;
  text?: string;
  offset?: number;
  length?: number;
  /** keys the index counted in the record's bytes, or -1 (src/batch/scan.ts) */
  keys?: number;
}

/** a record on its way to a runner; `replay` records only rebuild their member's state */
interface Job extends Ordered {
  replay: boolean;
}

/**
 * Skips the records a resumed run already wrote (checking each against the output line written
 * for it, and folding that line into the summary) and yields the rest, preceded by the earlier
 * records of the member the interruption fell in, marked for replay.
 */
function* resumeFrom(records: Iterable<Ordered>, sink: OutputSink, summary: BatchSummary): Generator<Job> {
  const it = records[Symbol.iterator]();
  let group: Ordered[] = [];
  for (let k = 0; k < sink.existingCount; k++) {
    const next = it.next();
    if (next.done) throw usageError(`the output already holds more records than the input has; it is not from this input (run without --resume)`);
    const r = next.value;
    const written = sink.existing!.next()!;
    let parsed: { line?: number; error?: { line: number }; ruleset?: { hash: string } };
    try {
      parsed = JSON.parse(written);
    } catch {
      throw usageError(`line ${k + 1} of the output is not a result; it is not a batch output (run without --resume)`);
    }
    const line = parsed.error ? parsed.error.line : parsed.line;
    if (line !== r.line)
      throw usageError(
        `line ${k + 1} of the output is the result of input line ${line}, but this input and order put line ${r.line} there; the output is from another input (run without --resume)`,
      );
    if (!parsed.error && parsed.ruleset?.hash !== sink.rulesetHash)
      throw usageError(
        `line ${k + 1} of the output was adjudicated with other rules (hash ${String(parsed.ruleset?.hash).slice(0, 12)}); resume with the same rules or run without --resume`,
      );
    summary.add(factsOf(parsed as never));
    if (group.length && !sameGroup(group[0], r)) group = [];
    group.push(r);
  }
  const first = it.next();
  if (first.done) return;
  if (group.length && sameGroup(group[0], first.value)) for (const g of group) yield { ...g, replay: true };
  group = [];
  yield { ...first.value, replay: false };
  for (let n = it.next(); !n.done; n = it.next()) {
    const job = n.value as Job;
    job.replay = false;
    yield job;
  }
}

// ---------------------------------------------------------------- one thread

function runInThread(
  jobs: Iterable<Job>,
  ruleset: Ruleset,
  defaultContext: DefaultContext,
  o: BatchOptions,
  sink: OutputSink,
  onWritten: (f: RecordFacts[]) => void,
): void {
  const runner = new BatchRunner(ruleset, defaultContext, { trace: o.trace, evaluator: o.evaluator, limits: o.loading?.limits });
  const reader = new RecordReader(o.input);
  // the output lines are written as UTF-8 into one reused buffer (src/batch/write.ts), handed to
  // the sink a megabyte at a time, as the sink's own buffer did with text
  const out = new OutputBuffer(1 << 21);
  let previous: Job | null = null;
  let pending: RecordFacts[] = [];
  const drain = () => {
    if (out.length) sink.writeBytes(out.view());
    out.clear();
    onWritten(pending);
    pending = [];
  };
  try {
    for (const job of jobs) {
      if (previous === null || !sameGroup(previous, job)) runner.startGroup();
      previous = job;
      const mark = out.length;
      const facts = runner.processInto(job.text ?? reader.read(job.offset!, job.length!), job.line, job.keys ?? -1, out);
      if (job.replay) {
        out.length = mark;
        continue;
      }
      pending.push(facts);
      if (out.length >= 1 << 20) drain();
    }
  } finally {
    reader.close();
  }
  drain();
}

// ---------------------------------------------------------------- worker threads

export interface WorkerSetup {
  rules: string;
  /** the batch's input, which the worker reads records from by position */
  input: string;
  loading: RuleLoading;
  context: unknown;
  trace: boolean;
  evaluator: "compiled" | "reference" | undefined;
  port: MessagePort;
  signal: Int32Array;
  /** the worker module to load (source runs go through a tsx bootstrap) */
  entry?: string;
}

export type WorkerReply =
  | { ready: true }
  | { fatal: string }
  | { seq: number; output: Uint8Array; count: number }
  | { keyed: number; sortKeys: SortKey[] }
  | { indexed: number; index: RangeIndex }
  | { summary: BatchSummary };

/** a chunk of whole members: per record its input line and flags, and its text or position */
export interface WorkerJob {
  seq: number;
  lines: Int32Array;
  /** FLAG_GROUP: the first record of a member; FLAG_REPLAY: only rebuilds its member's state (./batch-io.ts) */
  flags: Uint8Array;
  texts?: string[];
  offsets?: Float64Array;
  lengths?: Int32Array;
  /** with positions: the keys the index counted in each record, or -1 */
  keyCounts?: Int32Array;
}

/** asks a worker to index one range of the input (./batch-index.ts) */
export interface IndexJob {
  indexing: number;
  range: Range;
}

/** asks a worker for the summary of everything it adjudicated */
export interface WorkerFinish {
  finish: true;
}

/** the sort keys of a slice of records, asked of a worker while the main thread sorts */
export interface KeyJob {
  keys: number;
  records: Array<{ text: string; line: number }>;
}

function workerUrl(): { file: URL; entry?: string } {
  const here = import.meta.url;
  if (here.endsWith(".ts")) return { file: new URL("./batch-worker-boot.mjs", here), entry: new URL("./batch-worker.ts", here).href };
  return { file: new URL("./batch-worker.js", here) };
}

interface Pool {
  workers: Array<{ worker: Worker; port: MessagePort; inFlight: number; ready: boolean }>;
  /** the next message from any worker (blocking) */
  receive(): { reply: WorkerReply; from: number };
  /** sort keys of records, shared between the ready workers and this thread */
  keys(records: ReadonlyArray<{ text: string; line: number }>): SortKey[];
  /** indexes ranges of the input on this thread and the ready workers at once */
  ranges: RangeRunner;
  close(): void;
}

function startPool(count: number, o: BatchOptions, contextJson: unknown): Pool {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { file, entry } = workerUrl();
  const workers = Array.from({ length: count }, () => {
    const { port1, port2 } = new MessageChannel();
    const setup: WorkerSetup = {
      rules: o.rules,
      input: o.input,
      loading: o.loading ?? {},
      context: contextJson,
      trace: o.trace === true,
      evaluator: o.evaluator,
      port: port2,
      signal,
      entry,
    };
    const worker = new Worker(file, { workerData: setup, transferList: [port2] });
    worker.unref();
    return { worker, port: port1, inFlight: 0, ready: false };
  });
  const check = (reply: WorkerReply, from: number): WorkerReply => {
    if ("fatal" in reply) throw new Error(`a worker thread failed: ${reply.fatal}`);
    if ("ready" in reply) workers[from]!.ready = true;
    return reply;
  };
  const poll = (): { reply: WorkerReply; from: number } | null => {
    for (let i = 0; i < workers.length; i++) {
      const m = receiveMessageOnPort(workers[i]!.port);
      if (m) return { reply: check(m.message as WorkerReply, i), from: i };
    }
    return null;
  };
  const receive = (): { reply: WorkerReply; from: number } => {
    for (;;) {
      const seen = Atomics.load(signal, 0);
      const got = poll();
      if (got) return got;
      Atomics.wait(signal, 0, seen, 1000);
    }
  };
  let keyJobs = 0;
  const ranges: RangeRunner = (list, here, take) => {
    let next = 0;
    let stop = false;
    const busy = new Set<number>();
    const handle = (got: { reply: WorkerReply; from: number } | null) => {
      if (!got || !("indexed" in got.reply)) return;
      busy.delete(got.from);
      if (!take(got.reply.indexed, got.reply.index)) stop = true;
    };
    for (;;) {
      // hand a range to each ready worker that has none; workers still loading the rules come in later
      for (let got = poll(); got; got = poll()) handle(got);
      workers.forEach((w, i) => {
        if (stop || next >= list.length || !w.ready || busy.has(i)) return;
        busy.add(i);
        const job: IndexJob = { indexing: next, range: list[next++]! };
        w.worker.postMessage(job);
      });
      if (!stop && next < list.length) {
        const i = next++;
        if (!take(i, here(list[i]!))) stop = true;
      } else if (busy.size) handle(receive());
      else return;
    }
  };
  return {
    workers,
    receive,
    ranges,
    keys(records) {
      // take the ready messages that came in; workers still loading the rules are left out
      while (workers.some((w) => !w.ready)) {
        const got = poll();
        if (!got) break;
        if (!("ready" in got.reply)) throw new Error("internal: a worker answered before it was asked");
      }
      const ready = workers.filter((w) => w.ready);
      const share = Math.ceil(records.length / (ready.length + 1));
      const asked = new Map<number, number>();
      ready.forEach((w, i) => {
        const slice = records.slice(share * (i + 1), share * (i + 2));
        if (!slice.length) return;
        const job: KeyJob = { keys: keyJobs, records: slice };
        asked.set(keyJobs++, share * (i + 1));
        w.worker.postMessage(job);
      });
      const out: SortKey[] = new Array(records.length);
      for (let i = 0; i < Math.min(share, records.length); i++) out[i] = sortKeyOf(records[i]!.text, records[i]!.line);
      while (asked.size) {
        const { reply } = receive();
        if (!("keyed" in reply)) continue; // a late ready
        const at = asked.get(reply.keyed);
        if (at === undefined) throw new Error("internal: an unexpected sort key reply");
        asked.delete(reply.keyed);
        reply.sortKeys.forEach((k, j) => (out[at + j] = k));
      }
      return out;
    },
    close() {
      for (const w of workers) {
        w.port.close();
        void w.worker.terminate();
      }
    },
  };
}

/** adjudicates on the pool's workers, writing in processing order; returns each worker's summary */
function runInWorkers(jobs: Iterable<Job>, pool: Pool, o: BatchOptions, sink: OutputSink, onWritten: (records: number) => void): BatchSummary[] {
  const { workers, receive } = pool;
  while (workers.some((w) => !w.ready)) receive();
  const done = new Map<number, { output: Uint8Array; count: number }>();
  let sent = 0;
  let written = 0;
  const take = () => {
    const { reply, from } = receive();
    if (!("seq" in reply)) return;
    workers[from]!.inFlight--;
    done.set(reply.seq, reply);
    for (let r = done.get(written); r; r = done.get(written)) {
      done.delete(written++);
      sink.writeBytes(r.output);
      onWritten(r.count);
    }
    sink.flush();
  };
  const send = (records: Job[]) => {
    while (workers.every((w) => w.inFlight >= 2)) take();
    const target = workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    target.inFlight++;
    const n = records.length;
    const lines = new Int32Array(n);
    const flags = new Uint8Array(n);
    const byText = records[0]!.text !== undefined;
    const texts: string[] | undefined = byText ? new Array(n) : undefined;
    const offsets = byText ? undefined : new Float64Array(n);
    const lengths = byText ? undefined : new Int32Array(n);
    const keys = byText ? undefined : new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = records[i]!;
      lines[i] = r.line;
      flags[i] = (i === 0 || !sameGroup(records[i - 1]!, r) ? FLAG_GROUP : 0) | (r.replay ? FLAG_REPLAY : 0);
      if (texts) texts[i] = r.text!;
      else {
        offsets![i] = r.offset!;
        lengths![i] = r.length!;
        keys![i] = r.keys ?? -1;
      }
    }
    const job: WorkerJob = { seq: sent++, lines, flags, texts, offsets, lengths, keyCounts: keys };
    target.worker.postMessage(job, [lines.buffer, flags.buffer, ...(offsets ? [offsets.buffer, lengths!.buffer, keys!.buffer] : [])]);
  };
  const size = Math.max(1, o.chunkSize ?? 256);
  let chunk: Job[] = [];
  for (const job of jobs) {
    if (chunk.length >= size && !sameGroup(chunk[chunk.length - 1]!, job)) {
      send(chunk);
      chunk = [];
    }
    chunk.push(job);
  }
  if (chunk.length) send(chunk);
  while (written < sent) take();
  // the summaries: each worker folded the records it adjudicated
  const finish: WorkerFinish = { finish: true };
  for (const w of workers) w.worker.postMessage(finish);
  const summaries: BatchSummary[] = [];
  while (summaries.length < workers.length) {
    const { reply } = receive();
    if ("summary" in reply) summaries.push(reply.summary);
  }
  return summaries;
}

// ---------------------------------------------------------------- progress bar

class Progress {
  private phaseStarted = Date.now();
  private phase = "";
  private last = 0;
  private drawn = false;
  constructor(private readonly enabled: boolean) {}
  draw(label: string, done: number, total: number, unit: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (label !== this.phase) {
      this.phase = label;
      this.phaseStarted = now;
    } else if (now - this.last < 200 && done < total) return;
    this.last = now;
    this.drawn = true;
    process.stderr.write(`\r\x1b[K${progressLine(label, done, total, (now - this.phaseStarted) / 1000, unit)}`);
  }
  clear(): void {
    if (this.drawn) process.stderr.write(`\r\x1b[K`);
  }
}
