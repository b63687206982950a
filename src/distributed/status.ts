// Progress and results of a distributed batch, read from JetStream alone (any machine may ask).
// Progress: per partition, the records still waiting (pending) and held by a worker (in flight)
// from the partition's consumer; done is the rest. The rate is the results so far over the time
// since the first result, and the ETA the records left at that rate. Results: every output line
// of the batch, each kept once (a record redelivered after its worker died may have been
// published twice), put back in input order, with the single-process batch's summary
// (src/batch/summary.ts) and the dead letters.
import type { JsMsg, MsgRequest } from "@nats-io/jetstream";
import { BatchSummary, factsOf } from "../batch/summary.js";
import type { OutputRecord } from "../batch/runner.js";
import {
  CLAIMS_STREAM,
  claimsSubject,
  consumerName,
  DEAD_STREAM,
  DELIVERIES_HEADER,
  LINE_HEADER,
  MAX_DELIVERIES_ADVISORY,
  readMeta,
  REASON_HEADER,
  RESULTS_STREAM,
  resultsSubject,
  deadSubject,
  type BatchMeta,
  type Connection,
} from "./jetstream.js";
import { readAll } from "./read.js";

export interface PartitionStatus {
  partition: number;
  claims: number;
  done: number;
  /** waiting to be handed out */
  pending: number;
  /** handed to a worker, not yet acknowledged (0 or 1) */
  inFlight: number;
}

export interface BatchStatus {
  meta: BatchMeta;
  partitions: PartitionStatus[];
  /** records finished: a result published or dead-lettered */
  done: number;
  /** of them, dead-lettered (JetStream gave up on them) */
  dead: number;
  complete: boolean;
  /** results so far ÷ seconds since the first result; null before the first */
  claimsPerSecond: number | null;
  /** seconds left at that rate; null when unknown */
  etaSeconds: number | null;
  /** seconds from the first result to the last (or to now while running); null before the first */
  elapsedSeconds: number | null;
}

export class UnknownBatch extends Error {}

async function metaOf(conn: Connection, batch: string): Promise<BatchMeta> {
  const meta = await readMeta(conn, batch);
  if (!meta) throw new UnknownBatch(`no batch ${batch} on this NATS server (edict submit prints the id)`);
  return meta;
}

export async function batchStatus(conn: Connection, batch: string, now: Date = new Date()): Promise<BatchStatus> {
  const meta = await metaOf(conn, batch);
  const partitions: PartitionStatus[] = [];
  // while records are still being published, the stream's count per subject says how many are in
  const published =
    meta.state === "submitted" ? null : ((await conn.jsm.streams.info(CLAIMS_STREAM, { subjects_filter: claimsSubject(meta.id, "*") })).state.subjects ?? {});
  for (let p = 0; p < meta.partitions; p++) {
    const info = await conn.jsm.consumers.info(CLAIMS_STREAM, consumerName(meta.id, p));
    const claims = published === null ? meta.perPartition[p]! : (published[claimsSubject(meta.id, p)] ?? 0);
    partitions.push({
      partition: p,
      claims,
      done: Math.max(0, claims - info.num_pending - info.num_ack_pending),
      pending: info.num_pending,
      inFlight: info.num_ack_pending,
    });
  }
  const done = partitions.reduce((n, p) => n + p.done, 0);
  const dead = (await deadLetters(conn, meta)).length;
  const complete = meta.state === "submitted" && done === meta.total;
  const first = await conn.jsm.streams.getMessage(RESULTS_STREAM, {
    seq: 0,
    next_by_subj: resultsSubject(meta.id, "*"),
  } as unknown as MsgRequest); // the server's MSG.GET takes next_by_subj (2.9+); the client's type leaves it out
  let elapsed: number | null = null;
  if (first) {
    let last = now.getTime();
    if (complete) {
      last = first.time.getTime();
      for (let p = 0; p < meta.partitions; p++) {
        const m = await conn.jsm.streams.getMessage(RESULTS_STREAM, { last_by_subj: resultsSubject(meta.id, p) });
        if (m) last = Math.max(last, m.time.getTime());
      }
    }
    elapsed = Math.max(0.001, (last - first.time.getTime()) / 1000);
  }
  const rate = elapsed === null ? null : (done - dead) / elapsed;
  return {
    meta,
    partitions,
    done,
    dead,
    complete,
    claimsPerSecond: rate,
    etaSeconds: complete ? 0 : rate && rate > 0 && meta.state === "submitted" ? (meta.total - done) / rate : null,
    elapsedSeconds: elapsed,
  };
}

