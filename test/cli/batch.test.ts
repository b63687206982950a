// `edict adjudicate … <claims.ndjson>`: batch runs — error records, resume, workers, carrying,
// the external sort, the summary, no progress bar when piped.
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, truncateSync, statSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { runBatch } from "../../src/cli/batch-command.js";
import { edict, generatedLines, writeLines } from "./batch-support.js";
import { CONTEXT, officeVisit } from "../batch/support.js";
import { tempDir } from "../support/temp.js";

const dir = tempDir("edict-batch-test-");
const input = join(dir, "claims.ndjson");
const reference = join(dir, "reference.ndjson");
let referenceText = "";
let referenceSummary = "";
let recordCount = 0;
const BROKEN_AT = 57;
const INVALID_AT = 130;

beforeAll(() => {
  const lines = generatedLines(11, 400);
  const invalid = JSON.parse(lines[200]);
  invalid.claim.lines[0].units = 0;
  lines.splice(BROKEN_AT - 1, 0, '{"claim": {"id": "C-broken", ');
  lines.splice(INVALID_AT - 1, 0, JSON.stringify(invalid));
  lines.push("");
  writeLines(input, lines);
  recordCount = lines.filter((l) => l.trim() !== "").length;
  const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--output", reference, input]);
  expect(r.code).toBe(2); // malformed records make the exit code 2; the run still finishes
  referenceText = readFileSync(reference, "utf8");
  referenceSummary = r.stdout;
});

