import { loadPack } from "../src/node/index.js";
const t = performance.now();
const out = loadPack(process.argv[2]!);
console.log(out.ok, out.diagnostics.slice(0, 5), ((performance.now() - t) / 1000).toFixed(1), "s", process.memoryUsage().rss >> 20, "MiB");
