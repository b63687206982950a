// What the distributed-batch tests share: the throwaway NATS server of test/global-setup.ts, and
// generated batches whose records a ledger and a single-process batch decide alike.
import { inject } from "vitest";
import { compareKeys, sortKeyOf } from "../../src/batch/order.js";
import type { SubmitRecord } from "../../src/distributed/index.js";
import { ledgerBatch } from "../../bench/ledger-batch.js";

export function natsUrl(): string {
  const server = inject("nats");
  if ("error" in server) throw new Error(`the distributed-batch tests need nats-server: ${server.error}`);
  return server.url;
}

/** `count` generated demo-ppo claims as NDJSON records (bench/ledger-batch.ts) */
export const ledgerLines = (seed: number, count: number): string[] => [...ledgerBatch(seed, count)];

/** NDJSON lines as submission records, in the batch's processing order */
export function inProcessingOrder(lines: readonly string[]): SubmitRecord[] {
  return lines
    .map((text, i) => ({ ...sortKeyOf(text, i + 1), text }))
    .sort(compareKeys)
    .map(({ member, line, text }) => ({ member, line, text }));
}

/** the claim id of an output line (a result or an error record) */
export const claimIdOfLine = (line: string): string => {
  const o = JSON.parse(line) as { claimId?: string; error?: { claimId?: string } };
  return o.claimId ?? o.error?.claimId ?? "";
};

/** output lines sorted by claim id, as one text */
export function byClaimId(text: string): string {
  const lines = text.trimEnd().split("\n");
  return lines
    .map((l) => [claimIdOfLine(l), l] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, l]) => `${l}\n`)
    .join("");
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
