// One very long claim: how adjudication time grows with a claim's lines. The lines of many
// generated claims (bench/gen-claims.ts, the realistic mix) become the lines of one claim, so
// the PTP pairs, MUE sums, duplicates and authorizations of the mix all meet in it.
//
//   npm run bench:long [-- --seed 7 --lines 2500,5000,10000,20000 --shape mix|same]
//
// `--shape same` repeats one office-visit line on one date instead: the worst case for the pair
// scans this replaced (every line meets every other line in the PTP and MUE rules).
//
// Prints, for each size, the best and median of five runs of `ruleset.adjudicate` (validation
// included) with the compiled evaluator, untraced and traced.
import { loadPack } from "../src/node/index.js";
import { generateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";
import { parseArgs } from "./rng.js";

const args = parseArgs(process.argv.slice(2));
const seed = Number(args.get("seed") ?? 7);
const sizes = String(args.get("lines") ?? "2500,5000,10000,20000")
  .split(",")
  .map(Number);
const same = args.get("shape") === "same";

const pack = loadPack("rules/demo-ppo");
if (!pack.ok) throw new Error("rules/demo-ppo does not load");
const ruleset = pack.ruleset;
const records = generateClaims(seed, Math.ceil(Math.max(...sizes) / 2), loadPackTables("rules/demo-ppo"));

/** the first `n` lines of the generated claims as one claim of one member */
function longClaim(n: number): { claim: unknown; context: unknown } {
  const first = records[0];
  const diagnoses: string[] = [];
  const lines: unknown[] = [];
  let last = "";
  for (const r of same ? Array.from({ length: n }, () => records[0]) : records) {
    for (const l of same ? r.claim.lines.slice(0, 1) : r.claim.lines) {
      if (lines.length >= n) break;
      const pointers = l.diagnosisPointers.map((p) => {
        const code = r.claim.diagnoses[p - 1];
        let at = diagnoses.indexOf(code);
        if (at < 0) at = diagnoses.push(code) - 1;
        return at + 1;
      });
      lines.push({ ...l, lineNumber: lines.length + 1, diagnosisPointers: [...new Set(pointers)] });
      if (l.serviceDate > last) last = l.serviceDate;
    }
  }
  return { claim: { ...first.claim, id: `C-LONG-${n}`, receivedDate: last, diagnoses, lines }, context: first.context };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log("| lines | untraced best | untraced median | traced best | traced median | claim status |");
console.log("|---|---|---|---|---|---|");
for (const n of sizes) {
  const { claim, context } = longClaim(n);
  const limits = { claimLines: n, listItems: Math.max(10_000, n) };
  const time = (trace: boolean) => {
    const runs: number[] = [];
    let status = "";
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      const out = ruleset.adjudicate(claim, context, { trace, limits });
      runs.push(performance.now() - t);
      if (!out.ok) throw new Error(JSON.stringify(out.issues.slice(0, 3)));
      status = out.result.status;
    }
    return { best: Math.min(...runs), median: median(runs), status };
  };
  time(false); // warm up
  const plain = time(false);
  const traced = time(true);
  const ms = (x: number) => `${Math.round(x).toLocaleString("en-US")} ms`;
  console.log(`| ${n.toLocaleString("en-US")} | ${ms(plain.best)} | ${ms(plain.median)} | ${ms(traced.best)} | ${ms(traced.median)} | ${plain.status} |`);
}
