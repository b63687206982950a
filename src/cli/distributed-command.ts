// `edict submit`, `edict worker`, `edict batch status` and `edict batch results`: a batch run
// across machines on NATS JetStream, with the member ledger as the single source of member state
// (src/distributed; docs/SCALING.md). `submit` reads the claims (NDJSON, an X12 837 or a FHIR
// Bundle), puts them in the batch's processing order (src/batch/order.ts: an external sort for
// NDJSON, as `edict adjudicate` does) and publishes them to partitions by member; workers post
// them through the ledger; `batch results` writes the output in input order with the batch summary.
import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { compareKeys, sortKeyOf } from "../batch/order.js";
import { parseJsonText } from "../model/json.js";
import { DEFAULTS, MAX_PARTITIONS } from "../distributed/partition.js";
import type { BatchStatus, Connection, SubmitRecord } from "../distributed/index.js";
import { duration, thousands } from "../batch/summary.js";
import type { BodyItem } from "../service/readers.js";
import { defineCommand, type OptionSpec } from "./args.js";
import { sortBatch } from "./batch-io.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { DATABASE_OPTION, RULES_OPTION, activeRules, openLedger } from "./ledger-support.js";
import { NO_CACHE_OPTION, isNdjson, readJsonFile, readText } from "./support.js";
import { readProviders } from "./x12-command.js";

const NATS_OPTION = {
  type: "string",
  value: "<url>",
  help: "the NATS server with JetStream, e.g. nats://127.0.0.1:4222",
} as const satisfies OptionSpec;

/** src/distributed, loaded when a command runs: the NATS client takes ~100 ms to load, which every other command would pay */
const distributed = () => import("../distributed/index.js");

async function connectTo(url: string | undefined, name: string): Promise<Connection> {
  if (!url) throw usageError("say which NATS server: --nats <url>");
  const { connectJetStream } = await distributed();
  try {
    return await connectJetStream(url, name);
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.io);
  }
}

