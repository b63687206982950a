// Claims that fail every delivery: one whose posting throws each time (a worker dead-letters it
// on its last delivery, with the reason), and one whose every delivery goes to a worker that
// dies (the server gives up and says so in an advisory the dead-letter stream keeps). The batch
// still completes, its other claims are posted, and the results and summary list both.
import { describe, expect, it } from "vitest";
import { batchResults, batchStatus, connectJetStream, DistributedWorker, fnv1a, partitionOf, submit } from "../../src/distributed/index.js";
import type { Ledger } from "../../src/ledger/index.js";
import { loadRules } from "../../src/cli/support.js";
import { BACKENDS } from "../ledger/support.js";
import { ENROLLMENT, visit, day } from "../ledger/claims.js";
import { inProcessingOrder, natsUrl } from "./support.js";
import { edict } from "../cli/installed.js";

describe("partitions", () => {
  it("are FNV-1a (32-bit) of the member id's UTF-8 bytes, modulo the count", () => {
    // the published FNV-1a test vectors
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("foobar")).toBe(0xbf9cf968);
    expect(partitionOf('"M-1"', 16)).toBe(fnv1a('"M-1"') % 16);
    expect(fnv1a("é")).not.toBe(fnv1a("e"));
  });
});

describe("dead letters", () => {
  it("a claim failing every delivery, and one whose every worker died, are dead-lettered with the reason; the rest is posted", async () => {
    const url = natsUrl();
    const ruleset = loadRules("rules/demo-ppo", () => undefined);
    const ledger = await BACKENDS[0]!.open();
    const admin = await connectJetStream(url, "test");
    const stamp = Date.now().toString(36);
    const work = async (batch: string, on: Ledger, crashLine: number | null) => {
      for (;;) {
        const conn = await connectJetStream(url, "test worker");
        const stats = await new DistributedWorker(conn, on, ruleset, {
          batch,
          exitWhenDone: true,
          pollMs: 100,
          crash: (point, _b, line) => point === "before-post" && line === crashLine,
        }).run();
        await conn.nc.close();
        if (!stats.crashed) return;
      }
    };
    const records = (ids: string[]) => inProcessingOrder(ids.map((id, i) => JSON.stringify({ claim: visit(id, `${id}-M`, day(i)), context: ENROLLMENT })));
    try {
      await ledger.deploy(ruleset, "test");
      // D-2's posting fails on each delivery: the worker dead-letters it on the last, with the reason
      const failing: Ledger = Object.assign(Object.create(ledger) as Ledger, {
        post: (input: { claim: { id: string } }, options: unknown) =>
          input.claim.id === "D-2" ? Promise.reject(new Error("the database went away")) : ledger.post(input as never, options as never),
      });
      const first = `d${stamp}`;
      await submit(admin, records(["D-1", "D-2", "D-3"]), { batch: first, partitions: 2, ackWaitMs: 1000, maxDeliver: 2, source: "test" });
      await work(first, failing, null);
      expect(await batchStatus(admin, first)).toMatchObject({ complete: true, done: 3, dead: 1 });
      const results = await batchResults(admin, first);
      expect(results.dead).toEqual([{ line: 2, partition: partitionOf('"D-2-M"', 2), reason: "the database went away", deliveries: 2 }]);
      expect(results.lines.map((l) => JSON.parse(l).claimId ?? JSON.parse(l).error.issues[0].message)).toEqual([
        "D-1",
        "dead-lettered after 2 deliveries: the database went away",
        "D-3",
      ]);
      expect(results.summary.toJson()).toMatchObject({ records: 3, claims: 2, errors: 1 });
      const cli = edict(["batch", "results", "--nats", url, first]);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain(`dead-lettered: 1\n  line 2 (partition ${partitionOf('"D-2-M"', 2)}, 2 deliveries): the database went away`);

      // every delivery of E-1 (line 1) goes to a worker that dies: the server gives up after two
      // (one partition, so E-2 waits for E-1 and never sits with a dying worker)
      const second = `e${stamp}`;
      await submit(admin, records(["E-1", "E-2"]), { batch: second, partitions: 1, ackWaitMs: 1000, maxDeliver: 2, source: "test" });
      await work(second, ledger, 1);
      expect(await batchStatus(admin, second)).toMatchObject({ complete: true, done: 2, dead: 1 });
      expect((await batchResults(admin, second)).dead).toEqual([
        { line: 1, partition: 0, reason: "every delivery went to a worker that stopped before finishing it", deliveries: 2 },
      ]);
      expect([...(await ledger.postingCounts()).keys()].sort()).toEqual(["D-1", "D-3", "E-2"]);
    } finally {
      await admin.close();
      await ledger.close();
    }
  }, 120_000);
});

describe("edict batch status | results refusals", () => {
  it("names an unknown batch, an unreachable server, and a batch not yet complete", async () => {
    const url = natsUrl();
    const unknown = edict(["batch", "status", "--nats", url, "no-such-batch"]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("no batch no-such-batch on this NATS server");
    const down = edict(["batch", "status", "--nats", "nats://127.0.0.1:1", "x"]);
    expect(down.code).toBe(4);
    expect(down.stderr).toContain("cannot connect to NATS at nats://127.0.0.1:1");
    const admin = await connectJetStream(url, "test");
    const batch = `w${Date.now().toString(36)}`;
    try {
      await submit(admin, inProcessingOrder([JSON.stringify({ claim: visit("W-1", "WM", day(1)), context: ENROLLMENT })]), { batch, source: "test" });
    } finally {
      await admin.close();
    }
    const waiting = edict(["batch", "results", "--nats", url, batch]);
    expect(waiting.code).toBe(2);
    expect(waiting.stderr).toContain(`batch ${batch} is not complete: 0 of 1 records done`);
    const status = edict(["batch", "status", "--nats", url, "--format", "json", batch]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ done: 0, complete: false, meta: { total: 1, partitions: 16, state: "submitted" } });
    const again = edict(["submit", "--nats", url, "--batch", batch, "examples/claims/01-office-visit-in-network/claim.json"]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain(`a batch ${batch} exists already`);
    const badId = edict(["submit", "--nats", url, "--batch", "a.b", "examples/claims/01-office-visit-in-network/claim.json"]);
    expect(badId.code).toBe(3);
    expect(badId.stderr).toContain('a batch id is 1 to 64 letters, digits, "-" or "_", not "a.b"');
  }, 60_000);
});
