// `npm run bench:harness-diff`: the full bench's engine-against-baseline rounds (bench/run.ts) with
// each way it differs from `npm run bench:ab-ncci` (bench/ab-ncci.ts) as a switch, so the two
// harnesses' readings of engine time ÷ baseline time can be bisected one difference at a time.
// Built as bench/run.ts is (bench/build.ts: one bundle, the engine and the baseline sharing src/),
// unless --engine names a dist/ to load the engine from, as bench:ab-ncci does. Options:
//   --claims N (30000), --rounds N (5), --seed N (20261123)
//   --contestants a,b,… (compiledOff,baseline,compiledOn,withValidation,jre,edictSubset): which of
//     the full bench's contestants run, in this order, rotating one further each round
//   --clock each|loop|cpu (each): each claim timed on the wall clock (bench/run.ts), one wall-clock
//     span around the loop, or process CPU time around the loop (bench:ab-ncci)
//   --engine <dir> (none): contestant distOff, the untraced engine and its parser from <dir>/node.js
//     and index.js, as bench:ab-ncci loads a build
//   --warm N (all): claims each contestant runs before the rounds (bench/run.ts ran 10000 until
//     branch bench1, bench:ab-ncci's agreement pass runs them all)
//   --tables-first: the baseline's tables and the claims made before the engine loads (bench:ab-ncci's order)
//   --ballast: build edictSubset's evaluator (its own table indexes) even when it does not run
// Run through tsx (`node --import tsx bench/harness-diff.ts …`), the baseline is loaded as
// bench:ab-ncci loads it. Each round's line also gives the garbage collector's pauses (ms) within each contestant's span.
// Prints one line per round and the median (range) of engine time ÷ baseline time.
import { writeFileSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { Engine } from "json-rules-engine";
import { loadPack, buildArtifact } from "../src/node/index.js";
import { parseClaim, parseContext, type Claim, type Context } from "../src/index.js";
import { compiledEvaluator } from "../src/compile/evaluator.js";
import { exportJsonRulesEngine, jreFacts } from "../src/interop/json-rules-engine.js";
import { generateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";
import { createBaseline } from "./baseline.js";
import { intArg, parseArgs } from "./rng.js";

const args = parseArgs(process.argv.slice(2));
const CLAIMS = intArg(args, "claims", 30_000);
const ROUNDS = intArg(args, "rounds", 5);
const SEED = intArg(args, "seed", 20261123);
const WARM_UP = intArg(args, "warm", CLAIMS);
const JRE_CLAIMS = intArg(args, "jre", 1_000);
const CLOCK = args.get("clock") ?? "each";
const ENGINE = args.get("engine");
const NAMES = (args.get("contestants") ?? "compiledOff,baseline,compiledOn,withValidation,jre,edictSubset").split(",");
const PACK = "bench/generated/demo-ppo";
if (!["each", "loop", "cpu"].includes(CLOCK)) throw new Error(`--clock: each, loop or cpu, not ${JSON.stringify(CLOCK)}`);
if (!NAMES.includes("baseline")) throw new Error("--contestants must include baseline");
/** the engine the ratio is taken of: this bundle's (compiledOff) unless only another build's runs */
const ENGINE_NAME = NAMES.includes("compiledOff") ? "compiledOff" : "distOff";

/** seconds of whatever --clock says, for one pass over the items */
function timed<T>(items: T[], fn: (item: T) => unknown): number {
  if (CLOCK === "each") {
    const latencies = new Float64Array(items.length);
    const start = process.hrtime.bigint();
    for (let i = 0; i < items.length; i++) {
      const t0 = process.hrtime.bigint();
      fn(items[i]!);
      latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
    return Number(process.hrtime.bigint() - start) / 1e9;
  }
  if (CLOCK === "loop") {
    const start = process.hrtime.bigint();
    for (let i = 0; i < items.length; i++) fn(items[i]!);
    return Number(process.hrtime.bigint() - start) / 1e9;
  }
  const start = process.cpuUsage();
  for (let i = 0; i < items.length; i++) fn(items[i]!);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

mkdirSync(".scratch", { recursive: true });
// bench/run.ts loads the engine, then the baseline's tables and the claims; bench:ab-ncci the other way round
const TABLES_FIRST = args.has("tables-first");
let tables = TABLES_FIRST ? loadPackTables(PACK) : null;
let records = TABLES_FIRST ? generateClaims(SEED, CLAIMS, tables!) : null;
const compiled = loadPack(PACK);
if (!compiled.ok) throw new Error("the generated pack does not compile");
writeFileSync(".scratch/harness-diff.edict.bin", buildArtifact(compiled));
const loaded = loadPack(".scratch/harness-diff.edict.bin");
if (!loaded.ok) throw new Error("the artifact does not load");
const ruleset = loaded.ruleset;
tables ??= loadPackTables(PACK);
records ??= generateClaims(SEED, CLAIMS, tables);
const inputs: Array<{ claim: Claim; context: Context }> = records.map((r) => {
  const claim = parseClaim(r.claim);
  const context = parseContext(r.context, { accumulators: ruleset.program.accumulators });
  if (!claim.ok || !context.ok) throw new Error("a generated claim was rejected");
  return { claim: claim.claim, context: context.context };
});

// another build's untraced engine (contestant distOff), on claims its own parser read
let untraced: (i: number) => unknown = () => {
  throw new Error("distOff needs --engine <dist>");
};
if (ENGINE) {
  const node = await import(pathToFileURL(resolve(ENGINE, "node.js")).href);
  const core = await import(pathToFileURL(resolve(ENGINE, "index.js")).href);
  const other = node.loadPack(".scratch/harness-diff.edict.bin");
  if (!other.ok) throw new Error(`${ENGINE}: the artifact does not load`);
  const parsed = records.map((r) => {
    const claim = core.parseClaim(r.claim);
    const context = core.parseContext(r.context, { accumulators: other.ruleset.program.accumulators });
    if (!claim.ok || !context.ok) throw new Error(`${ENGINE}: a generated claim was rejected`);
    return { claim: claim.claim, context: context.context };
  });
  untraced = (i) => other.ruleset.adjudicateParsed(parsed[i]!.claim, parsed[i]!.context);
}
const indices = inputs.map((_, i) => i);

const baseline = createBaseline(PACK, { tables, ruleset: { name: ruleset.name, version: ruleset.version, hash: ruleset.hash } });
for (let i = 0; i < Math.min(CLAIMS, 2_000); i++) {
  const expected = JSON.stringify(baseline(inputs[i]!.claim, inputs[i]!.context));
  if (JSON.stringify(ruleset.adjudicateParsed(inputs[i]!.claim, inputs[i]!.context)) !== expected) throw new Error(`claim ${i}: engine and baseline disagree`);
  if (ENGINE && JSON.stringify(untraced(i)) !== expected) throw new Error(`claim ${i}: ${ENGINE} and the baseline disagree`);
}
// made only when they run: the subset's evaluator builds table indexes of its own (2,000,000 PTP pairs)
const jre = NAMES.includes("jre") ? new Engine(exportJsonRulesEngine(ruleset.program).rules as never[], { allowUndefinedFacts: true }) : null;
const jreSample = inputs.slice(0, JRE_CLAIMS);
const evaluator = NAMES.includes("edictSubset") || args.has("ballast") ? compiledEvaluator(ruleset.program) : null;
const benefitsOnly = (x: { claim: Claim; context: Context }) => {
  for (const line of x.claim.lines) evaluator!.benefitFor(x.claim, line, x.context);
};
const rawSample = records.slice(0, Math.min(records.length, 20_000));
const runJre = async () => {
  const start = process.hrtime.bigint();
  for (const x of jreSample) for (const line of x.claim.lines) await jre!.run(jreFacts(x.claim, line, x.context));
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const all: Record<string, () => number | Promise<number>> = {
  compiledOff: () => timed(inputs, (x) => ruleset.adjudicateParsed(x.claim, x.context)),
  distOff: () => timed(indices, untraced),
  baseline: () => timed(inputs, (x) => baseline(x.claim, x.context)),
  compiledOn: () => timed(inputs, (x) => ruleset.adjudicateParsed(x.claim, x.context, { trace: true })),
  withValidation: () => timed(rawSample, (r) => ruleset.adjudicate(r.claim, r.context)),
  jre: runJre,
  edictSubset: () => timed(inputs, benefitsOnly),
};
const contestants = NAMES.map((name) => {
  const run = all[name];
  if (!run) throw new Error(`--contestants: no contestant ${JSON.stringify(name)}`);
  return [name, run] as const;
});

// warm-up, as bench/run.ts does for the contestants that run
for (let i = 0; i < Math.min(WARM_UP, CLAIMS); i++) {
  const x = inputs[i]!;
  if (NAMES.includes("compiledOff")) ruleset.adjudicateParsed(x.claim, x.context);
  if (NAMES.includes("distOff")) untraced(i);
  if (NAMES.includes("compiledOn")) ruleset.adjudicateParsed(x.claim, x.context, { trace: true });
  baseline(x.claim, x.context);
  if (NAMES.includes("edictSubset")) benefitsOnly(x);
}
if (NAMES.includes("withValidation")) for (const r of rawSample.slice(0, 2_000)) ruleset.adjudicate(r.claim, r.context);
if (NAMES.includes("jre")) await runJre();

const gcs: PerformanceEntry[] = [];
new PerformanceObserver((list) => gcs.push(...list.getEntries())).observe({ entryTypes: ["gc"] });
/** ms of collector pauses that started within [from, to) (the entries arrive after the span ends) */
const gcWithin = (from: number, to: number) => gcs.reduce((ms, e) => (e.startTime >= from && e.startTime < to ? ms + e.duration : ms), 0);
const load0 = loadavg()[0]!;
const ratios: number[] = [];
const distOverBundled: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const seconds: Record<string, number> = {};
  const spans: Record<string, [number, number]> = {};
  for (let k = 0; k < contestants.length; k++) {
    const [name, run] = contestants[(k + r) % contestants.length]!;
    const from = performance.now();
    seconds[name] = await run();
    spans[name] = [from, performance.now()];
  }
  await new Promise((done) => setTimeout(done, 10)); // let the gc entries arrive
  ratios.push(seconds[ENGINE_NAME]! / seconds.baseline!);
  if (seconds.distOff !== undefined && seconds.compiledOff !== undefined) distOverBundled.push(seconds.distOff / seconds.compiledOff);
  const perClaim = (name: string) =>
    ((seconds[name]! * 1e6) / (name === "withValidation" ? rawSample.length : name === "jre" ? jreSample.length : CLAIMS)).toFixed(2);
  const gcMs = (name: string) => gcWithin(...spans[name]!).toFixed(0);
  console.log(`round ${r + 1}: ${NAMES.map((n) => `${n} ${perClaim(n)} µs (gc ${gcMs(n)} ms)`).join(", ")}; engine ÷ baseline time ${ratios[r]!.toFixed(3)}`);
}
const sorted = [...ratios].sort((a, b) => a - b);
const later = ratios.slice(1).sort((a, b) => a - b);
console.log(
  `clock ${CLOCK}, engine ${ENGINE ?? "bundled"}, contestants ${NAMES.join(",")}, ${CLAIMS} claims × ${ROUNDS} rounds; load ${load0.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}; ${ENGINE_NAME} ÷ baseline time ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)} (${sorted[0]!.toFixed(3)}–${sorted[sorted.length - 1]!.toFixed(3)}); rounds 2–${ROUNDS}: ${later[Math.floor(later.length / 2)]?.toFixed(3)}`,
);
if (distOverBundled.length > 0) {
  const d = [...distOverBundled].sort((a, b) => a - b);
  console.log(`distOff ÷ compiledOff time ${d[Math.floor(d.length / 2)]!.toFixed(3)} (${d[0]!.toFixed(3)}–${d[d.length - 1]!.toFixed(3)})`);
}
