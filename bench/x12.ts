// `npm run bench:x12 -- [--claims 20000] [--rounds 3] [--seed 7]` (built by bench/build.ts): the X12 path's speed next to
// the JSON path's, on the same generated claims (bench/gen-claims.ts, over the shipped
// rules/demo-ppo tables so the run needs no generated NCCI tables). Each round times, in turn:
// adjudication of validated claims, the JSON path (validation + adjudication), 837 reading
// (envelopes, the guide walk, mapping, parseClaim), 835 writing, and the whole X12 path
// (read837 → context → adjudicate → write835). Rounds interleave the measures so a busy
// neighbour on this shared machine slows all of them alike; the load average is recorded.
// Writes bench/X12.md.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { loadPack } from "../src/node/index.js";
import { parseClaim, parseContext } from "../src/model/schemas.js";
import type { Claim, Context } from "../src/model/types.js";
import { read837, write835, type Remittance } from "../src/interop/x12/index.js";
import { write837 } from "../src/interop/x12/write837.js";
import { generateClaims } from "./gen-claims.js";
import { loadPackTables } from "./tables.js";
import { intArg, parseArgs } from "./rng.js";

const args = parseArgs(process.argv.slice(2));
const CLAIMS = intArg(args, "claims", 20_000);
const ROUNDS = intArg(args, "rounds", 3);
const SEED = intArg(args, "seed", 7);
const PACK = "rules/demo-ppo";

const log = (s: string) => process.stderr.write(`${s}\n`);
const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");

/** wall-clock and CPU seconds (this process, all its threads): on a shared machine the CPU time shows the work itself */
function time(fn: () => void): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const cpu = process.cpuUsage(cpu0);
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
}

const loaded = loadPack(PACK);
if (!loaded.ok) throw new Error(`${PACK} does not compile`);
const ruleset = loaded.ruleset;
const accumulators = ruleset.program.accumulators;

log(`generating ${f0(CLAIMS)} claims (seed ${SEED}) …`);
const records = generateClaims(SEED, CLAIMS, loadPackTables(PACK));
const inputs: Array<{ claim: Claim; context: Context }> = records.map((r, i) => {
  const claim = parseClaim(r.claim);
  const context = parseContext(r.context, { accumulators });
  if (!claim.ok || !context.ok) throw new Error(`generated claim ${i} is invalid`);
  return { claim: claim.claim, context: context.context };
});
const lines = inputs.reduce((n, x) => n + x.claim.lines.length, 0);

// the 837 a clearinghouse would send: every claim in one interchange; contexts by claim id
const network = new Map<string, "in" | "out">();
for (const x of inputs) if (!network.has(x.claim.provider.npi)) network.set(x.claim.provider.npi, x.claim.provider.network);
const text837 = write837(
  inputs.map((x) => x.claim),
  { controlNumber: 1, date: "2026-12-31" },
);
const contextJson = new Map(records.map((r) => [r.claim.id as string, r.context]));
const remittances: Remittance[] = inputs.map((x) => ({ claim: x.claim, result: ruleset.adjudicateParsed(x.claim, x.context) }));
log(`837: ${(text837.length / 1e6).toFixed(1)} MB; warming up …`);
read837(text837.slice(0, text837.indexOf("HL*2001*")) + "SE*1*0001~\nGE*1*1~\nIEA*1*000000001~\n", { network: (npi) => network.get(npi) ?? "out" });
for (const x of inputs.slice(0, 2000)) ruleset.adjudicateParsed(x.claim, x.context);
write835(remittances.slice(0, 2000), { date: "2026-12-31", controlNumber: 2 });

const measures = {
  "adjudicate (validated input)": () => {
    for (const x of inputs) ruleset.adjudicateParsed(x.claim, x.context);
  },
  "JSON path (validate + adjudicate)": () => {
    for (const r of records) ruleset.adjudicate(r.claim, r.context);
  },
  "837 read (read837)": () => {
    const read = read837(text837, { network: (npi) => network.get(npi) ?? "out" });
    if (read.claims.length !== CLAIMS) throw new Error(`read ${read.claims.length} claims: ${read.errors.slice(0, 3).join("; ")}`);
  },
  "835 write (write835)": () => {
    write835(remittances, { date: "2026-12-31", controlNumber: 2 });
  },
  "X12 path (read837 + adjudicate + write835)": () => {
    const read = read837(text837, { network: (npi) => network.get(npi) ?? "out" });
    const out: Remittance[] = read.claims.map((c) => {
      const context = parseContext(contextJson.get(c.parsed.id), { accumulators });
      if (!context.ok) throw new Error("context");
      return { claim: c.parsed, result: ruleset.adjudicateParsed(c.parsed, context.context), source: c.source };
    });
    write835(out, { date: "2026-12-31", controlNumber: 2 });
  },
};

const seconds: Record<string, number[]> = Object.fromEntries(Object.keys(measures).map((k) => [k, []]));
const cpuSeconds: Record<string, number[]> = Object.fromEntries(Object.keys(measures).map((k) => [k, []]));
const started = process.hrtime.bigint();
const loads: string[] = [load()];
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, fn] of Object.entries(measures)) {
    const t = time(fn);
    seconds[name]!.push(t.wall);
    cpuSeconds[name]!.push(t.cpu);
    log(`round ${round}: ${name}: ${f0(CLAIMS / t.wall)} claims/s (${f0(CLAIMS / t.cpu)} per CPU-second)`);
  }
  loads.push(load());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = Object.entries(seconds).map(([name, s]) => {
  const rates = s.map((x) => CLAIMS / x);
  return `| ${name} | ${f0(CLAIMS / median(s))} | ${f0(Math.min(...rates))}–${f0(Math.max(...rates))} | ${f0(CLAIMS / median(cpuSeconds[name]!))} |`;
});
const timed = Number(process.hrtime.bigint() - started) / 1e9;
const command = `npm run bench:x12 -- --claims ${CLAIMS} --rounds ${ROUNDS} --seed ${SEED}`;
const md = `# X12 benchmark

Command: \`${command}\` — ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}.
Workload: ${f0(CLAIMS)} generated claims (${f0(lines)} lines) on \`${PACK}\` (the shipped tables), as one
837P interchange of ${(text837.length / 1e6).toFixed(1)} MB. Load average (1 / 5 / 15 min) before the rounds and after each:
${loads.map((l) => `\`${l}\``).join(", ")}.

The timed rounds took ${timed.toFixed(0)} s of wall-clock time.

| measure | claims/s (median of ${ROUNDS}) | range | claims per CPU-second (median) |
|---|---|---|---|
${rows.join("\n")}

"837 read" covers the envelopes, the guide walk (every segment placed in its loop and every
element checked against the 837P map), the mapping to contract JSON and parseClaim's validation;
the 999 is written too. "X12 path" adds parsing each member's context, adjudicating and writing the 835.
Claims per CPU-second divide by the CPU time of this process (all its threads, the garbage
collector's included): on a machine shared with other work it shows the cost of the work itself,
where claims/s also shows how much of the machine the run was given.
`;
writeFileSync("bench/X12.md", md);
process.stdout.write(md);
