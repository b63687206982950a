// `npm run bench:distributed`: a batch through NATS JetStream with 1, 2 and 4 `edict worker`
// processes (the built CLI) on one PostgreSQL ledger, one worker killed with SIGKILL half way and
// replaced at once. Starts a throwaway nats-server (JetStream) and PostgreSQL cluster (fsync on),
// generates the batch (bench/ledger-batch.ts), runs single-process `edict adjudicate` on it once,
// then for each worker count: a fresh ledger database, `edict submit`, the workers, and
// `edict batch results`; checks the results equal the single-process run's (sorted by claim id)
// and that every claim was posted once. Prints the figures with the load average and writes
// bench/DISTRIBUTED.md.
//
//   npm run bench:distributed -- [--count 100000] [--seed 20261201] [--partitions 16] [--workers 1,2,4] [--ack-wait 5]
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { ledgerBatch } from "./ledger-batch.js";
import { intArg, parseArgs } from "./rng.js";
import { startPostgres } from "../scripts/postgres-cluster.js";
import { startNats } from "../scripts/nats-server.js";
import { batchStatus, connectJetStream } from "../src/distributed/index.js";

const args = parseArgs(process.argv.slice(2));
const COUNT = intArg(args, "count", 100_000);
const SEED = intArg(args, "seed", 20261201);
const PARTITIONS = intArg(args, "partitions", 16);
const ACK_WAIT = intArg(args, "ack-wait", 5);
const WORKERS = (args.get("workers") ?? "1,2,4").split(",").map(Number);

