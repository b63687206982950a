// Generated batches that the member ledger and a single-process batch decide alike (for
// bench/distributed.ts and test/distributed). The ledger decides a claim as of its received date
// with the member's enrollment as first posted; a batch record carries its own context. So each
// record's context here is its member's one enrollment (the generator's context of the member's
// first claim) with `asOf` the claim's received date.
import { iterateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";

/** `count` generated demo-ppo claims as NDJSON records (members interleaved, as generated) */
export function* ledgerBatch(seed: number, count: number, pack = "rules/demo-ppo"): Generator<string> {
  const enrollments = new Map<string, Record<string, unknown>>();
  for (const r of iterateClaims(seed, count, loadPackTables(pack))) {
    const member = r.claim.member.id;
    if (!enrollments.has(member)) {
      const { asOf: _, ...enrollment } = r.context as unknown as Record<string, unknown>;
      enrollments.set(member, enrollment);
    }
    yield JSON.stringify({ claim: r.claim, context: { asOf: r.claim.receivedDate, ...enrollments.get(member) } });
  }
}
