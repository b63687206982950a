// A/B comparison of two builds of Edict in one process, in interleaved rounds, so machine load
// hits both alike: `npm run bench:ab -- --a <old checkout>/dist/node.js [--b dist/node.js]
// [--claims N] [--rounds R]`. Both adjudicate the same generated claims on the shipped
// demo-ppo + cms-edits pack, untraced and traced; the results must be byte-identical.
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { generateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";
import { intArg, parseArgs } from "./rng.js";

const args = parseArgs(process.argv.slice(2));
const A = args.get("a");
const B = args.get("b") ?? "dist/node.js";
const CLAIMS = intArg(args, "claims", 20_000);
const ROUNDS = intArg(args, "rounds", 9);
if (!A) throw new Error("give the build to compare against: --a <checkout>/dist/node.js");

interface Build {
  name: string;
  adjudicate: (i: number, trace: boolean) => string;
}

async function load(path: string, name: string, records: ReturnType<typeof generateClaims>): Promise<Build> {
  const lib = await import(pathToFileURL(resolve(path)).href);
  const out = lib.loadPack("rules/demo-ppo");
  if (!out.ok) throw new Error(`${name}: the pack does not compile`);
  const ruleset = out.ruleset;
  const core = await import(pathToFileURL(resolve(path.replace(/node\.js$/, "index.js"))).href);
  const parsed = records.map((r) => {
    const claim = core.parseClaim(r.claim);
    const context = core.parseContext(r.context, { accumulators: ruleset.program.accumulators });
    if (!claim.ok || !context.ok) throw new Error(`${name}: a generated claim was rejected`);
    return { claim: claim.claim, context: context.context };
  });
  return { name, adjudicate: (i, trace) => JSON.stringify(ruleset.adjudicateParsed(parsed[i]!.claim, parsed[i]!.context, { trace })) };
}

function time(build: Build, trace: boolean): number {
  const start = performance.now();
  for (let i = 0; i < CLAIMS; i++) build.adjudicate(i, trace);
  return ((performance.now() - start) * 1000) / CLAIMS; // µs a claim
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

const records = generateClaims(20261201, CLAIMS, loadPackTables("rules/demo-ppo"));
const a = await load(A, "A", records);
const b = await load(B, "B", records);
for (let i = 0; i < CLAIMS; i++) {
  for (const trace of [false, true]) if (a.adjudicate(i, trace) !== b.adjudicate(i, trace)) throw new Error(`claim ${i}: the builds disagree (trace ${trace})`);
}
const load1 = loadavg()[0]!;
const rows: string[] = [];
for (const trace of [false, true]) {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // alternate which goes first, so neither always meets a warmer cache
    if (r % 2 === 0) {
      ta.push(time(a, trace));
      tb.push(time(b, trace));
    } else {
      tb.push(time(b, trace));
      ta.push(time(a, trace));
    }
  }
  const ratios = ta.map((x, i) => tb[i]! / x);
  rows.push(
    `| ${trace ? "full trace" : "trace off"} | ${median(ta).toFixed(1)} µs | ${median(tb).toFixed(1)} µs | ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}) |`,
  );
}
console.log(
  `A = ${A}, B = ${B}; ${CLAIMS} claims × ${ROUNDS} interleaved rounds; results byte-identical; load average ${load1.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
);
console.log("| mode | A per claim | B per claim | B ÷ A, median (range) |\n|---|---|---|---|");
for (const row of rows) console.log(row);
