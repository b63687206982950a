// `npm run bench:service`: the HTTP service under load. Starts `edict serve` (the built CLI,
// demo-ppo) on a PGlite folder and on a throwaway PostgreSQL cluster in turn, and drives
// POST /v1/adjudicate (stateless) and POST /v1/claims (posting to the ledger: every request a new
// claim) with autocannon at concurrency 1, 16 and 64; prints requests/s, p50 and p99 latency and
// the load average, and writes bench/SERVICE.md. Options: --duration <seconds per run> (default 8),
// --seed N. Claims come from bench/gen-claims.ts (the shipped tables); the first claim of a member
// carries its context, which enrolls the member.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { iterateClaims, type ClaimRecord } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";
import { intArg, parseArgs } from "./rng.js";
import { startPostgres } from "../scripts/postgres-cluster.js";

const args = parseArgs(process.argv.slice(2));
const DURATION = intArg(args, "duration", 8);
const SEED = intArg(args, "seed", 20261201);
const CONCURRENCY = [1, 16, 64];
const ENDPOINTS = ["/v1/adjudicate", "/v1/claims"] as const;

interface Row {
  backend: string;
  endpoint: string;
  concurrency: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
  load: [number, number];
}

function serve(database: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn("node", ["bin/edict.js", "serve", "--rules", "rules/demo-ppo", "--database", database, "--port", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (chunk) => {
      stderr += String(chunk);
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) resolve({ child, base: m[1]! });
    });
    child.once("exit", (code) => reject(new Error(`edict serve exited (${code}):\n${stderr}`)));
  });
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

/** an endless supply of generated claims with contexts, each claim id used once */
function claimSource(prefix: string): () => ClaimRecord {
  const tables = loadPackTables("rules/demo-ppo");
  let batch = 0;
  let records: Generator<ClaimRecord> = iterateClaims(SEED, 1_000_000, tables);
  let n = 0;
  return () => {
    let next = records.next();
    if (next.done) {
      records = iterateClaims(SEED + ++batch, 1_000_000, tables);
      next = records.next();
    }
    const record = next.value as ClaimRecord;
    return { claim: { ...record.claim, id: `${prefix}-${n++}` }, context: record.context };
  };
}

async function measure(backend: string, base: string, endpoint: (typeof ENDPOINTS)[number], concurrency: number, next: () => ClaimRecord): Promise<Row> {
  const before = loadavg()[0]!;
  const result = await autocannon({
    url: `${base}${endpoint}`,
    connections: concurrency,
    duration: DURATION,
    method: "POST",
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (request) => {
          request.body = JSON.stringify(next());
          return request;
        },
      },
    ],
  });
  const row: Row = {
    backend,
    endpoint,
    concurrency,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failed: result.non2xx + result.errors + result.timeouts,
    load: [before, loadavg()[0]!],
  };
  console.log(
    `${backend.padEnd(10)} ${endpoint.padEnd(15)} c=${String(concurrency).padStart(2)}  ${row.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  (${row.requests} requests, ${row.failed} failed; load ${row.load.map((l) => l.toFixed(2)).join(" → ")})`,
  );
  return row;
}

async function run(): Promise<void> {
  const rows: Row[] = [];
  const started = loadavg();
  const dir = mkdtempSync(join(tmpdir(), "edict-bench-service-"));
  const cluster = await startPostgres({ fsync: true });
  try {
    for (const [backend, database] of [
      ["PGlite", join(dir, "ledger")],
      ["PostgreSQL", cluster.url],
    ] as const) {
      const { child, base } = await serve(database);
      try {
        for (const endpoint of ENDPOINTS) {
          const next = claimSource(`${backend}-${endpoint.slice(4)}`);
          for (const c of CONCURRENCY) rows.push(await measure(backend, base, endpoint, c, next));
        }
      } finally {
        await stopped(child);
      }
    }
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync("bench/SERVICE.md", report(rows, started));
  console.log("wrote bench/SERVICE.md");
}

function report(rows: Row[], started: number[]): string {
  const cell = (backend: string, endpoint: string, c: number) => rows.find((r) => r.backend === backend && r.endpoint === endpoint && r.concurrency === c)!;
  const lines = [
    "# The service under load",
    "",
    "Written by `npm run bench:service` (bench/service.ts). Each run drives `edict serve` (the built",
    `CLI, rules/demo-ppo, pino logs on) with autocannon for ${DURATION} s at the given concurrency (connections),`,
    "every request a different generated claim with its context (bench/gen-claims.ts): `POST /v1/adjudicate`",
    "adjudicates it statelessly; `POST /v1/claims` posts it to the ledger (the member's row locked, the",
    "context built from the ledger, the result, trace and effect stored, in one transaction).",
    "PGlite is a folder on the local disk; PostgreSQL is Debian's, a throwaway cluster on loopback with",
    "fsync on and default settings (the service's pool: 10 connections). The load generator, the",
    "service and PostgreSQL share the machine.",
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}.`,
    `Load average (1, 5, 15 min) when the run started: ${started.map((l) => l.toFixed(2)).join(", ")} — the machine is shared, so the figures`,
    "are those of a busy 2-core box, not of a quiet server.",
    "",
    "| endpoint | concurrency | PGlite req/s | PGlite p50 / p99 ms | PostgreSQL req/s | PostgreSQL p50 / p99 ms | load average (1 min) during |",
    "|---|---:|---:|---:|---:|---:|---|",
  ];
  for (const endpoint of ENDPOINTS) {
    for (const c of CONCURRENCY) {
      const a = cell("PGlite", endpoint, c);
      const b = cell("PostgreSQL", endpoint, c);
      const failed = a.failed + b.failed ? ` (${a.failed} / ${b.failed} failed)` : "";
      lines.push(
        `| \`${endpoint}\` | ${c} | ${a.requestsPerSecond.toFixed(0)} | ${a.p50} / ${a.p99} | ${b.requestsPerSecond.toFixed(0)} | ${b.p50} / ${b.p99} | ${a.load[0].toFixed(1)}–${a.load[1].toFixed(1)} / ${b.load[0].toFixed(1)}–${b.load[1].toFixed(1)}${failed} |`,
      );
    }
  }
  lines.push(
    "",
    "How to read it: `/v1/adjudicate` never touches the ledger, so its two columns measure the same",
    "code and differ only by what else the machine was doing. A posting adjudicates with the trace on",
    "(the ledger keeps it), reads the member's state in one statement and writes the posting and its",
    "effect in another. PGlite runs every statement in one WebAssembly session on the server's own",
    "thread: postings are serial and share that thread with HTTP and adjudication, so more clients",
    "only queue (p99 grows with concurrency). PostgreSQL runs them in its own processes, up to the",
    "pool's 10 connections at once; members are locked one at a time, so different members' postings",
    "go on together.",
  );
  lines.push("", "Command:", "", "```sh", `npm run bench:service -- --duration ${DURATION} --seed ${SEED}`, "```", "");
  return lines.join("\n");
}

await run();
