// A/B of validation cost, builds in one process: `node --import tsx bench/ab-raw.ts --builds
// <old checkout>/dist,dist [--pack bench/generated/demo-ppo] [--load <pack or artifact>]
// [--claims N] [--rounds R]`. Each build adjudicates the same generated claims as `npm run bench`
// does: `adjudicateParsed` on claims its own parser validated up front (and keeps, as the bench
// does), `adjudicate` on the raw JSON objects, and its parseClaim and parseContext alone; in
// interleaved rounds, alternating which build goes first; µs of process CPU time a claim. The
// ratio is the bench's "raw JSON ÷ adjudicateParsed" row, per round. The raw results of the
// builds must be byte-identical.
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { generateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";
import { intArg, parseArgs } from "./rng.js";

const args = parseArgs(process.argv.slice(2));
const BUILDS = (args.get("builds") ?? "").split(",").filter((b) => b !== "");
const PACK = args.get("pack") ?? "bench/generated/demo-ppo";
const LOAD = args.get("load") ?? PACK;
const CLAIMS = intArg(args, "claims", 20_000);
const ROUNDS = intArg(args, "rounds", 7);
if (BUILDS.length === 0) throw new Error("give the builds to compare: --builds <checkout>/dist,dist");

const records = generateClaims(20261123, CLAIMS, loadPackTables(PACK));

interface Build {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: two builds' APIs, loaded at run time
  ruleset: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  core: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  parsed: Array<{ claim: any; context: any }>;
}

const builds: Build[] = [];
for (const name of BUILDS) {
  const node = await import(pathToFileURL(resolve(name, "node.js")).href);
  const core = await import(pathToFileURL(resolve(name, "index.js")).href);
  const out = node.loadPack(LOAD);
  if (!out.ok) throw new Error(`${name}: the pack does not load`);
  const ruleset = out.ruleset;
  const parsed = records.map((r, i) => {
    const claim = core.parseClaim(r.claim);
    const context = core.parseContext(r.context, { accumulators: ruleset.program.accumulators });
    if (!claim.ok || !context.ok) throw new Error(`${name}: generated claim ${i} is invalid`);
    return { claim: claim.claim, context: context.context };
  });
  builds.push({ name, ruleset, core, parsed });
}
for (let i = 0; i < CLAIMS; i++) {
  const first = JSON.stringify(builds[0]!.ruleset.adjudicate(records[i]!.claim, records[i]!.context));
  for (const b of builds.slice(1))
    if (JSON.stringify(b.ruleset.adjudicate(records[i]!.claim, records[i]!.context)) !== first) throw new Error(`claim ${i}: the builds disagree`);
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
const time = (f: (i: number) => void) => {
  const start = cpuMs();
  for (let i = 0; i < CLAIMS; i++) f(i);
  return ((cpuMs() - start) * 1000) / CLAIMS;
};
const series = new Map<string, number[]>();
const push = (key: string, x: number) => series.set(key, [...(series.get(key) ?? []), x]);
const load1 = loadavg()[0]!;
for (let r = 0; r < ROUNDS; r++) {
  for (const b of r % 2 === 0 ? builds : [...builds].reverse()) {
    const accumulators = b.ruleset.program.accumulators;
    const parsed = time((i) => b.ruleset.adjudicateParsed(b.parsed[i]!.claim, b.parsed[i]!.context));
    const raw = time((i) => b.ruleset.adjudicate(records[i]!.claim, records[i]!.context));
    push(`${b.name}|adjudicateParsed`, parsed);
    push(`${b.name}|adjudicate (raw)`, raw);
    push(
      `${b.name}|parseClaim`,
      time((i) => b.core.parseClaim(records[i]!.claim)),
    );
    push(
      `${b.name}|parseContext`,
      time((i) => b.core.parseContext(records[i]!.context, { accumulators })),
    );
    push(`${b.name}|raw ÷ parsed rate`, parsed / raw);
  }
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
console.log(
  `${CLAIMS} claims × ${ROUNDS} interleaved rounds on ${LOAD}; raw results byte-identical; load average ${load1.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
);
console.log("| build | measure | median (range) |\n|---|---|---|");
for (const [key, xs] of series) {
  const [name, measure] = key.split("|");
  const unit = measure!.includes("÷") ? "×" : " µs";
  const f = (x: number) => (unit === "×" ? x.toFixed(2) : x.toFixed(1));
  console.log(`| ${name} | ${measure} | ${f(median(xs))}${unit} (${f(Math.min(...xs))}–${f(Math.max(...xs))}) |`);
}
