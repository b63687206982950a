// Loads a pack (folder of CSV) or a built artifact in this fresh process and reports, as one
// JSON line, how long tables and indexes took and the memory they hold. Run with --expose-gc,
// it also reports the heap the loaded ruleset holds after a full collection (heapMB), which small
// tables show better than RSS.
import { loadPack } from "../src/node/index.js";
import { compiledEvaluator } from "../src/compile/evaluator.js";

const path = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const baseHeap = process.memoryUsage().heapUsed;
const baseRssMB = process.memoryUsage().rss / 1e6;
const t0 = performance.now();
const out = loadPack(path);
const t1 = performance.now();
if (!out.ok) {
  process.stderr.write(JSON.stringify(out.diagnostics.slice(0, 3)));
  process.exit(1);
}
const evaluator = compiledEvaluator(out.ruleset.program); // builds every table index, as adjudication would
const t2 = performance.now();
gc?.();
const heapMB = gc ? Math.round(((process.memoryUsage().heapUsed - baseHeap) / 1e6) * 10) / 10 : undefined;
void [out, evaluator]; // held until measured
const rows = out.ruleset.program.tables.reduce((n, t) => n + (t.columnar ? t.columnar.count : t.rows.length), 0);
process.stdout.write(
  JSON.stringify({
    loadMs: Math.round(t1 - t0),
    indexMs: Math.round(t2 - t1),
    rows,
    baseRssMB: Math.round(baseRssMB),
    rssMB: Math.round(process.memoryUsage().rss / 1e6),
    // maxRSS is in KiB
    peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6),
    ...(heapMB === undefined ? {} : { heapMB }),
  }) + "\n",
);
