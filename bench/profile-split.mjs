// Where a batch worker's time goes: the self time of a CPU profile (`node --cpu-prof
// --cpu-prof-dir=<dir> bin/edict.js adjudicate … --workers 1 …`) grouped by the original source
// file of each function, found through dist's source maps, into the parts bench/BATCH.md
// tables. `node bench/profile-split.mjs <dir>` reads the first .cpuprofile in <dir>.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

const dir = process.argv[2];
if (!dir) throw new Error("give the folder of a .cpuprofile: node bench/profile-split.mjs <dir>");
const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
if (!file) throw new Error(`no .cpuprofile in ${dir}`);
const profile = JSON.parse(readFileSync(`${dir}/${file}`, "utf8"));

const maps = new Map();
function mapOf(url) {
  if (!maps.has(url)) {
    let map = null;
    try {
      const path = fileURLToPath(url);
      if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, "utf8")));
    } catch {
      // not a file of ours
    }
    maps.set(url, map);
  }
  return maps.get(url);
}

/** the part of a worker's work a profile node belongs to */
function part(node) {
  const { functionName: fn, url, lineNumber, columnNumber } = node.callFrame;
  if (fn === "(garbage collector)") return "garbage collection";
  if (fn === "(idle)" || fn === "(program)") return "idle, program";
  if (fn === "read" && !url) return "reading each record from the file (read)";
  if (!url) return `native: ${fn || "(anonymous)"}`;
  if (!url.startsWith("file://")) return url.startsWith("node:") ? "node internals" : "generated code (the engine's)";
  const source = (mapOf(url)?.findEntry(lineNumber, columnNumber)?.originalSource ?? url).replace(/^.*\/src\//, "src/");
  if (/model\/read-record/.test(source)) return "reading the record: src/model/read-record.ts";
  if (/model\/json/.test(source)) return "reading the record: src/model/json.ts";
  if (/model\/(fast-parse|dates|codes|money)/.test(source)) return "validation helpers: src/model/fast-parse.ts, dates, codes, money";
  if (/model\/(schemas|order)/.test(source)) return source;
  if (/batch\/scan|cli\/batch-index/.test(source)) return "the index scan: src/batch/scan.ts, src/cli/batch-index.ts";
  if (/batch\/write/.test(source)) return "writing the result line: src/batch/write.ts";
  if (/batch\/carry/.test(source)) return "carrying member state: src/batch/carry.ts";
  if (/batch\/summary/.test(source)) return "the summary's facts: src/batch/summary.ts";
  if (/batch\/(runner|records)/.test(source)) return "src/batch/runner.ts, records.ts";
  if (/src\/(engine|compile|runtime|tables)/.test(source)) return "the engine: src/engine, compile, runtime, tables";
  if (/node_modules/.test(source)) return "dependencies";
  return source;
}

const selfTime = new Map();
for (let k = 0; k < profile.samples.length; k++) selfTime.set(profile.samples[k], (selfTime.get(profile.samples[k]) ?? 0) + (profile.timeDeltas[k] ?? 0));
const parts = new Map();
let total = 0;
for (const node of profile.nodes) {
  const t = selfTime.get(node.id) ?? 0;
  total += t;
  parts.set(part(node), (parts.get(part(node)) ?? 0) + t);
}
console.log(`${(total / 1e6).toFixed(1)} s sampled`);
for (const [name, t] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${name}`);