export interface DeadLetter {
  line: number;
  partition: number;
  reason: string;
  deliveries: number;
}

/** the batch's dead letters: those a worker wrote (with the failure) and those the server gave up on (every worker holding them died) */
export async function deadLetters(conn: Connection, meta: BatchMeta): Promise<DeadLetter[]> {
  const out = new Map<number, DeadLetter>();
  await readAll(conn, DEAD_STREAM, deadSubject(meta.id, "*"), (m: JsMsg) => {
    const line = Number(m.headers?.get(LINE_HEADER));
    out.set(line, {
      line,
      partition: Number(m.subject.split(".").at(-1)),
      reason: m.headers?.get(REASON_HEADER) ?? "",
      deliveries: Number(m.headers?.get(DELIVERIES_HEADER)),
    });
  });
  const prefix = consumerName(meta.id, 0).slice(0, -1);
  const advisories: Array<{ seq: number; partition: number; deliveries: number }> = [];
  await readAll(conn, DEAD_STREAM, `${MAX_DELIVERIES_ADVISORY}.*`, (m: JsMsg) => {
    const a = m.json<{ consumer: string; stream_seq: number; deliveries: number }>();
    if (a.consumer.startsWith(prefix)) advisories.push({ seq: a.stream_seq, partition: Number(a.consumer.slice(prefix.length)), deliveries: a.deliveries });
  });
  for (const a of advisories) {
    const claim = await conn.jsm.streams.getMessage(CLAIMS_STREAM, { seq: a.seq });
    const line = Number(claim?.header.get(LINE_HEADER));
    if (!out.has(line))
      out.set(line, { line, partition: a.partition, reason: "every delivery went to a worker that stopped before finishing it", deliveries: a.deliveries });
  }
  return [...out.values()].sort((a, b) => a.line - b.line);
}

export interface BatchResults {
  meta: BatchMeta;
  /** output lines (no newline) in input order, a dead-lettered record as an error line */
  lines: string[];
  summary: BatchSummary;
  dead: DeadLetter[];
}

/** every output line of a complete batch, in input order */
export async function batchResults(conn: Connection, batch: string): Promise<BatchResults> {
  const meta = await metaOf(conn, batch);
  const byLine = new Map<number, string>();
  const decoder = new TextDecoder();
  await readAll(conn, RESULTS_STREAM, resultsSubject(meta.id, "*"), (m: JsMsg) => {
    const line = Number(m.headers?.get(LINE_HEADER));
    if (!byLine.has(line)) byLine.set(line, decoder.decode(m.data));
  });
  const dead = await deadLetters(conn, meta);
  for (const d of dead) {
    if (byLine.has(d.line)) continue;
    byLine.set(
      d.line,
      JSON.stringify({ error: { line: d.line, issues: [{ path: "claim", message: `dead-lettered after ${d.deliveries} deliveries: ${d.reason}` }] } }),
    );
  }
  const lines = [...byLine].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  const summary = new BatchSummary();
  for (const text of lines) {
    const record = JSON.parse(text) as OutputRecord | { status: "void" };
    // a void posts no decision: it counts as a claim with nothing billed
    summary.add(
      "status" in record && record.status === "void"
        ? { error: false, status: "void", billed: 0, allowed: 0, paid: 0, patient: 0, lines: [] }
        : factsOf(record as OutputRecord),
    );
  }
  return { meta, lines, summary, dead };
}
