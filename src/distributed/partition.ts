// Which partition a member's claims go to. The submitter computes it (no JetStream subject
// mapping is needed, so any NATS server with JetStream will do): FNV-1a, 32 bits, over the UTF-8
// bytes of the member id, modulo the batch's partition count. A member's claims therefore share
// one partition, and a partition is worked one claim at a time, so each member's claims are
// posted in order. The function is fixed: changing it would split members across partitions of
// a batch already submitted (docs/SCALING.md says how to change the partition count instead).
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a (32-bit) of a string's UTF-8 bytes */
export function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** the partition (0 … partitions − 1) of a member id; records without one ("") all go to one partition */
export function partitionOf(member: string, partitions: number): number {
  return fnv1a(member) % partitions;
}

/** the most partitions a batch may have (each is a durable consumer on the server) */
export const MAX_PARTITIONS = 1024;

/** a batch's settings when `submit` is not told otherwise (here, with no NATS import, so `edict --help` can show them) */
export const DEFAULTS = { partitions: 16, ackWaitMs: 30_000, maxDeliver: 5 } as const;
