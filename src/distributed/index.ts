// Batches across machines on NATS JetStream, with the member ledger (src/ledger) as the single
// source of member state: `submit` publishes a batch's records to partitions by member
// (./partition.ts), workers (./worker.ts) post them through the ledger one at a time per
// partition, and `batchStatus` / `batchResults` (./status.ts) read progress and the output back.
// What lives where in JetStream: ./jetstream.ts. Node-side (network, clock); docs/SCALING.md.
export { fnv1a, partitionOf, MAX_PARTITIONS } from "./partition.js";
export { connectJetStream, readMeta, BATCH_ID, type BatchMeta, type Connection } from "./jetstream.js";
export { submit, newBatchId, DEFAULTS, type SubmitRecord, type SubmitOptions } from "./submit.js";
export { DistributedWorker, type WorkerOptions, type WorkerStats, type CrashPoint } from "./worker.js";
export { batchStatus, batchResults, deadLetters, UnknownBatch, type BatchStatus, type BatchResults, type DeadLetter, type PartitionStatus } from "./status.js";