function wholeNumber(text: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${flag} is a whole number from ${min} to ${max}, not ${text}`);
  return n;
}

const isX12 = (path: string): boolean => /\.(837|x12|edi)$/i.test(path);

/** a record without a context of its own takes --context: { "claim": …, "context": … } */
function withContext(text: string, context: unknown): string {
  const parsed = parseJsonText(text);
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value) || Object.hasOwn(parsed.value, "claim"))
    return text;
  return JSON.stringify({ claim: parsed.value, context });
}

/** the records of an 837 or a FHIR file, in processing order; an unreadable claim becomes its error line */
function itemRecords(items: BodyItem[], context: unknown): SubmitRecord[] {
  const records = items.map((item, i): SubmitRecord & { day: number } => {
    const line = i + 1;
    if (!item.ok) {
      const error = { line, ...(item.claimId ? { claimId: item.claimId } : {}), issues: item.issues };
      return { member: "", day: 0, line, text: JSON.stringify({ error }), error: true };
    }
    const ctx = item.context ?? context;
    const text = JSON.stringify(ctx === undefined ? item.claim : { claim: item.claim, context: ctx });
    return { ...sortKeyOf(text, line), text };
  });
  return records.sort(compareKeys).map(({ day: _, ...r }) => r);
}

export const submitCommand = defineCommand({
  name: "submit",
  summary: "publish a batch to NATS JetStream, partitioned by member, for edict worker",
  usage: [
    "--nats <url> [--batch <id>] [--partitions N] [--context <file>] [--providers <csv>] [--ack-wait <seconds>] [--max-deliver N] <claims.ndjson | claims.837 | Bundle.json>",
  ],
  options: {
    nats: NATS_OPTION,
    batch: { type: "string", value: "<id>", help: "the batch id (letters, digits, - and _); default: a new random one" },
    partitions: { type: "string", value: "N", help: `partitions (each worked one claim at a time; default ${DEFAULTS.partitions})` },
    context: { type: "string", value: "<file>", help: "the context of records without one (it enrolls members the ledger does not know)" },
    providers: { type: "string", value: "<csv>", help: "X12 837 files: the provider directory, a CSV npi,network" },
    "ack-wait": {
      type: "string",
      value: "<seconds>",
      help: `how long a worker may go silent on a claim before another takes it (default ${DEFAULTS.ackWaitMs / 1000})`,
    },
    "max-deliver": { type: "string", value: "N", help: `deliveries of one claim before it is dead-lettered (default ${DEFAULTS.maxDeliver})` },
  },
  notes: `Each claim goes to partition FNV-1a(member id) mod N (docs/SCALING.md), in the order a
single-process batch decides it (members by id, each member's claims by first date of service,
then input line). Prints the batch id on stdout; the batch, its counts and settings are kept in
the NATS key-value bucket edict_batches.`,
  async run({ values, operands }, { out, err }) {
    if (operands.length !== 1) throw usageError("submit one file: claims.ndjson, an X12 837, or a FHIR Bundle (.json)");
    const input = operands[0]!;
    if (!existsSync(input)) throw new CliError(`no such file: ${input}`, EXIT.io);
    const partitions = wholeNumber(values.partitions, "--partitions", 1, MAX_PARTITIONS);
    const ackWait = wholeNumber(values["ack-wait"], "--ack-wait", 1, 3600);
    const maxDeliver = wholeNumber(values["max-deliver"], "--max-deliver", 1, 100);
    const context = values.context === undefined ? undefined : readJsonFile(values.context);
    // loaded here, not with the CLI: the X12 reader's guide maps (~1 MB of text) stay out of every other command's start-up
    const { fhirReader, jsonReader, x12Reader } = await import("../service/readers.js");
    let records: Iterable<SubmitRecord>;
    let dispose: () => void = () => undefined;
    if (isNdjson(input)) {
      const sorted = sortBatch(input);
      dispose = () => sorted.dispose();
      const all = sorted.open();
      records = (function* () {
        try {
          for (const r of all) yield { member: r.member, line: r.line, text: context === undefined ? r.text : withContext(r.text, context) };
        } finally {
          all.close();
        }
      })();
    } else if (isX12(input)) {
      const network = values.providers === undefined ? undefined : readProviders(values.providers);
      records = itemRecords(x12Reader.read(readText(input), network ? { network } : {}).items, context);
    } else {
      const json = readJsonFile(input);
      const isFhir = typeof json === "object" && json !== null && typeof (json as { resourceType?: unknown }).resourceType === "string";
      records = itemRecords((isFhir ? fhirReader : jsonReader).read(json).items, context);
    }
    const conn = await connectTo(values.nats, "edict submit");
    const { submit } = await distributed();
    try {
      const meta = await submit(conn, records, {
        source: input,
        ...(values.batch !== undefined ? { batch: values.batch } : {}),
        ...(partitions !== undefined ? { partitions } : {}),
        ...(ackWait !== undefined ? { ackWaitMs: ackWait * 1000 } : {}),
        ...(maxDeliver !== undefined ? { maxDeliver } : {}),
      }).catch((e: Error) => {
        throw e instanceof CliError ? e : new CliError(e.message, /batch id|partition count|exists already/.test(e.message) ? EXIT.usage : EXIT.io);
      });
      out(`${meta.id}\n`);
      err(`edict submit: batch ${meta.id}: ${thousands(meta.total)} records in ${meta.partitions} partitions`);
      return EXIT.ok;
    } finally {
      dispose();
      await conn.close();
    }
  },
});

export const workerCommand = defineCommand({
  name: "worker",
  summary: "post the claims of submitted batches through the ledger, from NATS JetStream",
  usage: ["--nats <url> [--database <url | folder | memory>] [--rules <pack>] [--batch <id>] [--exit-when-done]"],
  options: {
    nats: NATS_OPTION,
    database: DATABASE_OPTION,
    rules: RULES_OPTION,
    "no-cache": NO_CACHE_OPTION,
    batch: { type: "string", value: "<id>", help: "work only this batch" },
    "exit-when-done": { type: "boolean", help: "stop once the batches it found (or --batch) are complete, instead of waiting for more" },
  },
  notes: `Any number of workers, on any number of machines, share the partitions of every batch; each
partition hands out one claim at a time. A claim is posted through the ledger (idempotent by
claim id), its result published, and only then acknowledged; a worker that dies has its claim
taken by another after the ack wait, and the ledger answers a claim it already posted with the
stored response. Several workers need one PostgreSQL ledger (--database postgres://…).
SIGTERM or Ctrl-C stops taking claims and finishes the ones held.`,
  async run({ values, operands }, { out, err }) {
    if (operands.length) throw usageError(`edict worker takes no arguments (got ${operands[0]})`);
    const conn = await connectTo(values.nats, "edict worker");
    const { DistributedWorker } = await distributed();
    let ledger: Awaited<ReturnType<typeof openLedger>> | null = null;
    try {
      ledger = await openLedger(values.database);
      const ruleset = await activeRules(ledger, values.rules, err, "edict worker", values["no-cache"] === true);
      const worker = new DistributedWorker(conn, ledger, ruleset, {
        ...(values.batch !== undefined ? { batch: values.batch } : {}),
        exitWhenDone: values["exit-when-done"],
        log: (line) => err(`edict worker: ${line}`),
      });
      const stop = () => worker.stop();
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      err(`edict worker: ready (process ${process.pid}, rules ${ruleset.name} ${ruleset.hash.slice(0, 12)})`);
      const stats = await worker.run();
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      out(`${JSON.stringify({ published: stats.published, replayed: stats.replayed, dead: stats.dead, retried: stats.retried })}\n`);
      return EXIT.ok;
    } finally {
      await ledger?.close();
      await conn.close();
    }
  },
});

function statusText(s: BatchStatus): string {
  const m = s.meta;
  const lines = [
    `batch ${m.id} (${m.source}, ${m.state}): ${thousands(s.done)} of ${thousands(m.total)} records done (${m.total ? ((s.done * 100) / m.total).toFixed(1) : "0.0"}%), ${thousands(s.dead)} dead-lettered${s.complete ? ", complete" : ""}`,
    s.claimsPerSecond === null
      ? "no results yet"
      : `${thousands(Math.round(s.claimsPerSecond))} claims/s over ${duration(s.elapsedSeconds ?? 0)}${s.complete ? "" : `, ETA ${s.etaSeconds === null ? "--" : duration(s.etaSeconds)}`}`,
    "partition   claims     done  lag (waiting + in flight)",
  ];
  for (const p of s.partitions)
    lines.push(`${String(p.partition).padStart(9)} ${thousands(p.claims).padStart(8)} ${thousands(p.done).padStart(8)}  ${thousands(p.pending + p.inFlight)}`);
  return `${lines.join("\n")}\n`;
}

async function statusOrExit(conn: Connection, batch: string): Promise<BatchStatus> {
  const { batchStatus, UnknownBatch } = await distributed();
  try {
    return await batchStatus(conn, batch);
  } catch (e) {
    if (e instanceof UnknownBatch) throw usageError(e.message);
    throw new CliError(`cannot read batch ${batch}: ${(e as Error).message}`, EXIT.io);
  }
}

export const batchStatusCommand = defineCommand({
  name: "batch status",
  summary: "progress of a batch submitted to NATS: claims/s, lag per partition, ETA",
  usage: ["--nats <url> [--format text|json] <batch id>"],
  options: {
    nats: NATS_OPTION,
    format: { type: "string", choices: ["text", "json"], default: "text", help: "text for people, json for programs" },
  },
  async run({ values, operands }, { out }) {
    if (operands.length !== 1) throw usageError("say which batch: edict batch status --nats <url> <batch id>");
    const conn = await connectTo(values.nats, "edict batch status");
    try {
      const s = await statusOrExit(conn, operands[0]!);
      out(values.format === "json" ? `${JSON.stringify(s, null, 2)}\n` : statusText(s));
      return EXIT.ok;
    } finally {
      await conn.close();
    }
  },
});

export const batchResultsCommand = defineCommand({
  name: "batch results",
  summary: "the results of a batch submitted to NATS, in input order, with the batch summary",
  usage: ["--nats <url> [--output <file>] [--summary-json <file>] [--wait] <batch id>"],
  options: {
    nats: NATS_OPTION,
    output: { type: "string", short: "o", value: "<file>", help: "write the results to <file> (NDJSON) instead of stdout" },
    "summary-json": { type: "string", value: "<file>", help: "also write the summary as JSON to <file>" },
    wait: { type: "boolean", help: "wait until the batch is complete (otherwise an incomplete batch is an error)" },
  },
  notes: `One NDJSON line per record in input order, as edict adjudicate writes a batch: the result
with line first and decidedBy last, or {"error": …}; a dead-lettered claim is an error line with
the reason. The summary (as a single-process batch prints it, then the dead letters) goes to
stderr, or to stdout when --output is given. Exit 2 when a record is malformed or dead-lettered.`,
  async run({ values, operands }, { out, err }) {
    if (operands.length !== 1) throw usageError("say which batch: edict batch results --nats <url> <batch id>");
    const batch = operands[0]!;
    const conn = await connectTo(values.nats, "edict batch results");
    try {
      for (;;) {
        const s = await statusOrExit(conn, batch);
        if (s.complete) break;
        if (!values.wait)
          throw new CliError(
            `batch ${batch} is not complete: ${thousands(s.done)} of ${thousands(s.meta.total)} records done (edict batch status shows progress; --wait waits)`,
            EXIT.badInput,
          );
        await new Promise((r) => setTimeout(r, 500));
      }
      const { batchResults } = await distributed();
      const r = await batchResults(conn, batch);
      const text = r.lines.map((l) => `${l}\n`).join("");
      if (values.output) {
        try {
          const fd = openSync(values.output, "w");
          writeSync(fd, text);
          closeSync(fd);
        } catch {
          throw new CliError(`cannot write ${values.output}`, EXIT.io);
        }
      } else out(text);
      let summary = r.summary.toText().trimEnd();
      if (r.dead.length) {
        summary += `\ndead-lettered: ${thousands(r.dead.length)}`;
        for (const d of r.dead) summary += `\n  line ${d.line} (partition ${d.partition}, ${d.deliveries} deliveries): ${d.reason}`;
      }
      if (values.output) out(`${summary}\n`);
      else for (const l of summary.split("\n")) err(l);
      if (values["summary-json"]) {
        try {
          const fd = openSync(values["summary-json"], "w");
          writeSync(fd, `${JSON.stringify({ ...r.summary.toJson(), deadLettered: r.dead }, null, 2)}\n`);
          closeSync(fd);
        } catch {
          throw new CliError(`cannot write ${values["summary-json"]}`, EXIT.io);
        }
      }
      return r.summary.errors > 0 ? EXIT.badInput : EXIT.ok;
    } finally {
      await conn.close();
    }
  },
});
