// Bytes a claim allocates, engine or baseline, at NCCI scale (bench/NOTES.md, eng16):
//   npm run bench:alloc -- --build dist [--claims N]     (a build's dist/)
//   npm run bench:alloc -- --build baseline              (the hand-written baseline)
// `bench:alloc` is `node --expose-gc --max-semi-space-size=512 --import tsx bench/alloc-ncci.ts`.
// With a young generation that large no collection runs during a pass, so the heap's growth over a
// pass is what the claims allocated; the results are kept, then dropped, to tell what they hold from
// the garbage. Run without the semi-space flag, the collections counted are the default heap's.
// Reads bench/generated/demo-ppo (made by `npm run bench` or `npm run gen:tables`).
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { PerformanceObserver, constants } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { createBaseline } from "./baseline.js";
import { generateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";
import { intArg, parseArgs } from "./rng.js";

const args = parseArgs(process.argv.slice(2));
const BUILD = args.get("build") ?? "dist";
const CLAIMS = intArg(args, "claims", 20_000);
const PACK = "bench/generated/demo-ppo";
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

const tables = loadPackTables(PACK);
const records = generateClaims(20261123, CLAIMS, tables);
const dist = BUILD === "baseline" ? "dist" : BUILD;
const node = await import(pathToFileURL(resolve(dist, "node.js")).href);
const core = await import(pathToFileURL(resolve(dist, "index.js")).href);
mkdirSync(".scratch", { recursive: true });
const artifact = `.scratch/alloc-ncci-${process.pid}.edict.bin`;
writeFileSync(artifact, node.buildArtifact(node.loadPack(PACK)));
const loaded = node.loadPack(artifact);
if (!loaded.ok) throw new Error(`${dist}: the artifact does not load`);
const ruleset = loaded.ruleset;
const parsed = records.map((r) => {
  const claim = core.parseClaim(r.claim);
  const context = core.parseContext(r.context, { accumulators: ruleset.program.accumulators });
  if (!claim.ok || !context.ok) throw new Error(`${dist}: a generated claim was rejected`);
  return { claim: claim.claim, context: context.context };
});
let run: (i: number) => unknown;
if (BUILD === "baseline") {
  const baseline = createBaseline(PACK, { tables, ruleset: { name: ruleset.name, version: ruleset.version, hash: ruleset.hash } });
  run = (i) => baseline(parsed[i]!.claim as never, parsed[i]!.context as never);
} else run = (i) => ruleset.adjudicateParsed(parsed[i]!.claim, parsed[i]!.context);

let minor = 0;
let major = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++;
    else major++;
  }
}).observe({ entryTypes: ["gc"] });
const settle = () => new Promise((r) => setTimeout(r, 20));

for (let w = 0; w < 3; w++) for (let i = 0; i < CLAIMS; i++) run(i);
const kept: unknown[] = new Array(CLAIMS);
for (let pass = 0; pass < 3; pass++) {
  gc();
  await settle();
  const [minor0, major0] = [minor, major];
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < CLAIMS; i++) kept[i] = run(i);
  const after = process.memoryUsage().heapUsed;
  await settle();
  const collections = `${minor - minor0} scavenges, ${major - major0} major GCs during the pass`;
  gc();
  const withResults = process.memoryUsage().heapUsed;
  kept.fill(undefined);
  gc();
  const held = withResults - process.memoryUsage().heapUsed;
  console.log(
    `${BUILD}, pass ${pass + 1}: ${((after - before) / CLAIMS).toFixed(0)} B a claim allocated, ${(held / CLAIMS).toFixed(0)} B held by its result; ${collections}`,
  );
}
