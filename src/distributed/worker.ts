// A worker: takes records from every partition of the batches it knows, one at a time per
// partition, posts each through the member ledger (src/ledger: one transaction per claim, the
// member's row locked, idempotent by claim id), publishes the output line, and only then
// acknowledges the record. Any number of workers on any number of machines share the partitions:
// each partition's consumer lets one record out at a time, whichever worker asks.
//
// Dying is allowed at any point. A record whose worker died unacknowledged goes to another worker
// after the ack wait; if the dead worker had posted it, the ledger answers the stored response
// (byte-identical) and nothing is posted twice, and the result published again is dropped by its
// message id. A live worker tells the server it is still working on a slow record, so a record
// moves only when its worker is gone. A record whose posting fails (the database is down, the
// engine throws) is retried after a pause, and on its last delivery goes to the dead-letter
// stream with the reason.
//
// The output line of a record is the single-process batch's (src/batch/runner.ts): the result
// with `line` first and `decidedBy` last, or `{"error": {"line", "claimId"?, "issues"}}`.
import type { JsMsg } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import type { Ruleset } from "../index.js";
import { decidedBy, needsTraceForDecisions, reasonSources } from "../batch/decide.js";
import { claimIdOf, parseRecordText, splitRecord } from "../batch/records.js";
import { parseDefaultContext, parseRecord, type DefaultContext, type ErrorRecord } from "../batch/runner.js";
import type { Limits } from "../common/limits.js";
import type { InputIssue } from "../model/types.js";
import type { Ledger, PostResponse } from "../ledger/index.js";
import {
  CLAIMS_STREAM,
  consumerName,
  DEAD_STREAM,
  deadSubject,
  DELIVERIES_HEADER,
  ERROR_HEADER,
  LINE_HEADER,
  readMeta,
  REASON_HEADER,
  resultsSubject,
  type BatchMeta,
  type Connection,
} from "./jetstream.js";

/** where a simulated crash may strike (the property tests' in-process workers) */
export type CrashPoint = "before-post" | "after-post" | "after-publish";

export interface WorkerOptions {
  /** work only this batch (and wait for it to be submitted) */
  batch?: string;
  /** return once every batch worked is complete (with `batch`: that one); otherwise run until stop() */
  exitWhenDone?: boolean;
  /** how often to look for new batches (ms) */
  pollMs?: number;
  limits?: Partial<Limits>;
  log?: (line: string) => void;
  /** tests: a simulated crash at this point of this record — the worker drops everything, acknowledges nothing */
  crash?: (point: CrashPoint, batch: string, line: number) => boolean;
}

export interface WorkerStats {
  /** records this worker decided and published (posted now or replayed) */
  published: number;
  /** of them, postings the ledger had stored before (a redelivery) */
  replayed: number;
  /** records dead-lettered by this worker */
  dead: number;
  /** deliveries that failed and were handed back for another try */
  retried: number;
  /** the worker crashed (simulated) */
  crashed: boolean;
}

class Crash extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DistributedWorker {
  private stopping = false;
  private crashed = false;
  private readonly sources: Map<string, string[]>;
  /** parseRecord's stand-in for a record without a context: the ledger has the member's state */
  private readonly noContext: DefaultContext;
  private readonly started = new Set<string>();
  private readonly running: Array<Promise<void>> = [];
  readonly stats: WorkerStats = { published: 0, replayed: 0, dead: 0, retried: 0, crashed: false };

  constructor(
    private readonly conn: Connection,
    private readonly ledger: Ledger,
    private readonly ruleset: Ruleset,
    private readonly options: WorkerOptions = {},
  ) {
    this.sources = reasonSources(ruleset.program);
    this.noContext = parseDefaultContext(ruleset, { asOf: "2026-01-01", coverage: [] });
  }

  /** asks the worker to finish the records it holds and take no more */
  stop(): void {
    this.stopping = true;
  }

  /** works until stop() (or, with exitWhenDone, until its batches are complete) */
  async run(): Promise<WorkerStats> {
    const poll = this.options.pollMs ?? 1000;
    for (;;) {
      if (this.stopping || this.crashed) break;
      const ids = this.options.batch ? [this.options.batch] : await this.batchIds();
      for (const id of ids) {
        if (this.started.has(id)) continue;
        const meta = await readMeta(this.conn, id);
        if (!meta) continue;
        this.started.add(id);
        for (let p = 0; p < meta.partitions; p++)
          // a batch whose consumers are gone (expired with the streams) is skipped, not fatal
          this.running.push(this.partition(meta, p).catch((e: Error) => this.log(`batch ${meta.id} partition ${p}: ${e.message}; left alone`)));
      }
      if (this.options.exitWhenDone && this.started.size > 0 && (this.options.batch === undefined || this.started.has(this.options.batch))) break;
      await sleep(poll);
    }
    await Promise.all(this.running);
    this.stats.crashed = this.crashed;
    return this.stats;
  }

