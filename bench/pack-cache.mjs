// The compiled-pack cache's effect on a fresh process's loadPack (src/node/cache.ts): each run is
// a new process that imports the built library and loads one pack folder, in turn
//   source — without the cache (a compile, as loadPack does by default),
//   miss   — with an empty cache folder (a compile, plus storing the entry),
//   hit    — with the entry that a miss stored (re-reading and hashing every file the compile
//            read, then loading the stored artifact).
// The three alternate, so the machine's load falls on all alike; medians of CPU (user + sys) and
// wall milliseconds per mode are printed as JSON, with the load average before and after.
// `node bench/pack-cache.mjs [--pack rules/demo-ppo] [--runs 9] [--dist dist]`
// (the NCCI-sized pack: --pack bench/generated/demo-ppo, a real copy made by `npm run gen:tables`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    pack: { type: "string", default: "rules/demo-ppo" },
    runs: { type: "string", default: "9" },
    dist: { type: "string", default: "dist" },
    child: { type: "string" },
    cache: { type: "string" },
  },
});

if (values.child) {
  // one load in this fresh process
  const node = await import(`${pathToFileURL(resolve(values.dist)).href}/node.js`);
  let event = "none";
  const options = values.child === "source" ? {} : { cache: { dir: values.cache, onEvent: (e) => (event = e) } };
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  const out = node.loadPack(values.pack, options);
  const wall = performance.now() - t0;
  const u = process.cpuUsage(u0);
  if (!out.ok) throw new Error(`${values.pack} does not compile`);
  console.log(JSON.stringify({ cpu: (u.user + u.system) / 1000, wall, event, hash: out.ruleset.hash }));
  process.exit(0);
}

const runs = Number(values.runs);
const base = mkdtempSync(join(tmpdir(), "edict-bench-cache-"));
const child = (mode, cache) => {
  const r = spawnSync(process.execPath, [import.meta.filename, "--child", mode, "--pack", values.pack, "--dist", values.dist, "--cache", cache], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};
const load0 = loadavg();
const times = { source: [], miss: [], hit: [] };
const hashes = new Set();
const warm = join(base, "warm");
child("miss", warm); // the entry the hits use
for (let i = 0; i < runs; i++) {
  const empty = join(base, `empty-${i}`);
  for (const [mode, dir] of [
    ["source", ""],
    ["miss", empty],
    ["hit", warm],
  ]) {
    const r = child(mode, dir);
    const want = { source: "none", miss: "stored", hit: "hit" }[mode];
    if (r.event !== want) throw new Error(`a ${mode} run was a ${r.event}`);
    times[mode].push(r);
    hashes.add(r.hash);
  }
  rmSync(empty, { recursive: true, force: true });
}
rmSync(base, { recursive: true, force: true });
if (hashes.size !== 1) throw new Error("the runs loaded different rulesets");
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const ms = (x) => Math.round(x * 10) / 10;
const summary = Object.fromEntries(
  Object.entries(times).map(([mode, rs]) => [mode, { cpuMs: ms(median(rs.map((r) => r.cpu))), wallMs: ms(median(rs.map((r) => r.wall))) }]),
);
console.log(JSON.stringify({ pack: values.pack, runs, ...summary, loadavgBefore: load0.map(ms), loadavgAfter: loadavg().map(ms) }));
