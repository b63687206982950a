// `npm run bench`: Edict at NCCI scale, measured in one run against json-rules-engine and a
// hand-written TypeScript baseline. Prints a table and writes bench/results.json and
// bench/RESULTS.md. Options: --claims N (default 100000), --seed N, --reference N, --jre N.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { Worker } from "node:worker_threads";
import { Engine } from "json-rules-engine";
import { loadPack, buildArtifact } from "../src/node/index.js";
import { parseClaim, parseContext, type Claim, type Context, type Result, type Ruleset } from "../src/index.js";
import { compiledEvaluator } from "../src/compile/evaluator.js";
import { exportJsonRulesEngine, jreFacts } from "../src/interop/json-rules-engine.js";
import { generateTables, type Sizes } from "./gen-tables.js";
import { generateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";
import { createBaseline } from "./baseline.js";
import { intArg, parseArgs } from "./rng.js";

const args = parseArgs(process.argv.slice(2));
const CLAIMS = intArg(args, "claims", 100_000);
const SEED = intArg(args, "seed", 20261123);
/** the seed of the generated tables: the default of npm run gen:tables */
const TABLE_SEED = intArg(args, "table-seed", 1);
const NCCI_SIZES: Sizes = { ptp: 2_000_000, mue: 15_000, diagnoses: 72_000, procedures: 12_000, sexAge: 2_000, necessity: 30_000, fees: 2_000 };
// the reference scans tables row by row (2,000,000 PTP rows): about a second a claim
const REFERENCE_CLAIMS = intArg(args, "reference", 50);
const JRE_CLAIMS = intArg(args, "jre", 2_000);
const PACK = "bench/generated/demo-ppo";
/** claims run before timing, as a long-running host would have */
const WARM_UP = 10_000;
const ARTIFACT = "bench/generated/demo-ppo.edict.bin";

const TARGETS = {
  artifactLoadMs: 1000,
  csvLoadMs: 5000,
  rssMB: 1024,
  claimsPerSecondTraceOff: 100_000,
  claimsPerSecondTraceOn: 25_000,
  p99Ms: 1,
  baselineRatioMax: 2,
  jreRatioMin: 1000,
};

const started = performance.now();
function log(line: string) {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
}

/** load in a fresh process, so its time and peak memory are its own */
function probeLoad(path: string): { loadMs: number; indexMs: number; rssMB: number; peakRssMB: number; rows: number; baseRssMB: number } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "bench/load-probe.ts", path], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`load probe failed for ${path}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!);
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Timing {
  claims: number;
  seconds: number;
  claimsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function timeEach<T>(items: T[], fn: (item: T) => unknown): Timing {
  const latencies = new Float64Array(items.length);
  const start = process.hrtime.bigint();
  for (let i = 0; i < items.length; i++) {
    const t0 = process.hrtime.bigint();
    fn(items[i]);
    latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort();
  return { claims: items.length, seconds, claimsPerSecond: items.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

function timeLoop<T>(items: T[], fn: (item: T) => unknown): { claims: number; seconds: number; claimsPerSecond: number } {
  const start = process.hrtime.bigint();
  for (let i = 0; i < items.length; i++) fn(items[i]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { claims: items.length, seconds, claimsPerSecond: items.length / seconds };
}

async function timeEachAsync<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<Timing> {
  const latencies = new Float64Array(items.length);
  const start = process.hrtime.bigint();
  for (let i = 0; i < items.length; i++) {
    const t0 = process.hrtime.bigint();
    await fn(items[i]);
    latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort();
  return { claims: items.length, seconds, claimsPerSecond: items.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** two threads, each with its own loaded artifact and half the claims; timed from "go" to the last "done" */
async function workersRun(count: number): Promise<{ seconds: number; claimsPerSecond: number }> {
  const workers = [0, 1].map(
    (part) =>
      new Worker(new URL("./bench-worker.mjs", import.meta.url), {
        workerData: { artifact: ARTIFACT, pack: PACK, seed: SEED, count, part, parts: 2 },
      }),
  );
  const next = (w: Worker) =>
    new Promise<{ ready?: boolean; claims?: number }>((resolve, reject) => {
      w.once("message", resolve);
      w.once("error", reject);
    });
  await Promise.all(workers.map(next));
  const start = process.hrtime.bigint();
  const done = Promise.all(workers.map(next));
  workers.forEach((w) => w.postMessage("go"));
  const finished = await done;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await Promise.all(workers.map((w) => w.terminate()));
  const claims = finished.reduce((n, d) => n + (d.claims ?? 0), 0);
  return { seconds, claimsPerSecond: claims / seconds };
}

async function main() {
  if (!existsSync(`${PACK}/plan.edict`)) {
    log(`generating NCCI-scale tables (as npm run gen:tables -- --seed ${TABLE_SEED}) …`);
    generateTables(TABLE_SEED, "bench/generated/cms-edits", PACK, NCCI_SIZES);
  }

  log("loading from CSV in a fresh process …");
  const csv = probeLoad(PACK);
  log("building the artifact …");
  const compiled = loadPack(PACK);
  if (!compiled.ok) throw new Error("the generated pack does not compile");
  writeFileSync(ARTIFACT, buildArtifact(compiled));
  log("loading from the artifact in a fresh process …");
  const artifact = probeLoad(ARTIFACT);

  const loaded = loadPack(ARTIFACT);
  if (!loaded.ok) throw new Error("the artifact does not load");
  const ruleset: Ruleset = loaded.ruleset;

  log(`generating ${CLAIMS} claims …`);
  const tables = loadPackTables(PACK);
  const records = generateClaims(SEED, CLAIMS, tables);
  const validationStart = process.hrtime.bigint();
  const inputs: Array<{ claim: Claim; context: Context }> = records.map((r, i) => {
    const claim = parseClaim(r.claim);
    const context = parseContext(r.context, { accumulators: ruleset.program.accumulators });
    if (!claim.ok || !context.ok) throw new Error(`generated claim ${i} is invalid: ${JSON.stringify(claim.ok ? context : claim)}`);
    return { claim: claim.claim, context: context.context };
  });
  const validationSeconds = Number(process.hrtime.bigint() - validationStart) / 1e9;

  // warm up the JIT on a slice, as a long-running host would be
  for (const input of inputs.slice(0, WARM_UP)) ruleset.adjudicateParsed(input.claim, input.context);

  log("compiled evaluator, trace off …");
  // timed runs keep no results (holding 100,000 of them would time the garbage collector);
  // the comparisons below run untimed
  const compiledOff = timeEach(inputs, (x) => ruleset.adjudicateParsed(x.claim, x.context));
  log("compiled evaluator, full trace …");
  const compiledOn = timeEach(inputs, (x) => ruleset.adjudicateParsed(x.claim, x.context, { trace: true }));
  log("compiled evaluator with input validation (zod) …");
  const withValidation = timeEach(records.slice(0, 20_000), (r) => ruleset.adjudicate(r.claim, r.context));

  log(`reference interpreter on ${REFERENCE_CLAIMS} claims …`);
  const referenceSample = inputs.slice(0, REFERENCE_CLAIMS);
  ruleset.adjudicateParsed(referenceSample[0].claim, referenceSample[0].context, { evaluator: "reference" }); // materialise rows once
  const referenceResults: Result[] = [];
  const reference = timeEach(referenceSample, (x) => referenceResults.push(ruleset.adjudicateParsed(x.claim, x.context, { evaluator: "reference" })));
  const referenceMismatches = referenceResults.filter((r, k) => JSON.stringify(r) !== JSON.stringify(ruleset.adjudicateParsed(referenceSample[k].claim, referenceSample[k].context))).length;

  log("hand-written TypeScript baseline …");
  const baseline = createBaseline(PACK, { tables, ruleset: { name: ruleset.name, version: ruleset.version, hash: ruleset.hash } });
  for (const input of inputs.slice(0, WARM_UP)) baseline(input.claim, input.context);
  const baselineTiming = timeEach(inputs, (x) => baseline(x.claim, x.context));
  let baselineMismatches = 0;
  const statusCounts: Record<string, number> = {};
  const reasonCounts: Record<string, number> = {};
  for (const x of inputs) {
    const result = ruleset.adjudicateParsed(x.claim, x.context);
    if (JSON.stringify(baseline(x.claim, x.context)) !== JSON.stringify(result)) baselineMismatches++;
    statusCounts[result.status] = (statusCounts[result.status] ?? 0) + 1;
    for (const line of result.lines) if (line.reason) reasonCounts[line.reason] = (reasonCounts[line.reason] ?? 0) + 1;
  }

  log(`json-rules-engine on ${JRE_CLAIMS} claims (the exported subset) …`);
  const exported = exportJsonRulesEngine(ruleset.program);
  const engine = new Engine(exported.rules as never[], { allowUndefinedFacts: true });
  const jreSample = inputs.slice(0, JRE_CLAIMS);
  const jreBenefits: Array<string | null> = [];
  const jre = await timeEachAsync(jreSample, async (x) => {
    for (const line of x.claim.lines) {
      const { events } = await engine.run(jreFacts(x.claim, line, x.context));
      jreBenefits.push((events.find((e) => e.type === "benefit")?.params?.benefit as string | undefined) ?? null);
    }
  });
  const evaluator = compiledEvaluator(ruleset.program);
  // agreement: the first benefit json-rules-engine fires is the one Edict picks, line by line
  const edictBenefits = jreSample.flatMap((x) => x.claim.lines.map((line) => evaluator.benefitFor(x.claim, line, x.context))).map((b) => (b ? `${b.pack}/${b.id}` : null));
  const jreDisagreements = edictBenefits.filter((b, k) => b !== jreBenefits[k]).length;
  // a plain loop: at well under a microsecond a claim, timing each claim would time the clock
  const benefitsOnly = (x: { claim: Claim; context: Context }) => {
    for (const line of x.claim.lines) evaluator.benefitFor(x.claim, line, x.context);
  };
  timeLoop(inputs.slice(0, WARM_UP), benefitsOnly);
  const subset = timeLoop(inputs, benefitsOnly);

  log("2 worker threads …");
  const workers = await workersRun(CLAIMS);

  const lines = inputs.reduce((n, x) => n + x.claim.lines.length, 0);
  const tableRows = ruleset.program.tables.reduce((n, t) => n + (t.columnar ? t.columnar.count : t.rows.length), 0);

  const report = {
    command: `npm run bench -- --claims ${CLAIMS} --seed ${SEED} --table-seed ${TABLE_SEED} --reference ${REFERENCE_CLAIMS} --jre ${JRE_CLAIMS}`,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
    workload: { claims: CLAIMS, lines, meanLinesPerClaim: lines / CLAIMS, tableRows, statusCounts, reasonCounts, exportedJreRules: exported.rules.length, refusedJreRules: exported.diagnostics.length },
    load: {
      csv: { ...csv, bytesPerRow: Math.round(((csv.rssMB - csv.baseRssMB) * 1e6) / csv.rows) },
      artifact: { ...artifact, bytesPerRow: Math.round(((artifact.rssMB - artifact.baseRssMB) * 1e6) / artifact.rows) },
    },
    validation: { seconds: validationSeconds, claimsPerSecond: CLAIMS / validationSeconds },
    compiled: { traceOff: compiledOff, fullTrace: compiledOn, withZodValidation: withValidation },
    reference: { ...reference, mismatchesWithCompiled: referenceMismatches },
    baseline: { ...baselineTiming, mismatchesWithCompiled: baselineMismatches },
    jsonRulesEngine: { subset: "the benefits (the only exported rules of demo-ppo + cms-edits)", ...jre, linesCompared: edictBenefits.length, disagreementsWithEdict: jreDisagreements, edictOnSameSubset: subset },
    workers: { threads: 2, ...workers },
    ratios: {
      compiledOverBaselineTime: baselineTiming.claimsPerSecond / compiledOff.claimsPerSecond,
      compiledOverJreOnSubset: subset.claimsPerSecond / jre.claimsPerSecond,
      compiledFullPipelineOverJreSubset: compiledOff.claimsPerSecond / jre.claimsPerSecond,
      compiledOverReference: compiledOff.claimsPerSecond / reference.claimsPerSecond,
      traceOffOverTraceOn: compiledOff.claimsPerSecond / compiledOn.claimsPerSecond,
      workersOverOneCore: workers.claimsPerSecond / compiledOff.claimsPerSecond,
    },
    targets: TARGETS,
  };
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/results.json", JSON.stringify(report, null, 2) + "\n");
  writeFileSync("bench/RESULTS.md", renderMarkdown(report));
  process.stdout.write(renderTable(report));
}

type Report = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
const f2 = (n: number) => n.toFixed(2);
const f3 = (n: number) => n.toFixed(3);
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

function rows(r: Report): Array<[string, string, string, string]> {
  const t = r.targets;
  return [
    ["load from CSV (tables + indexes)", `${f0(r.load.csv.loadMs + r.load.csv.indexMs)} ms`, `≤ ${t.csvLoadMs} ms`, verdict(r.load.csv.loadMs + r.load.csv.indexMs <= t.csvLoadMs)],
    ["load from artifact (tables + indexes)", `${f0(r.load.artifact.loadMs + r.load.artifact.indexMs)} ms`, `≤ ${t.artifactLoadMs} ms`, verdict(r.load.artifact.loadMs + r.load.artifact.indexMs <= t.artifactLoadMs)],
    ["peak RSS, CSV load", `${f0(r.load.csv.peakRssMB)} MB`, `≤ ${t.rssMB} MB`, verdict(r.load.csv.peakRssMB <= t.rssMB)],
    ["peak RSS, artifact load", `${f0(r.load.artifact.peakRssMB)} MB`, `≤ ${t.rssMB} MB`, verdict(r.load.artifact.peakRssMB <= t.rssMB)],
    ["memory per table row (CSV / artifact)", `${r.load.csv.bytesPerRow} / ${r.load.artifact.bytesPerRow} B`, "", ""],
    ["compiled, trace off", `${f0(r.compiled.traceOff.claimsPerSecond)} claims/s`, `≥ ${f0(t.claimsPerSecondTraceOff)}`, verdict(r.compiled.traceOff.claimsPerSecond >= t.claimsPerSecondTraceOff)],
    ["compiled, full trace", `${f0(r.compiled.fullTrace.claimsPerSecond)} claims/s`, `≥ ${f0(t.claimsPerSecondTraceOn)}`, verdict(r.compiled.fullTrace.claimsPerSecond >= t.claimsPerSecondTraceOn)],
    ["compiled p50 / p99 (trace off)", `${f3(r.compiled.traceOff.p50Ms)} / ${f3(r.compiled.traceOff.p99Ms)} ms`, `p99 ≤ ${t.p99Ms} ms`, verdict(r.compiled.traceOff.p99Ms <= t.p99Ms)],
    ["compiled p50 / p99 (full trace)", `${f3(r.compiled.fullTrace.p50Ms)} / ${f3(r.compiled.fullTrace.p99Ms)} ms`, "", ""],
    ["compiled incl. zod validation", `${f0(r.compiled.withZodValidation.claimsPerSecond)} claims/s`, "", ""],
    ["reference interpreter", `${f0(r.reference.claimsPerSecond)} claims/s`, "", `${r.reference.mismatchesWithCompiled} mismatches`],
    ["hand-written baseline", `${f0(r.baseline.claimsPerSecond)} claims/s`, "", `${r.baseline.mismatchesWithCompiled} mismatches`],
    ["baseline time ÷ compiled time", `${f2(r.ratios.compiledOverBaselineTime)}×`, `≤ ${t.baselineRatioMax}×`, verdict(r.ratios.compiledOverBaselineTime <= t.baselineRatioMax)],
    ["json-rules-engine (exported subset)", `${f0(r.jsonRulesEngine.claimsPerSecond)} claims/s`, "", `${r.jsonRulesEngine.disagreementsWithEdict} of ${f0(r.jsonRulesEngine.linesCompared)} lines disagree`],
    ["Edict ÷ json-rules-engine, same subset", `${f0(r.ratios.compiledOverJreOnSubset)}×`, `≥ ${t.jreRatioMin}×`, verdict(r.ratios.compiledOverJreOnSubset >= t.jreRatioMin)],
    ["Edict full pipeline ÷ jre subset", `${f0(r.ratios.compiledFullPipelineOverJreSubset)}×`, "", ""],
    ["2 worker threads", `${f0(r.workers.claimsPerSecond)} claims/s`, "", `${f2(r.ratios.workersOverOneCore)}× one core`],
  ];
}

function renderTable(r: Report): string {
  const all = [["measure", "value", "target", "verdict"] as [string, string, string, string], ...rows(r)];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...all.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join("  ");
  return [line(all[0]), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n") + "\n";
}

function renderMarkdown(r: Report): string {
  const body = rows(r).map((row) => `| ${row.join(" | ")} |`).join("\n");
  const missed = rows(r).filter((row) => row[3] === "MISSED").map((row) => `- **${row[0]}**: ${row[1]} against ${row[2]}.`);
  const notes = existsSync("bench/NOTES.md") ? readFileSync("bench/NOTES.md", "utf8") : "";
  return `# Benchmark results

Command: \`${r.command}\` — ${r.machine.cpus} cores (${r.machine.cpu}), ${r.machine.memoryGB} GB, Node ${r.machine.node}.
Workload: ${f0(r.workload.claims)} generated claims (${f0(r.workload.lines)} lines, mean ${f2(r.workload.meanLinesPerClaim)} per claim)
on demo-ppo + cms-edits with ${f0(r.workload.tableRows)} table rows (2,000,000 PTP pairs). Claim statuses:
${Object.entries(r.workload.statusCounts).map(([k, v]) => `${k} ${f0(v as number)}`).join(", ")}.

| measure | value | target | verdict |
|---|---|---|---|
${body}

The raw figures are in \`results.json\`. Throughput is measured on validated, normalised input
(what \`ruleset.adjudicateParsed\` takes); "incl. zod validation" adds parsing of the JSON
contract. json-rules-engine can express only the benefit rules of these packs (the edits use
quantifiers and table lookups, which it refuses with positioned diagnostics), so its figure is
for that subset, compared with Edict doing the same work; the full Edict pipeline ratio is a
lower bound.

## Missed targets
${missed.length ? missed.join("\n") : "None."}

${notes}`;
}

await main();