  private async batchIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const k of await this.conn.batches.keys()) ids.push(k);
    return ids.sort();
  }

  /** one partition of one batch, until it is complete (or the worker stops) */
  private async partition(first: BatchMeta, p: number): Promise<void> {
    let meta = first;
    const consumer = await this.conn.js.consumers.get(CLAIMS_STREAM, consumerName(meta.id, p));
    while (!this.stopping && !this.crashed) {
      let msg: JsMsg | null = null;
      try {
        msg = await consumer.next({ expires: 2000 });
        if (msg === null) {
          if (meta.state !== "submitted") meta = (await readMeta(this.conn, meta.id)) ?? meta;
          if (meta.state === "submitted") {
            const info = await consumer.info();
            // nothing left to hand out and nothing held by anyone: the partition is complete
            if (info.num_pending === 0 && info.num_ack_pending === 0) break;
          }
          continue;
        }
        if (this.stopping || this.crashed) {
          // taken after stop() was asked: hand it straight back (a crashed worker just drops it)
          if (!this.crashed) msg.nak();
          break;
        }
        await this.handle(meta, p, msg);
      } catch (e) {
        if (e instanceof Crash) {
          this.crashed = true;
          break;
        }
        if (this.stopping || this.crashed) break;
        // NATS unreachable for a moment, a publish or acknowledgement that timed out: the record
        // was not acknowledged, so it comes back (to this worker or another) and is replayed
        this.log(`batch ${meta.id} partition ${p}: ${(e as Error).message}; going on`);
        await sleep(1000);
      }
    }
  }

  private crashAt(point: CrashPoint, batch: string, line: number): void {
    if (this.crashed || this.options.crash?.(point, batch, line)) {
      this.crashed = true;
      throw new Crash(`simulated crash ${point} line ${line}`);
    }
  }

  private async handle(meta: BatchMeta, p: number, msg: JsMsg): Promise<void> {
    const line = Number(msg.headers?.get(LINE_HEADER));
    // tell the server this worker is alive while it holds the record, so the record moves to
    // another worker only when this one is gone
    const alive = setInterval(() => msg.working(), Math.max(200, Math.floor(meta.ackWaitMs / 3)));
    try {
      let output: string;
      try {
        this.crashAt("before-post", meta.id, line);
        output = msg.headers?.get(ERROR_HEADER) ? msg.string() : await this.decide(msg.string(), line);
        this.crashAt("after-post", meta.id, line);
      } catch (e) {
        if (e instanceof Crash) throw e;
        await this.failed(meta, p, msg, line, e);
        return;
      }
      const h = headers();
      h.set(LINE_HEADER, String(line));
      await this.conn.js.publish(resultsSubject(meta.id, p), new TextEncoder().encode(output), { msgID: `${meta.id}:${line}`, headers: h });
      this.stats.published++;
      this.crashAt("after-publish", meta.id, line);
      // the acknowledgement is confirmed, so the partition's next record follows this one
      await msg.ackAck();
    } finally {
      clearInterval(alive);
    }
  }

  private async failed(meta: BatchMeta, p: number, msg: JsMsg, line: number, e: unknown): Promise<void> {
    const reason = e instanceof Error ? e.message : String(e);
    const deliveries = msg.info.deliveryCount;
    if (deliveries < meta.maxDeliver) {
      this.stats.retried++;
      this.log(`batch ${meta.id} line ${line}: delivery ${deliveries} of ${meta.maxDeliver} failed (${reason}); handed back`);
      msg.nak(Math.min(10_000, 500 * 2 ** (deliveries - 1)));
      return;
    }
    const h = headers();
    h.set(LINE_HEADER, String(line));
    h.set(REASON_HEADER, reason.replace(/[\r\n]+/g, " ").slice(0, 1000));
    h.set(DELIVERIES_HEADER, String(deliveries));
    await this.conn.js.publish(deadSubject(meta.id, p), msg.data, { msgID: `${meta.id}:${line}:dead`, headers: h });
    this.stats.dead++;
    this.log(`batch ${meta.id} line ${line}: dead-lettered to ${DEAD_STREAM} after ${deliveries} deliveries: ${reason}`);
    msg.term(reason.slice(0, 200));
  }

  /** posts one record through the ledger; its output line */
  private async decide(text: string, line: number): Promise<string> {
    const limits = this.options.limits;
    const raw = parseRecordText(text, limits);
    if (!raw.ok) return errorLine(line, null, raw.issues);
    const split = splitRecord(raw.value);
    if (!split.ok) return errorLine(line, claimIdOf(raw.value), split.issues);
    // the batch's own reading of the record, so a malformed one gets the batch's error line
    // (a context without asOf is an enrollment, as FHIR and X12 claims bring: the ledger reads it)
    const dated = typeof split.context === "object" && split.context !== null && "asOf" in split.context;
    const parsed = dated
      ? parseRecord(text, this.ruleset, null, limits)
      : parseRecord(split.context === undefined ? text : JSON.stringify({ claim: split.claim }), this.ruleset, this.noContext, limits);
    if (!parsed.ok) return errorLine(line, parsed.claimId, parsed.issues);
    const outcome = await this.ledger.post(
      { claim: split.claim, ...(split.context !== undefined ? { context: split.context } : {}) },
      { claimPath: split.claim === raw.value ? "" : "claim", contextPath: "context" },
    );
    if (!outcome.ok) {
      const p = outcome.problem;
      return errorLine(line, parsed.claim.id, p.issues.length ? p.issues : [{ path: "claim", message: p.detail }]);
    }
    if (outcome.replayed) this.stats.replayed++;
    const body = JSON.parse(outcome.response) as PostResponse;
    if (!body.result) return JSON.stringify({ line, claimId: body.claimId, status: "void", ...(body.reversal ? { reversal: body.reversal } : {}) });
    const result = body.result;
    // as in a batch run, the trace is read only when a reason code alone does not name the rule
    const trace = needsTraceForDecisions(result, this.sources) ? (await this.ledger.claim(result.claimId, { trace: true }))?.trace : undefined;
    return JSON.stringify({ line, ...result, decidedBy: decidedBy(result, this.sources, trace) });
  }

  private log(text: string): void {
    this.options.log?.(text);
  }
}

function errorLine(line: number, claimId: string | null, issues: InputIssue[]): string {
  const record: ErrorRecord = { error: claimId === null ? { line, issues } : { line, claimId, issues } };
  return JSON.stringify(record);
}
