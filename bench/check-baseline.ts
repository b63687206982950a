// Holds the hand-written baseline (bench/baseline.ts) equal to the engine: generates claims with
// bench/gen-claims.ts against a pack's tables, adjudicates each with the engine
// (`ruleset.adjudicate(claim, context).result`) and with the baseline, and compares the results
// deep-equal (the `ruleset` field taken from the engine). Prints the first differences.
//
//   tsx bench/check-baseline.ts [--rules rules/demo-ppo] [--count 20000] [--seed 1]
//                               [--evaluator compiled|reference] [--show 5]
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { loadPack } from "../src/node/index.js";
import { formatDiagnostic } from "../src/index.js";
import { parseClaim, parseContext } from "../src/model/schemas.js";
import type { Result } from "../src/model/types.js";
import { createBaseline } from "./baseline.js";
import { generateClaims, type ClaimStats } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";
import { intArg, parseArgs } from "./rng.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** the paths where two JSON values differ, e.g. `lines[2].reason: "CO-50" ≠ null` */
function differences(a: unknown, b: unknown, path = "", out: string[] = []): string[] {
  if (isDeepStrictEqual(a, b)) return out;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: ${a.length} items ≠ ${b.length} items`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) differences(a[i], b[i], `${path}[${i}]`, out);
  } else if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
  } else out.push(`${path}: engine ${JSON.stringify(a)} ≠ baseline ${JSON.stringify(b)}`);
  return out;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const rules = resolve(args.get("rules") ?? join(ROOT, "rules", "demo-ppo"));
  const count = intArg(args, "count", 20_000);
  const seed = intArg(args, "seed", 1);
  const show = intArg(args, "show", 5);
  const evaluator = args.get("evaluator") === "reference" ? "reference" : "compiled";

  let t = performance.now();
  const loaded = loadPack(rules);
  if (!loaded.ok) {
    console.error(loaded.diagnostics.map((d) => formatDiagnostic(d)).join("\n"));
    process.exit(2);
  }
  const ruleset = loaded.ruleset;
  const engineLoad = performance.now() - t;

  t = performance.now();
  const tables = loadPackTables(rules);
  const baseline = createBaseline(rules, { tables, ruleset: { name: ruleset.name, version: ruleset.version, hash: ruleset.hash } });
  const baselineLoad = performance.now() - t;

  t = performance.now();
  const stats: ClaimStats = {};
  const records = generateClaims(seed, count, tables, stats);
  const genTime = performance.now() - t;

  let same = 0;
  let shown = 0;
  let engineTime = 0;
  let baselineTime = 0;
  const reasons = new Map<string, number>();
  const statuses = new Map<string, number>();
  const declared = ruleset.program.accumulators;
  for (const { claim, context } of records) {
    let s = performance.now();
    const adjudication = ruleset.adjudicate(claim, context, { evaluator });
    engineTime += performance.now() - s;
    if (!adjudication.ok) {
      console.log(`claim ${claim.id}: the engine rejected the input:\n  ${adjudication.issues.map((i) => `${i.path}: ${i.message}`).join("\n  ")}`);
      if (++shown >= show) break;
      continue;
    }
    const expected: Result = adjudication.result;
    s = performance.now();
    const c = parseClaim(claim);
    const x = parseContext(context, { accumulators: declared });
    if (!c.ok || !x.ok) throw new Error(`claim ${claim.id}: the engine accepted input that parseClaim/parseContext reject`);
    const actual = baseline(c.claim, x.context);
    baselineTime += performance.now() - s;

    statuses.set(expected.status, (statuses.get(expected.status) ?? 0) + 1);
    for (const l of expected.lines) reasons.set(l.reason ?? "paid", (reasons.get(l.reason ?? "paid") ?? 0) + 1);
    if (isDeepStrictEqual(expected, actual)) {
      same++;
      continue;
    }
    if (shown++ < show) {
      console.log(`\n✗ claim ${claim.id}`);
      for (const d of differences(expected, actual).slice(0, 12)) console.log(`  ${d}`);
      console.log(`  claim:   ${JSON.stringify(claim)}`);
      console.log(`  context: ${JSON.stringify(context)}`);
    }
  }

  const lines = records.reduce((n, r) => n + r.claim.lines.length, 0);
  console.log(`\npack ${relative(ROOT, rules)} (${ruleset.name} ${ruleset.version}), ${evaluator} evaluator; ${count} claims, ${lines} lines, seed ${seed}`);
  console.log(`load: engine ${(engineLoad / 1000).toFixed(2)} s, baseline ${(baselineLoad / 1000).toFixed(2)} s; generate ${(genTime / 1000).toFixed(2)} s`);
  console.log(
    `adjudicate: engine ${(engineTime / 1000).toFixed(2)} s (incl. input validation), baseline ${(baselineTime / 1000).toFixed(2)} s (incl. parseClaim/parseContext)`,
  );
  console.log(
    `claim status: ${[...statuses]
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  console.log(
    `line reasons: ${[...reasons]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  console.log(
    `scenarios: ${Object.keys(stats)
      .sort()
      .map((k) => `${k} ${stats[k]}`)
      .join(", ")}`,
  );
  console.log(same === count ? `✓ baseline ≡ engine on all ${count} claims` : `✗ ${count - same} of ${count} claims differ`);
  process.exit(same === count ? 0 : 1);
}

main();
