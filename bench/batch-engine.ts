// The engine's rate on the claims a batch runs, so "one batch worker is x% of the engine" compares
// like with like: `npm run bench:batch-engine -- --input claims.ndjson [--rules rules/demo-ppo]
// [--count 30000] [--rounds 5]`. It takes the first --count records of the file's processing
// order (members by id, each member's claims by first date of service: whole members, as a batch
// runs them), runs them once through the batch's runner (src/batch/runner.ts) to get each claim
// parsed and validated and its context with the member's carried state applied, then times, in
// alternating rounds on this one thread (process CPU time, built code):
//   engine         `ruleset.adjudicateWithDecisions` on those parsed claims and contexts (what a
//                  batch calls per claim), nothing else;
//   engine+carry   the same plus applying and advancing the member's carried state;
//   parse          `parseRecord` (src/batch/runner.ts) of each record's text, given the keys the
//                  batch's index counts in it (as a batch run is): the one-pass reader
//                  (src/model/read-record.ts), or for a record it declines the strict JSON reader
//                  and the validation of the claim and its context (src/model), nothing else;
//   parse-general  the same without the one-pass reader (`parseRecordGenerally`): the strict JSON
//                  reader, then validation, for every record;
//   json-parse     V8's `JSON.parse` of each record's text and nothing else: no validation, no dates
//                  or cents. Not a path the batch takes; the floor under any reader of the whole record,
//                  so "engine + json-parse" bounds what a worker that reads every record's bytes can reach;
//   write          the result lines written as a batch writes them (src/batch/write.ts), from
//                  results made beforehand;
//   runner         `BatchRunner.processInto` on the records' text in memory: parse, validate, carry,
//                  adjudicate, write the line, the summary's facts — a batch worker's work per
//                  record without the index, the reads from the file and the writes to it;
//   runner-json    the same with the line made as before src/batch/write.ts: `process(...).json`
//                  (JSON.stringify of the record), joined and encoded to UTF-8 a megabyte at a time.
// The warm-up round's output lines must equal the first pass's. Built by bench/build.ts, as `npm run bench` is.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { loadPack } from "../src/node/index.js";
import { BatchRunner, parseDefaultContext, parseRecord, parseRecordGenerally } from "../src/batch/runner.js";
import { OutputBuffer, writeResult } from "../src/batch/write.js";
import { scanSortKey } from "../src/batch/scan.js";
import { factsOf } from "../src/batch/summary.js";
import type { Decisions } from "../src/engine/adjudicate.js";
import { advanceState, applyState, emptyState, type MemberState } from "../src/batch/carry.js";
import { compareKeys, sameGroup, sortKeyOf, type SortKey } from "../src/batch/order.js";
import type { Claim, Context, Result } from "../src/model/types.js";
import { intArg, parseArgs } from "./rng.js";

const args = parseArgs(process.argv.slice(2));
const INPUT = args.get("input");
const RULES = args.get("rules") ?? "rules/demo-ppo";
const COUNT = intArg(args, "count", 30_000);
const ROUNDS = intArg(args, "rounds", 5);
/** the phases to time (default all), e.g. `--phases runner` under a profiler */
const ONLY = args.get("phases")?.split(",");
if (!INPUT) throw new Error("give the batch input: --input <claims.ndjson>");

const loaded = loadPack(RULES);
if (!loaded.ok) throw new Error(`${RULES} does not load`);
const ruleset = loaded.ruleset;

// the processing order of the whole file, then its first COUNT records
const texts = readFileSync(INPUT, "utf8").split("\n");
if (texts[texts.length - 1] === "") texts.pop();
const keys: Array<SortKey & { text: string }> = texts.map((text, i) => ({ ...sortKeyOf(text, i + 1), text }));
keys.sort(compareKeys);
texts.length = 0;
const records = keys.slice(0, COUNT).map((r) => {
  // the keys of each record as the batch's index counts them (src/batch/scan.ts), which the strict reader is given
  const bytes = Buffer.from(r.text, "utf8");
  // the text as a batch has it, decoded from the record's bytes (not a slice of the whole file's text)
  return { ...r, text: bytes.toString("utf8"), keys: scanSortKey(bytes, 0, bytes.length)?.keys ?? -1 };
});
keys.length = 0;

// once through the batch's runner: each claim parsed and validated, its context with the carry applied
const runner = new BatchRunner(ruleset, parseDefaultContext(ruleset, undefined), {});
const inputs: Array<{ claim: Claim; base: Context; context: Context; group: boolean }> = [];
const results: Array<{ line: number; result: Result; decided: Decisions["decidedBy"] }> = [];
const expected: string[] = [];
let previous: SortKey | null = null;
let malformed = 0;
for (const r of records) {
  const group = previous === null || !sameGroup(previous, r);
  if (group) runner.startGroup();
  previous = r;
  const p = runner.process(r.text, r.line, r.keys);
  expected.push(p.json);
  if (!p.claim || !p.context) {
    malformed++;
    continue;
  }
  inputs.push({ claim: p.claim, base: p.context, context: p.context, group });
  const { result, decisions } = ruleset.adjudicateWithDecisions(p.claim, p.context);
  results.push({ line: r.line, result, decided: decisions.decidedBy });
}
// engine+carry needs each claim's context before the carry: the records again, each as a new group
{
  let i = 0;
  const bare = new BatchRunner(ruleset, parseDefaultContext(ruleset, undefined), {});
  for (const r of records) {
    const p = bare.process(r.text, r.line);
    if (!p.claim) continue;
    bare.startGroup(); // no carry: the context as the record gives it
    inputs[i++]!.base = p.context!;
  }
}

