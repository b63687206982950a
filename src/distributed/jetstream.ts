// What a distributed batch keeps in NATS JetStream, and the one place that names it: three
// streams and a key-value bucket, shared by every batch.
//
//   EDICT_CLAIMS   edict.<batch>.claims.<partition>    the records, in processing order per partition
//   EDICT_RESULTS  edict.<batch>.results.<partition>   one output line per record (deduplicated by
//                                                      Nats-Msg-Id <batch>:<line> within the window)
//   EDICT_DEAD     edict.<batch>.dead.<partition>      records that failed every delivery, with the
//                  $JS.EVENT.ADVISORY.CONSUMER.        reason; and the server's advisories for records
//                  MAX_DELIVERIES.EDICT_CLAIMS.*       whose every delivery went to a worker that died
//   edict_batches  (KV) <batch> → BatchMeta            partition count, counts, settings, state
//
// Each partition of a batch has one durable pull consumer `edict-<batch>-p<partition>` with
// max_ack_pending 1: the server hands out a partition's next record only once the one before it
// is acknowledged (or dead), whichever worker asks, so any number of workers share partitions
// and a dead worker's record goes to another after the ack wait.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";

export const CLAIMS_STREAM = "EDICT_CLAIMS";
export const RESULTS_STREAM = "EDICT_RESULTS";
export const DEAD_STREAM = "EDICT_DEAD";
export const BATCHES_BUCKET = "edict_batches";
export const MAX_DELIVERIES_ADVISORY = `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${CLAIMS_STREAM}`;

/** headers a record, result or dead letter carries */
export const LINE_HEADER = "Edict-Line";
export const ERROR_HEADER = "Edict-Error";
export const REASON_HEADER = "Edict-Reason";
export const DELIVERIES_HEADER = "Edict-Deliveries";

export const claimsSubject = (batch: string, partition: number | "*"): string => `edict.${batch}.claims.${partition}`;
export const resultsSubject = (batch: string, partition: number | "*"): string => `edict.${batch}.results.${partition}`;
export const deadSubject = (batch: string, partition: number | "*"): string => `edict.${batch}.dead.${partition}`;
export const consumerName = (batch: string, partition: number): string => `edict-${batch}-p${partition}`;

/** a batch id is one subject token: letters, digits, "-" and "_" */
export const BATCH_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** what the submitter records of a batch */
export interface BatchMeta {
  id: string;
  partitions: number;
  /** "submitting" while records are being published; "submitted" once all are */
  state: "submitting" | "submitted";
  /** records published (all of them once submitted) */
  total: number;
  perPartition: number[];
  /** the file (or files) the records came from */
  source: string;
  submittedAt: string;
  /** how long a worker may hold a record before it goes to another (ms) */
  ackWaitMs: number;
  /** deliveries of one record before it is dead-lettered */
  maxDeliver: number;
}

export interface Connection {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  batches: KV;
  close(): Promise<void>;
}

const DAY_NANOS = 24 * 3600 * 1e9;

/** connects and makes sure the streams and the bucket exist (every process may be the first) */
export async function connectJetStream(url: string, name = "edict"): Promise<Connection> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  } catch (e) {
    throw new Error(`cannot connect to NATS at ${url}: ${(e as Error).message}`);
  }
  try {
    const jsm = await jetstreamManager(nc).catch((e: Error) => {
      throw new Error(`NATS at ${url} has no JetStream (start nats-server with -js): ${e.message}`);
    });
    const base: Partial<StreamConfig> = { retention: RetentionPolicy.Limits, storage: StorageType.File, max_age: 7 * DAY_NANOS, duplicate_window: 120e9 };
    await ensureStream(jsm, { ...base, name: CLAIMS_STREAM, subjects: ["edict.*.claims.*"] });
    await ensureStream(jsm, { ...base, name: RESULTS_STREAM, subjects: ["edict.*.results.*"] });
    await ensureStream(jsm, { ...base, name: DEAD_STREAM, subjects: ["edict.*.dead.*", `${MAX_DELIVERIES_ADVISORY}.*`] });
    // a batch's record lives as long as its records do
    const batches = await new Kvm(nc).create(BATCHES_BUCKET, { history: 1, ttl: (7 * DAY_NANOS) / 1e6 });
    return { nc, js: jetstream(nc), jsm, batches, close: () => nc.drain() };
  } catch (e) {
    await nc.close();
    throw e;
  }
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
    return;
  } catch {
    // not there yet
  }
  try {
    await jsm.streams.add(config);
  } catch (e) {
    // another process made it in the meantime
    await jsm.streams.info(config.name).catch(() => {
      throw e;
    });
  }
}

/** the consumer of one partition: one record in flight, redelivered after the ack wait, at most maxDeliver times */
export function partitionConsumer(meta: Pick<BatchMeta, "id" | "ackWaitMs" | "maxDeliver">, partition: number): Partial<ConsumerConfig> {
  return {
    durable_name: consumerName(meta.id, partition),
    filter_subject: claimsSubject(meta.id, partition),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    max_ack_pending: 1,
    ack_wait: meta.ackWaitMs * 1e6,
    max_deliver: meta.maxDeliver,
  };
}

export async function readMeta(conn: Connection, batch: string): Promise<BatchMeta | null> {
  const entry = await conn.batches.get(batch);
  if (entry?.operation !== "PUT" || entry.length === 0) return null;
  return entry.json<BatchMeta>();
}

export async function writeMeta(conn: Connection, meta: BatchMeta): Promise<void> {
  await conn.batches.put(meta.id, JSON.stringify(meta));
}