interface Row {
  workers: number;
  submitSeconds: number;
  /** first result to last */
  runSeconds: number;
  claimsPerSecond: number;
  killedAtDone: number;
  replayed: number;
  identical: boolean;
  postedOnce: boolean;
  load: [number, number];
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function edict(argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync("node", ["bin/edict.js", ...argv], { encoding: "utf8", maxBuffer: 1 << 30 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function worker(nats: string, database: string, batch: string): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(
    "node",
    ["bin/edict.js", "worker", "--nats", nats, "--database", database, "--rules", "rules/demo-ppo", "--batch", batch, "--exit-when-done"],
    {
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  let stdout = "";
  child.stdout!.on("data", (c) => (stdout += String(c)));
  return { child, done: new Promise((resolve) => child.once("exit", () => resolve(stdout))) };
}

function sortedById(path: string): string {
  const key = (l: string) => {
    const o = JSON.parse(l) as { claimId?: string; error?: { claimId?: string } };
    return o.claimId ?? o.error?.claimId ?? "";
  };
  return readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => [key(l), l] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, l]) => l)
    .join("\n");
}

async function newDatabase(base: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  return base.replace(/\/[^/]*$/, `/${name}`);
}

async function run(): Promise<void> {
  const started = loadavg();
  const dir = mkdtempSync(join(tmpdir(), "edict-bench-distributed-"));
  const nats = await startNats();
  const cluster = await startPostgres({ fsync: true });
  const rows: Row[] = [];
  let single = 0;
  try {
    const input = join(dir, "claims.ndjson");
    const fd = openSync(input, "w");
    for (const line of ledgerBatch(SEED, COUNT)) writeSync(fd, `${line}\n`);
    closeSync(fd);
    console.log(`generated ${COUNT} claims`);

    const t0 = process.hrtime.bigint();
    const reference = join(dir, "single.ndjson");
    const s = edict(["adjudicate", "--rules", "rules/demo-ppo", "--output", reference, input]);
    if (s.code !== 0) throw new Error(`edict adjudicate failed: ${s.stderr}`);
    single = seconds(t0);
    const expected = sortedById(reference);
    console.log(`single-process edict adjudicate: ${single.toFixed(1)} s, ${(COUNT / single).toFixed(0)} claims/s`);

    const conn = await connectJetStream(nats.url, "bench");
    try {
      for (const n of WORKERS) {
        const database = await newDatabase(cluster.url, `bench_w${n}`);
        const batch = `bench${n}w${Date.now().toString(36)}`;
        const before = loadavg()[0]!;
        const ts = process.hrtime.bigint();
        const sub = edict(["submit", "--nats", nats.url, "--batch", batch, "--partitions", String(PARTITIONS), "--ack-wait", String(ACK_WAIT), input]);
        if (sub.code !== 0) throw new Error(`edict submit failed: ${sub.stderr}`);
        const submitSeconds = seconds(ts);
        const workers = Array.from({ length: n }, () => worker(nats.url, database, batch));
        let killedAtDone = 0;
        for (;;) {
          const st = await batchStatus(conn, batch);
          if (st.done >= COUNT / 2) {
            killedAtDone = st.done;
            break;
          }
          await sleep(500);
        }
        workers[0]!.child.kill("SIGKILL");
        await workers[0]!.done;
        workers.push(worker(nats.url, database, batch));
        const outputs = await Promise.all(workers.slice(1).map((w) => w.done));
        const status = await batchStatus(conn, batch);
        const results = join(dir, `results-${n}.ndjson`);
        const r = edict(["batch", "results", "--nats", nats.url, "--output", results, batch]);
        const identical = r.code === 0 && sortedById(results) === expected;
        const c = new pg.Client({ connectionString: database });
        await c.connect();
        const counts = await c.query<{ n: number; distinct: number }>("select count(*)::int as n, count(distinct claim_id)::int as distinct from postings");
        await c.end();
        const postedOnce = counts.rows[0]!.n === COUNT && counts.rows[0]!.distinct === COUNT;
        const replayed = outputs.reduce((sum, o) => sum + (o.trim() ? (JSON.parse(o) as { replayed: number }).replayed : 0), 0);
        const row: Row = {
          workers: n,
          submitSeconds,
          runSeconds: status.elapsedSeconds ?? 0,
          claimsPerSecond: status.claimsPerSecond ?? 0,
          killedAtDone,
          replayed,
          identical,
          postedOnce,
          load: [before, loadavg()[0]!],
        };
        rows.push(row);
        console.log(
          `${n} worker(s): submit ${submitSeconds.toFixed(1)} s; run ${row.runSeconds.toFixed(1)} s, ${row.claimsPerSecond.toFixed(0)} claims/s; killed at ${killedAtDone}; replayed ${replayed}; identical ${identical}; posted once ${postedOnce}; load ${row.load.map((l) => l.toFixed(2)).join(" → ")}`,
        );
      }
    } finally {
      await conn.close();
    }
  } finally {
    nats.stop();
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync("bench/DISTRIBUTED.md", report(rows, started, single));
  console.log("wrote bench/DISTRIBUTED.md");
}

function report(rows: Row[], started: number[], single: number): string {
  const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
  const lines = [
    "# Distributed batch: workers on NATS JetStream",
    "",
    "Written by `npm run bench:distributed` (bench/distributed.ts). A batch of generated demo-ppo",
    "claims (bench/ledger-batch.ts: each member's records carry the member's one enrollment, as of",
    "the claim's received date) is submitted to a throwaway nats-server with JetStream, and",
    "`edict worker` processes (the built CLI) post it through one PostgreSQL ledger (a throwaway",
    "cluster, fsync on). Half way through, the first worker is killed with SIGKILL and a new one",
    "started; the figures include the wait for its claims (the ack wait). Every run is checked:",
    "results sorted by claim id byte-identical to single-process `edict adjudicate`, and every",
    "claim posted exactly once.",
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}.`,
    `Load average (1, 5, 15 min) when the run started: ${started.map((l) => l.toFixed(2)).join(", ")} — the machine is shared: nats-server,`,
    "PostgreSQL, the workers and other people's work all run on these cores.",
    "",
    `Claims: ${f0(COUNT)}; partitions: ${PARTITIONS}; ack wait: ${ACK_WAIT} s. Single-process \`edict adjudicate\` (no ledger) on the same file:`,
    `${single.toFixed(1)} s, ${f0(COUNT / single)} claims/s.`,
    "",
    "| worker processes | submit s | run s (first result to last) | claims/s | killed at (done) | replayed after the kill | identical to adjudicate | each claim posted once | load average (1 min) |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.workers} | ${r.submitSeconds.toFixed(1)} | ${r.runSeconds.toFixed(1)} | ${f0(r.claimsPerSecond)} | ${f0(r.killedAtDone)} | ${r.replayed} | ${r.identical ? "yes" : "NO"} | ${r.postedOnce ? "yes" : "NO"} | ${r.load.map((l) => l.toFixed(2)).join(" → ")} |`,
    ),
    "",
    "Command:",
    "",
    "```sh",
    `npm run bench:distributed -- --count ${COUNT} --seed ${SEED} --partitions ${PARTITIONS} --workers ${WORKERS.join(",")} --ack-wait ${ACK_WAIT}`,
    "```",
    "",
  ];
  return lines.join("\n");
}

await run();