function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

// each round gets its own copies of the claims and contexts (made untimed): the engine may keep
// what it derives from an input object for as long as the object lives, and a batch never gives
// it the same object twice
let fresh = inputs;
const copy = () => {
  fresh = structuredClone(inputs);
};
const program = ruleset.program;
const out = new OutputBuffer(1 << 21);
const decoder = new TextDecoder();
const encoder = new TextEncoder();
// the warm-up round checks the runner's lines against the first pass's; the timed rounds do not decode them
let checking = true;
const phases: Record<string, () => void> = {
  engine() {
    for (const x of fresh) ruleset.adjudicateWithDecisions(x.claim, x.context);
  },
  "engine+carry"() {
    let state: MemberState = emptyState();
    for (const x of fresh) {
      if (x.group) state = emptyState();
      const context = applyState(x.base, state);
      const { result, decisions } = ruleset.adjudicateWithDecisions(x.claim, context);
      advanceState(state, program, x.claim, result, decisions.authorizationUnits);
    }
  },
  parse() {
    const none = parseDefaultContext(ruleset, undefined);
    for (const rec of records) parseRecord(rec.text, ruleset, none, undefined, rec.keys);
  },
  "parse-general"() {
    const none = parseDefaultContext(ruleset, undefined);
    for (const rec of records) parseRecordGenerally(rec.text, ruleset, none, undefined, rec.keys);
  },
  "json-parse"() {
    for (const rec of records) JSON.parse(rec.text);
  },
  write() {
    out.clear();
    for (const x of results) {
      writeResult(out, x.line, x.result, x.decided);
      if (out.length > 1 << 20) out.clear();
    }
  },
  runner() {
    const r = new BatchRunner(ruleset, parseDefaultContext(ruleset, undefined), {});
    let prev: SortKey | null = null;
    out.clear();
    for (let i = 0; i < records.length; i++) {
      const rec = records[i]!;
      if (prev === null || !sameGroup(prev, rec)) r.startGroup();
      prev = rec;
      const before = out.length;
      r.processInto(rec.text, rec.line, rec.keys, out);
      if (checking && decoder.decode(out.bytes.subarray(before, out.length)) !== expected[i]! + "\n")
        throw new Error(`input line ${rec.line}: the runner's output changed`);
      if (out.length > 1 << 20) out.clear();
    }
  },
  "runner-json"() {
    const r = new BatchRunner(ruleset, parseDefaultContext(ruleset, undefined), {});
    let prev: SortKey | null = null;
    let parts: string[] = [];
    let size = 0;
    for (let i = 0; i < records.length; i++) {
      const rec = records[i]!;
      if (prev === null || !sameGroup(prev, rec)) r.startGroup();
      prev = rec;
      const p = r.process(rec.text, rec.line, rec.keys);
      const line = p.json + "\n";
      parts.push(line);
      factsOf(p.record);
      size += line.length;
      if (size > 1 << 20) {
        encoder.encode(parts.join(""));
        parts = [];
        size = 0;
      }
    }
    encoder.encode(parts.join(""));
  },
};

if (ONLY) for (const name of Object.keys(phases)) if (!ONLY.includes(name)) delete phases[name];
const times: Record<string, number[]> = Object.fromEntries(Object.keys(phases).map((k) => [k, []]));
const load: string[] = [];
for (let round = 0; round < ROUNDS + 1; round++) {
  // round 0 warms up (not counted); then each round runs every phase, in a rotating order
  const names = Object.keys(phases);
  const order = names.map((_, k) => names[(k + round) % names.length]!);
  for (const name of order) {
    if (name.startsWith("engine")) copy();
    const t0 = cpu();
    phases[name]!();
    const t = cpu() - t0;
    if (round > 0) times[name]!.push(t);
  }
  if (round > 0) load.push(loadavg()[0]!.toFixed(2));
  checking = false;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const rate = (name: string, n: number) => Math.round(n / median(times[name]!));
console.log(`${records.length} records of ${INPUT} (first of the processing order), ${inputs.length} claims, ${malformed} malformed; ${RULES}`);
console.log(`load average (1 min) after each round: ${load.join(", ")}`);
for (const name of Object.keys(phases)) {
  const n = name.startsWith("runner") || name.includes("parse") ? records.length : inputs.length;
  console.log(
    `${name.padEnd(13)} ${String(rate(name, n)).padStart(7)} claims per CPU-second (median of ${ROUNDS}; CPU s ${times[name]!.map((t) => t.toFixed(2)).join(", ")})`,
  );
}
if (phases.runner && phases.engine) console.log(`runner ÷ engine: ${((100 * rate("runner", records.length)) / rate("engine", inputs.length)).toFixed(0)}%`);
if (phases["json-parse"] && phases.engine) {
  // per claim: the engine's time over the engine's plus JSON.parse's, the best share of the engine a worker that parses every record can have
  const engine = 1 / rate("engine", inputs.length);
  const parse = 1 / rate("json-parse", records.length);
  console.log(`engine ÷ (engine + json-parse): ${((100 * engine) / (engine + parse)).toFixed(0)}% (the ceiling for a worker that parses each whole record)`);
}
