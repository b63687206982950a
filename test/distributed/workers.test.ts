// A batch through NATS JetStream with three `edict worker` processes on one PostgreSQL ledger:
// one killed with SIGKILL half way, one started late. Its results, sorted by claim id, are
// byte-identical to single-process `edict adjudicate` on the same file; every claim is posted
// exactly once; and each member's accumulators equal those of a serial run posting the same
// records one by one in processing order.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { batchStatus, connectJetStream } from "../../src/distributed/index.js";
import { Ledger } from "../../src/ledger/index.js";
import { loadRules } from "../../src/cli/support.js";
import { newPostgresDatabase } from "../ledger/support.js";
import { edict } from "../cli/installed.js";
import { writeLines } from "../cli/batch-support.js";
import { tempDir } from "../support/temp.js";
import { byClaimId, inProcessingOrder, ledgerLines, natsUrl, sleep } from "./support.js";

const dir = tempDir("edict-distributed-");
const CLAIMS = 600;

function worker(
  nats: string,
  database: string,
  batch: string,
): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(
    "node",
    ["bin/edict.js", "worker", "--nats", nats, "--database", database, "--rules", "rules/demo-ppo", "--batch", batch, "--exit-when-done"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c) => (stdout += String(c)));
  child.stderr!.on("data", (c) => (stderr += String(c)));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

describe("edict submit, edict worker ×3 (one killed, one late), edict batch results", () => {
  it("gives the single-process batch's results and a serial run's ledger, posting each claim once", async () => {
    const nats = natsUrl();
    const lines = ledgerLines(20261201, CLAIMS);
    const input = join(dir, "claims.ndjson");
    writeLines(input, lines);
    const database = await newPostgresDatabase();
    const batch = `t${Date.now().toString(36)}`;

    const submitted = edict(["submit", "--nats", nats, "--batch", batch, "--partitions", "8", "--ack-wait", "2", input]);
    expect(submitted.stderr).toContain(`batch ${batch}: ${CLAIMS} records in 8 partitions`);
    expect(submitted.code).toBe(0);
    expect(submitted.stdout).toBe(`${batch}\n`);

    const conn = await connectJetStream(nats, "test");
    const a = worker(nats, database, batch);
    const b = worker(nats, database, batch);
    let c: ReturnType<typeof worker> | null = null;
    try {
      // A dies half way; C starts once it has
      for (;;) {
        const s = await batchStatus(conn, batch);
        if (s.done >= CLAIMS / 2) break;
        await sleep(100);
      }
      a.child.kill("SIGKILL");
      const killed = await a.done;
      expect(killed.signal).toBe("SIGKILL");
      c = worker(nats, database, batch);
      const [rb, rc] = await Promise.all([b.done, c.done]);
      expect(rb.code, rb.stderr).toBe(0);
      expect(rc.code, rc.stderr).toBe(0);
      // C, started late, did part of the work
      expect(JSON.parse(rc.stdout).published).toBeGreaterThan(0);
      const status = await batchStatus(conn, batch);
      expect(status).toMatchObject({ complete: true, done: CLAIMS, dead: 0 });
      expect(status.partitions.every((p) => p.pending === 0 && p.inFlight === 0)).toBe(true);
    } finally {
      for (const w of [a, b, c]) if (w && w.child.exitCode === null) w.child.kill("SIGKILL");
      await conn.close();
    }

    const results = join(dir, "results.ndjson");
    const r = edict(["batch", "results", "--nats", nats, "--output", results, batch]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const single = join(dir, "single.ndjson");
    const s = edict(["adjudicate", "--rules", "rules/demo-ppo", "--output", single, input]);
    expect(s.code).toBe(0);
    // the same summary, and the same lines
    expect(r.stdout).toBe(s.stdout);
    const distributed = readFileSync(results, "utf8");
    expect(distributed.split("\n").length - 1).toBe(CLAIMS);
    // in input order
    expect(
      distributed
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l).line),
    ).toEqual(lines.map((_, i) => i + 1));
    expect(byClaimId(distributed)).toBe(byClaimId(readFileSync(single, "utf8")));

    // the ledger: each claim posted once; accumulators as a serial run's
    const ledger = await Ledger.open(database);
    const serial = await Ledger.open(await newPostgresDatabase());
    try {
      const counts = await ledger.postingCounts();
      expect(counts.size).toBe(CLAIMS);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      await serial.deploy(
        loadRules("rules/demo-ppo", () => undefined),
        "test",
      );
      for (const record of inProcessingOrder(lines)) {
        const { claim, context } = JSON.parse(record.text);
        expect((await serial.post({ claim, context })).ok).toBe(true);
      }
      const members = [...new Set(lines.map((l) => JSON.parse(l).claim.member.id as string))].sort();
      for (const m of members) expect(await ledger.accumulators(m), m).toEqual(await serial.accumulators(m));
    } finally {
      await ledger.close();
      await serial.close();
    }
  }, 240_000);
});