const records = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("batch run", () => {
  it("a malformed record becomes an error record naming its input line; every other record has a result", () => {
    const out = records(referenceText);
    expect(out).toHaveLength(recordCount);
    const errors = out.filter((r) => r.error);
    expect(errors.map((e) => e.error.line).sort((a, b) => a - b)).toEqual([BROKEN_AT, INVALID_AT]);
    const invalid = errors.find((e) => e.error.line === INVALID_AT);
    expect(invalid.error.claimId).toMatch(/^C-11-/);
    expect(invalid.error.issues).toContainEqual({ path: "lines[0].units", message: expect.any(String) });
    expect(errors.find((e) => e.error.line === BROKEN_AT).error.issues[0].message).toMatch(/not valid JSON/);
    // every input line with a record has exactly one output record naming it
    const lines = out.map((r) => (r.error ? r.error.line : r.line)).sort((a, b) => a - b);
    expect(new Set(lines).size).toBe(recordCount);
    const inputLines = readFileSync(input, "utf8").split("\n");
    for (const r of out.filter((x) => !x.error)) expect(JSON.parse(inputLines[r.line - 1]).claim.id).toBe(r.claimId);
    expect(referenceSummary).toContain(`${recordCount} records: ${recordCount - 2} claims adjudicated, 2 malformed`);
    expect(referenceSummary).toMatch(/first-pass payment rate: \d+\.\d\d%/);
    expect(referenceSummary).toMatch(/denial rate by rule:/);
  });

  it("processes members in order, each member's claims by date of service", () => {
    const out = records(referenceText).filter((r) => !r.error);
    const inputLines = readFileSync(input, "utf8").split("\n");
    const keyOf = (r: { line: number }) => {
      const claim = JSON.parse(inputLines[r.line - 1]).claim;
      return { member: claim.member.id as string, first: claim.lines.map((l: { serviceDate: string }) => l.serviceDate).sort()[0] as string };
    };
    const keys = out.map(keyOf);
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1], keys[i]];
      expect(JSON.stringify(a.member) < JSON.stringify(b.member) || (a.member === b.member && a.first <= b.first)).toBe(true);
    }
    expect(new Set(keys.map((k) => k.member)).size).toBeLessThan(keys.length); // members with several claims
  });

  it("resumes after an interruption at any point with output byte-identical to an uninterrupted run", () => {
    const out = join(dir, "resumed.ndjson");
    const ends: number[] = [];
    for (let i = referenceText.indexOf("\n"); i >= 0; i = referenceText.indexOf("\n", i + 1)) ends.push(i + 1);
    // a cut inside a member's claims (the next record is the same member's), so the resume replays
    const lines = records(referenceText);
    const member = (r: { line: number }) => (r.line ? JSON.parse(readFileSync(input, "utf8").split("\n")[r.line - 1]).claim.member.id : null);
    const inGroup = lines.findIndex((r, i) => i > 150 && !r.error && lines[i + 1] && !lines[i + 1].error && member(r) === member(lines[i + 1]));
    expect(inGroup).toBeGreaterThan(0);
    const cuts = [0, Math.floor(referenceText.length / 2), ends[inGroup], ends[inGroup] + 17, ends[ends.length - 2] + 3, referenceText.length];
    for (const cut of cuts) {
      copyFileSync(reference, out);
      truncateSync(out, cut);
      const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--output", out, "--resume", input]);
      expect(r.code).toBe(2);
      expect(readFileSync(out, "utf8") === referenceText).toBe(true);
      expect(r.stdout).toBe(referenceSummary);
    }
  });

  it("refuses to resume an output that belongs to another input or other rules", () => {
    const out = join(dir, "other.ndjson");
    writeFileSync(out, referenceText.split("\n").slice(3, 10).join("\n") + "\n");
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--output", out, "--resume", input]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/from another input/);
    const edited = referenceText.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${"0".repeat(64)}"`);
    writeFileSync(out, edited.slice(0, edited.indexOf("\n", 20000) + 1));
    const r2 = edict(["adjudicate", "--rules", "rules/demo-ppo", "--output", out, "--resume", input]);
    expect(r2.code).toBe(3);
    expect(r2.stderr).toMatch(/other rules/);
  });

  it("two worker threads give the same output as one, also when resuming", () => {
    const out = join(dir, "workers.ndjson");
    const options = { rules: "rules/demo-ppo", input, output: out, workers: 2, chunkSize: 16 };
    expect(
      runBatch(
        options,
        () => {},
        () => {},
      ),
    ).toBe(2);
    expect(readFileSync(out, "utf8") === referenceText).toBe(true);
    truncateSync(out, Math.floor(statSync(out).size * 0.37));
    expect(
      runBatch(
        { ...options, resume: true },
        () => {},
        () => {},
      ),
    ).toBe(2);
    expect(readFileSync(out, "utf8") === referenceText).toBe(true);
  });

  it("the external sort gives the same output with many small sorted runs", () => {
    const out = join(dir, "small-runs.ndjson");
    expect(
      runBatch(
        { rules: "rules/demo-ppo", input, output: out, runBytes: 20_000, indexLimit: 0 },
        () => {},
        () => {},
      ),
    ).toBe(2);
    expect(readFileSync(out, "utf8") === referenceText).toBe(true);
  });

  it("workers that index ranges of the input and read records by position give the output of one thread", () => {
    for (const options of [
      { workers: 2, rangeBytes: 4096, chunkSize: 16 },
      { workers: 3, rangeBytes: 1, chunkSize: 1 },
      { workers: 2, indexLimit: 0, runBytes: 50_000, chunkSize: 7 },
    ]) {
      const out = join(dir, "ranges.ndjson");
      const summary = join(dir, "ranges-summary.json");
      let text = "";
      expect(
        runBatch(
          { rules: "rules/demo-ppo", input, output: out, summaryJson: summary, ...options },
          (s) => (text += s),
          () => {},
        ),
      ).toBe(2);
      expect(readFileSync(out, "utf8") === referenceText).toBe(true);
      // the workers' own summaries add up to the one-thread summary
      expect(text).toBe(referenceSummary);
    }
  });

  it("reads an input already in processing order in blocks, giving the external sort's output", () => {
    // the input's records in the order the batch processes them (the reference output's lines name
    // them), so each record starts where the one before ended and the reader serves it from a block
    const inputLines = readFileSync(input, "utf8").split("\n");
    const order = records(referenceText).map((r) => (r.error ? r.error.line : r.line) as number);
    const sorted = join(dir, "in-order.ndjson");
    writeLines(
      sorted,
      order.map((line) => inputLines[line - 1]!),
    );
    const run = (options: object, name: string) => {
      const out = join(dir, `${name}.ndjson`);
      let text = "";
      expect(
        runBatch(
          { rules: "rules/demo-ppo", input: sorted, output: out, ...options },
          (s) => (text += s),
          () => {},
        ),
      ).toBe(2);
      return { output: readFileSync(out, "utf8"), summary: text };
    };
    const external = run({ indexLimit: 0 }, "in-order-external");
    // the same claims as the reference, each now on the line of its place in the order
    expect(records(external.output).map((r) => r.claimId ?? "error")).toEqual(records(referenceText).map((r) => r.claimId ?? "error"));
    expect(external.summary).toBe(referenceSummary);
    for (const [options, name] of [
      [{}, "in-order-one"],
      [{ workers: 2, chunkSize: 16 }, "in-order-two"],
      [{ workers: 2, chunkSize: 1, rangeBytes: 5000 }, "in-order-small"],
    ] as const) {
      const got = run(options, name);
      expect(got.output === external.output).toBe(true);
      expect(got.summary).toBe(external.summary);
    }
  });

  it("carries a member's deductible, history and order across claims given in any order", () => {
    const file = join(dir, "member.ndjson");
    const ctx = join(dir, "context.json");
    writeFileSync(ctx, JSON.stringify(CONTEXT));
    // input order: the later claim first; the third repeats the first's service
    writeLines(file, [
      JSON.stringify(officeVisit("C-2", "M-7", "2026-03-09", { npi: "1003000126" })),
      JSON.stringify(officeVisit("C-1", "M-7", "2026-03-02")),
      JSON.stringify(officeVisit("C-0", "M-6", "2026-03-01")),
      JSON.stringify(officeVisit("C-3", "M-7", "2026-03-20", { code: "99214" })),
      JSON.stringify(officeVisit("C-1b", "M-7", "2026-03-02")),
    ]);
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", ctx, file]);
    expect(r.code).toBe(0);
    const out = records(r.stdout);
    expect(out.map((x) => x.claimId)).toEqual(["C-0", "C-1", "C-1b", "C-2", "C-3"]);
    const [, first, dup, second] = out;
    expect(first.lines[0].adjustments).toContainEqual({ group: "PR", reason: "1", amount: "100.00" });
    expect(dup.lines[0]).toMatchObject({ status: "denied", reason: "CO-18" });
    expect(dup.decidedBy).toEqual([{ lineNumber: 1, rule: "demo-ppo/duplicate_of_paid" }]);
    // the deductible was met by the first claim: the second pays coinsurance only
    expect(second.lines[0].adjustments.map((a: { reason: string }) => a.reason)).toEqual(["45", "2"]);
    // M-6 is another member: its own deductible
    expect(out[0].lines[0].adjustments).toContainEqual({ group: "PR", reason: "1", amount: "100.00" });
    expect(r.stderr).toContain("5 records: 5 claims adjudicated, 0 malformed");
  });

  it("run as a process with stderr piped: no progress bar, the summary, the exit code", () => {
    const out = join(dir, "piped.ndjson");
    const p = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        'import("./src/cli/main.ts").then(m=>{process.exitCode=m.run(process.argv.slice(1),s=>process.stdout.write(s),s=>process.stderr.write(s+"\\n"))})',
        "--",
        "adjudicate",
        "--rules",
        "rules/demo-ppo",
        "--workers",
        "2",
        "--output",
        out,
        input,
      ],
      { encoding: "utf8" },
    );
    expect(p.status).toBe(2);
    expect(p.stderr).not.toContain("\r");
    expect(p.stderr).not.toContain("ETA");
    expect(p.stdout).toBe(referenceSummary);
    expect(readFileSync(out, "utf8") === referenceText).toBe(true);
  });

  it("explains a wrong command line", () => {
    expect(edict(["adjudicate", "--rules", "rules/demo-ppo", "--resume", input]).stderr).toMatch(/--resume continues the file named by --output/);
    expect(edict(["adjudicate", "--rules", "rules/demo-ppo", "--workers", "0", input]).code).toBe(3);
    expect(edict(["adjudicate", "--rules", "rules/demo-ppo", join(dir, "missing.ndjson")]).code).toBe(4);
  });
});
