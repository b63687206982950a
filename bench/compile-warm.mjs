// Cold and warm cost of compiling rules/demo-ppo (or another pack) in one fresh process: the first compilePack
// reads through the file system (recording what it reads), then N more compile those texts from
// memory, so no file reading is timed. Prints CPU (user + sys) and wall milliseconds as one JSON
// line: the first, the second, the 2nd–21st together (sums: one compile is near the clocks'
// resolution) and the median of the last 20 compiles.
// `node bench/compile-warm.mjs [<dist folder>] [N] [<pack>]` (default ./dist, 61, rules/demo-ppo);
// compare builds in turn.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dist = pathToFileURL(resolve(process.argv[2] ?? "dist")).href;
const n = Number(process.argv[3] ?? 61);
const pack = process.argv[4] ?? "rules/demo-ppo";
const lib = await import(`${dist}/index.js`);
const node = await import(`${dist}/node.js`);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// Node loads its perf_hooks modules on the first use of `performance` (~1 ms of CPU): not in the timed compile
performance.now();
const reads = new Map();
const lists = new Map();
const fs = node.fileSystemHost;
// the host's own hasher too, where it has one (PackHost.sha256: Node's SHA-256 for the ruleset hash)
const recording = {
  sha256: fs.sha256,
  read: (p, kind) => {
    const r = fs.read(p, kind);
    reads.set(p, r);
    return r;
  },
  list: (d) => {
    const r = fs.list(d);
    lists.set(d, r);
    return r;
  },
};
const options = { allowPaths: [], packRoot: "." };
const time = (host) => {
  const c0 = cpu();
  const t0 = performance.now();
  const out = lib.compilePack(pack, host, options);
  if (!out.ok) throw new Error(`${pack} does not compile`);
  return { wall: performance.now() - t0, cpu: cpu() - c0 };
};
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const ms = (x) => Math.round(x * 10) / 10;
const cold = time(recording);
const memory = { sha256: fs.sha256, read: (p) => reads.get(p), list: (d) => lists.get(d) };
const warm = Array.from({ length: n }, () => time(memory));
if (n === 0) {
  console.log(JSON.stringify({ coldCpuMs: ms(cold.cpu), coldWallMs: ms(cold.wall) }));
  process.exit(0);
}
console.log(
  JSON.stringify({
    coldCpuMs: ms(cold.cpu),
    coldWallMs: ms(cold.wall),
    secondCpuMs: ms(warm[0].cpu),
    warm20CpuMs: ms(sum(warm.slice(1, 21).map((t) => t.cpu))),
    warm20WallMs: ms(sum(warm.slice(1, 21).map((t) => t.wall))),
    lastCpuMs: ms(median(warm.slice(-20).map((t) => t.cpu))),
  }),
);
