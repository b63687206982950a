// Start-up costs of a built package, in this one fresh process: importing the library
// (dist/index.js), then dist/node.js, then loading and compiling rules/demo-ppo. Prints CPU
// (user + sys, process.cpuUsage) and wall milliseconds as one JSON line. Run it several times
// and compare builds: `node bench/startup.mjs [<dist folder>]` (default ./dist).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dist = pathToFileURL(resolve(process.argv[2] ?? "dist")).href;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const round = (n) => Math.round(n);
// Node loads its perf_hooks modules on the first use of `performance` (~1 ms of CPU): not in the timed import
performance.now();
const c0 = cpu();
const t0 = performance.now();
await import(`${dist}/index.js`);
const c1 = cpu();
const t1 = performance.now();
const node = await import(`${dist}/node.js`);
const c2 = cpu();
const t2 = performance.now();
const loaded = node.loadPack("rules/demo-ppo");
if (!loaded.ok) throw new Error("rules/demo-ppo does not compile");
const c3 = cpu();
const t3 = performance.now();
console.log(
  JSON.stringify({
    importCpuMs: round(c1 - c0),
    importWallMs: round(t1 - t0),
    nodeImportCpuMs: round(c2 - c1),
    loadPackCpuMs: round(c3 - c2),
    loadPackWallMs: round(t3 - t2),
  }),
);
