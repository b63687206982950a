// A/B of builds at NCCI scale with the hand-written baseline, in one process: `npm run bench:ab-ncci
// -- --builds <old checkout>/dist,dist [--claims N] [--rounds R]`. Each build loads the bench pack
// (bench/generated/demo-ppo, made by `npm run bench` or `npm run gen:tables`) from an artifact it
// builds itself, as `npm run bench` times the engine; every build and the baseline adjudicate the
// same generated claims untraced, one after another in a rotating order each round, timed in
// process CPU time. Results must be byte-identical. The build loaded first tends to run a few
// percent faster (heap placement): compare builds in both orders (`--builds b,a` too).
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createBaseline } from "./baseline.js";
import { generateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";
import { intArg, parseArgs } from "./rng.js";

const args = parseArgs(process.argv.slice(2));
const BUILDS = (args.get("builds") ?? "").split(",").filter((b) => b !== "");
const CLAIMS = intArg(args, "claims", 20_000);
const ROUNDS = intArg(args, "rounds", 7);
const PACK = "bench/generated/demo-ppo";
if (BUILDS.length === 0) throw new Error("give the builds to compare: --builds <checkout>/dist,dist");

interface Contestant {
  name: string;
  run: (i: number) => unknown;
}

const tables = loadPackTables(PACK);
const records = generateClaims(20261123, CLAIMS, tables);
const contestants: Contestant[] = [];
mkdirSync(".scratch", { recursive: true });
let identity: { name: string; version: string; hash: string } | null = null;
let firstParsed: Array<{ claim: unknown; context: unknown }> = [];
for (const [n, dist] of BUILDS.entries()) {
  const node = await import(pathToFileURL(resolve(dist, "node.js")).href);
  const core = await import(pathToFileURL(resolve(dist, "index.js")).href);
  const compiled = node.loadPack(PACK);
  if (!compiled.ok) throw new Error(`${dist}: the pack does not compile`);
  const artifact = `.scratch/ab-ncci-${n}.edict.bin`;
  writeFileSync(artifact, node.buildArtifact(compiled));
  const loaded = node.loadPack(artifact);
  if (!loaded.ok) throw new Error(`${dist}: the artifact does not load`);
  const ruleset = loaded.ruleset;
  identity = { name: ruleset.name, version: ruleset.version, hash: ruleset.hash };
  const parsed = records.map((r) => {
    const claim = core.parseClaim(r.claim);
    const context = core.parseContext(r.context, { accumulators: ruleset.program.accumulators });
    if (!claim.ok || !context.ok) throw new Error(`${dist}: a generated claim was rejected`);
    return { claim: claim.claim, context: context.context };
  });
  if (n === 0) firstParsed = parsed;
  contestants.push({ name: dist, run: (i) => ruleset.adjudicateParsed(parsed[i]!.claim, parsed[i]!.context) });
}
const baseline = createBaseline(PACK, { tables, ruleset: identity! });
contestants.push({ name: "baseline", run: (i) => baseline(firstParsed[i]!.claim as never, firstParsed[i]!.context as never) });

for (let i = 0; i < CLAIMS; i++) {
  const expected = JSON.stringify(contestants[0]!.run(i));
  for (const c of contestants.slice(1)) if (JSON.stringify(c.run(i)) !== expected) throw new Error(`claim ${i}: ${c.name} disagrees`);
}

const load0 = loadavg()[0]!;
const rates: number[][] = contestants.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < contestants.length; k++) {
    const j = (k + r) % contestants.length;
    const start = process.cpuUsage();
    for (let i = 0; i < CLAIMS; i++) contestants[j]!.run(i);
    const used = process.cpuUsage(start);
    rates[j]!.push(CLAIMS / ((used.user + used.system) / 1e6));
  }
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[], digits: number) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
const base = rates[contestants.length - 1]!;
console.log(`${CLAIMS} NCCI-scale claims × ${ROUNDS} rounds, CPU time; results byte-identical; load average ${load0.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`);
console.log("| contestant | claims/CPU-s, median (range) | this time ÷ baseline time, same round |\n|---|---|---|");
for (const [j, c] of contestants.entries()) {
  console.log(
    `| ${c.name} | ${spread(rates[j]!, 0)} | ${spread(
      rates[j]!.map((x, r) => base[r]! / x),
      3,
    )} |`,
  );
}
for (let j = 1; j < BUILDS.length; j++) {
  console.log(
    `${contestants[j]!.name} ÷ ${contestants[0]!.name} claims/s, same round: ${spread(
      rates[j]!.map((x, r) => x / rates[0]![r]!),
      3,
    )}`,
  );
}
