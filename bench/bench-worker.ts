// One of the benchmark's worker threads: loads the artifact, generates its share of the claims
// (the same seeded claims, every Nth), adjudicates them and reports how many it did.
import { parentPort, workerData } from "node:worker_threads";
import { loadPack } from "../src/node/index.js";
import { parseClaim, parseContext } from "../src/index.js";
import { generateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";

const { artifact, pack, seed, count, part, parts } = workerData as { artifact: string; pack: string; seed: number; count: number; part: number; parts: number };
const loaded = loadPack(artifact);
if (!loaded.ok) throw new Error("artifact does not load");
const { ruleset } = loaded;
const mine = generateClaims(seed, count, loadPackTables(pack)).filter((_, i) => i % parts === part);
const inputs = mine.map((r) => {
  const claim = parseClaim(r.claim);
  const context = parseContext(r.context, { accumulators: ruleset.program.accumulators });
  if (!claim.ok || !context.ok) throw new Error("invalid generated claim");
  return { claim: claim.claim, context: context.context };
});
for (const x of inputs.slice(0, 10_000)) ruleset.adjudicateParsed(x.claim, x.context); // warm-up, as in the main thread
parentPort!.once("message", () => {
  for (const x of inputs) ruleset.adjudicateParsed(x.claim, x.context);
  parentPort!.postMessage({ claims: inputs.length });
});
parentPort!.postMessage({ ready: true });
