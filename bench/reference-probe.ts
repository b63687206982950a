// The reference interpreter's sample, in a process of its own: it scans tables row by row and
// materialises every row (gigabytes at NCCI scale), which would skew whatever the main process
// times next. Loads the artifact, regenerates the same seeded claims, adjudicates the first N
// with the reference and the compiled evaluator, and reports one JSON line.
import { loadPack } from "../src/node/index.js";
import { parseClaim, parseContext } from "../src/index.js";
import { generateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";

const [artifact, pack, seed, count] = process.argv.slice(2);
const loaded = loadPack(artifact!);
if (!loaded.ok) throw new Error("the artifact does not load");
const { ruleset } = loaded;
const inputs = generateClaims(Number(seed), Number(count), loadPackTables(pack!)).map((r) => {
  const claim = parseClaim(r.claim);
  const context = parseContext(r.context, { accumulators: ruleset.program.accumulators });
  if (!claim.ok || !context.ok) throw new Error("invalid generated claim");
  return { claim: claim.claim, context: context.context };
});
ruleset.adjudicateParsed(inputs[0]!.claim, inputs[0]!.context, { evaluator: "reference" }); // materialise rows once
const latencies: number[] = [];
let mismatches = 0;
const start = performance.now();
for (const x of inputs) {
  const t0 = performance.now();
  const reference = ruleset.adjudicateParsed(x.claim, x.context, { evaluator: "reference" });
  latencies.push(performance.now() - t0);
  if (JSON.stringify(reference) !== JSON.stringify(ruleset.adjudicateParsed(x.claim, x.context))) mismatches++;
}
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
process.stdout.write(
  `${JSON.stringify({ claims: inputs.length, seconds, claimsPerSecond: inputs.length / seconds, p50Ms: at(50), p99Ms: at(99), mismatchesWithCompiled: mismatches })}\n`,
);
