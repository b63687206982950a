// Submission: publishes a batch's records to their members' partitions, in processing order
// (src/batch/order.ts: members by id, each member's claims by first date of service, then input
// line), so each partition holds every claim of its members in the order a single-process batch
// decides them. Before the first record it records the batch (state "submitting") and creates
// the partitions' consumers; after the last, the counts (state "submitted").
import { randomBytes } from "node:crypto";
import { headers } from "@nats-io/transport-node";
import type { PubAck } from "@nats-io/jetstream";
import { partitionOf, MAX_PARTITIONS, DEFAULTS } from "./partition.js";
import {
  BATCH_ID,
  CLAIMS_STREAM,
  claimsSubject,
  ERROR_HEADER,
  LINE_HEADER,
  partitionConsumer,
  readMeta,
  writeMeta,
  type BatchMeta,
  type Connection,
} from "./jetstream.js";

/** one record of the batch, in processing order */
export interface SubmitRecord {
  /** the member key of the processing order (src/batch/order.ts): member id as JSON text, "" when none */
  member: string;
  /** input line (NDJSON) or position of the claim in its file, 1-based: results come back in this order */
  line: number;
  /** the record: a claim, or { "claim": …, "context": … } */
  text: string;
  /** set when the input could not be read as a claim: the output line (an error record) to give back as is */
  error?: boolean;
}

export interface SubmitOptions {
  batch?: string;
  partitions?: number;
  ackWaitMs?: number;
  maxDeliver?: number;
  source: string;
  /** called every few hundred records with the number published */
  onProgress?: (published: number) => void;
}

export { DEFAULTS };

/** publishes outstanding at once: enough to hide the round trip, few enough to bound memory */
const WINDOW = 512;

export function newBatchId(): string {
  return `b${randomBytes(6).toString("hex")}`;
}

export async function submit(conn: Connection, records: Iterable<SubmitRecord>, o: SubmitOptions): Promise<BatchMeta> {
  const id = o.batch ?? newBatchId();
  if (!BATCH_ID.test(id)) throw new Error(`a batch id is 1 to 64 letters, digits, "-" or "_", not ${JSON.stringify(id)}`);
  const partitions = o.partitions ?? DEFAULTS.partitions;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS)
    throw new Error(`the partition count is a whole number from 1 to ${MAX_PARTITIONS}, not ${partitions}`);
  if (await readMeta(conn, id)) throw new Error(`a batch ${id} exists already; choose another id`);
  const meta: BatchMeta = {
    id,
    partitions,
    state: "submitting",
    total: 0,
    perPartition: Array.from({ length: partitions }, () => 0),
    source: o.source,
    submittedAt: new Date().toISOString(),
    ackWaitMs: o.ackWaitMs ?? DEFAULTS.ackWaitMs,
    maxDeliver: o.maxDeliver ?? DEFAULTS.maxDeliver,
  };
  await writeMeta(conn, meta);
  for (let p = 0; p < partitions; p++) await conn.jsm.consumers.add(CLAIMS_STREAM, partitionConsumer(meta, p));

  // one connection publishes in order and the server stores in the order received; a window of
  // acknowledgements outstanding keeps the link busy. A failed publish stops the submission (the
  // order of the rest could not be promised): submit again under a new id.
  const pending: Array<Promise<PubAck>> = [];
  const encoder = new TextEncoder();
  for (const r of records) {
    const p = partitionOf(r.member, partitions);
    const h = headers();
    h.set(LINE_HEADER, String(r.line));
    if (r.error) h.set(ERROR_HEADER, "1");
    const published = conn.js.publish(claimsSubject(id, p), encoder.encode(r.text), { msgID: `${id}:${r.line}`, headers: h, timeout: 60_000 });
    published.catch(() => undefined); // awaited below; this only keeps a failure from being "unhandled" meanwhile
    pending.push(published);
    meta.perPartition[p]!++;
    meta.total++;
    if (pending.length >= WINDOW) {
      await Promise.all(pending.splice(0, WINDOW / 2));
      o.onProgress?.(meta.total - pending.length);
    }
  }
  await Promise.all(pending);
  o.onProgress?.(meta.total);
  meta.state = "submitted";
  await writeMeta(conn, meta);
  return meta;
}
