// The workbench's browser-free parts, in Node: the zip writer and reader, how an opened folder or
// zip finds its entry pack and how saved paths are made, the worker's test run (its coverage
// marks placed at the rule and condition) and the impact run over a streamed NDJSON file.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePack } from "../../src/index.js";
import { crc32, unzipFiles, zipFiles } from "../../src/editor/workbench/zip.js";
import { guessEntry, isPackFile, relativePaths } from "../../src/editor/workbench/pack-io.js";
import { handleWorkbench, testFilesOf, type Compile } from "../../src/editor/workbench/worker-tasks.js";
import { expectationDifferences } from "../../src/editor/workbench/expectation.js";
import { packHash, sameFiles } from "../../src/editor/workbench/drafts.js";
import type { ImpactProgress, ImpactReply, TestsReply } from "../../src/editor/workbench/protocol.js";
import { demoExamples, demoFiles, DEMO_ENTRY } from "../../scripts/editor-data.js";
import { ROOT } from "../../scripts/editor-build.js";
import { tempDir } from "../support/temp.js";

const files = demoFiles(ROOT);
const PLAN = `${DEMO_ENTRY}/plan.edict`;
const compile: Compile = (_version, entry, f) => compilePack(entry, f);

describe("zip", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("round-trips a pack, byte-identical text, UTF-8 paths and contents", async () => {
    const pack = { ...files, "rules/demo-ppo/notes/é.edict": "// café ✓\n" };
    expect(await unzipFiles(zipFiles(pack))).toEqual(pack);
  });

  it("writes a zip the system's unzip accepts, with the same files", () => {
    if (!existsSync("/usr/bin/unzip")) throw new Error("unzip is not installed (apt-get install unzip)");
    const dir = tempDir("edict-zip-");
    try {
      writeFileSync(join(dir, "pack.zip"), zipFiles(files));
      const test = spawnSync("/usr/bin/unzip", ["-tq", join(dir, "pack.zip")], { encoding: "utf8" });
      expect(test.status, test.stdout + test.stderr).toBe(0);
      spawnSync("/usr/bin/unzip", ["-q", join(dir, "pack.zip"), "-d", join(dir, "out")]);
      expect(readFileSync(join(dir, "out", PLAN), "utf8")).toBe(files[PLAN]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads deflated entries (a zip made by another tool)", async () => {
    if (!existsSync("/usr/bin/zip")) throw new Error("zip is not installed (apt-get install zip)");
    const dir = tempDir("edict-zip-");
    try {
      writeFileSync(join(dir, "plan.edict"), files[PLAN]);
      const made = spawnSync("/usr/bin/zip", ["-q", "-9", "pack.zip", "plan.edict"], { cwd: dir });
      expect(made.status).toBe(0);
      expect(await unzipFiles(new Uint8Array(readFileSync(join(dir, "pack.zip"))))).toEqual({ "plan.edict": files[PLAN] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says so when the bytes are not a zip", async () => {
    await expect(unzipFiles(new TextEncoder().encode("not a zip at all, just text"))).rejects.toThrow(/not a zip file/);
  });
});

describe("opening and saving packs", () => {
  it("takes sources, tables and test cases, nothing else", () => {
    expect(["a/plan.edict", "a/tables/fees.csv", "a/tests/01.json", "a/notes.json", "a/tests/deep/x.json", "a/README.md"].filter(isPackFile)).toEqual([
      "a/plan.edict",
      "a/tables/fees.csv",
      "a/tests/01.json",
    ]);
  });

  it("finds the entry pack: the one no other pack includes", () => {
    expect(guessEntry(files)).toBe(DEMO_ENTRY);
    const zipped = Object.fromEntries(Object.entries(files).map(([p, t]) => [p.replace(/^rules\//, ""), t]));
    expect(guessEntry(zipped)).toBe("demo-ppo");
  });

  it("writes paths under the packs' common folder's parent, or the folder opened", () => {
    const rel = relativePaths(files);
    expect(Object.keys(rel)).toEqual(Object.keys(files));
    const one = { "rules/demo-ppo/plan.edict": "x", "rules/demo-ppo/tables/fees.csv": "y" };
    expect(relativePaths(one)).toEqual({ "demo-ppo/plan.edict": "x", "demo-ppo/tables/fees.csv": "y" });
    expect(relativePaths(one, "rules/demo-ppo")).toEqual({ "plan.edict": "x", "tables/fees.csv": "y" });
    expect(relativePaths({ "demo-ppo/plan.edict": "x" }, "demo-ppo")).toEqual({ "plan.edict": "x" });
  });

  it("tells packs apart by hash, and compares files exactly", () => {
    expect(packHash(files)).toBe(packHash({ ...files }));
    expect(packHash({ ...files, [PLAN]: `${files[PLAN]} ` })).not.toBe(packHash(files));
    expect(sameFiles(files, { ...files })).toBe(true);
    expect(sameFiles(files, { ...files, extra: "" })).toBe(false);
  });
});

describe("the worker's test run", () => {
  it("runs the entry pack's tests only, and places each coverage gap at its rule and condition", async () => {
    expect(testFilesOf(DEMO_ENTRY, files).length).toBeGreaterThan(0);
    expect(testFilesOf(DEMO_ENTRY, files).every((p) => p.startsWith(`${DEMO_ENTRY}/tests/`))).toBe(true);
    const rule = 'rule huge_units "Huge"\n  phase eligibility\n  cite "t"\n  when line.units > 999\n  then deny CO-29\n\n';
    const edited = { ...files, [PLAN]: `${files[PLAN]}\n${rule}` };
    const reply = (await handleWorkbench({ id: 1, kind: "tests", version: 1, entry: DEMO_ENTRY, files: edited }, compile, () => undefined)) as TestsReply;
    if (reply.kind !== "run") throw new Error(`expected a run, got ${reply.kind}`);
    expect(reply.failed).toBe(0);
    const line = edited[PLAN].split("\n").indexOf('rule huge_units "Huge"') + 1;
    expect(reply.marks.map((m) => [m.kind, m.span.file, m.span.line, m.span.col])).toEqual([
      ["item", PLAN, line, 1],
      ["condition", PLAN, line + 3, 8],
    ]);
    expect(reply.marks.map((m) => m.message)).toEqual(reply.gaps);
  });

  it("reports a test file that is not JSON as invalid, the others still run", async () => {
    const broken = { ...files, [`${DEMO_ENTRY}/tests/99-broken.json`]: "{ not json" };
    const reply = (await handleWorkbench({ id: 1, kind: "tests", version: 1, entry: DEMO_ENTRY, files: broken }, compile, () => undefined)) as TestsReply;
    if (reply.kind !== "run") throw new Error(`expected a run, got ${reply.kind}`);
    expect(reply.invalid).toBe(1);
    const bad = reply.outcomes.find((o) => o.status === "invalid")!;
    expect(bad.name).toBe(`${DEMO_ENTRY}/tests/99-broken.json`);
    expect(bad.errors[0]).toMatch(/^not valid JSON: /);
    expect(reply.passed).toBe(testFilesOf(DEMO_ENTRY, files).length);
  });

  it("says when the pack has no tests, and when the rules do not compile", async () => {
    const none = Object.fromEntries(Object.entries(files).filter(([p]) => !p.includes("/tests/")));
    expect(await handleWorkbench({ id: 1, kind: "tests", version: 1, entry: DEMO_ENTRY, files: none }, compile, () => undefined)).toEqual({
      kind: "no-tests",
      folder: `${DEMO_ENTRY}/tests`,
    });
    const broken = { ...files, [PLAN]: files[PLAN].replace("line.serviceDate + timely_filing", "line.serviceDat + timely_filing") };
    const reply = (await handleWorkbench({ id: 1, kind: "tests", version: 1, entry: DEMO_ENTRY, files: broken }, compile, () => undefined)) as TestsReply;
    expect(reply.kind).toBe("rule-errors");
  });
});

describe("the worker's impact run", () => {
  const head = { ...files, [PLAN]: files[PLAN].replace("= $25.00", "= $30.00") };
  const examples = demoExamples(ROOT);

  it("finds the same changes in a streamed NDJSON file as in the records given inline, with progress", async () => {
    const inline = (await handleWorkbench(
      {
        id: 1,
        kind: "impact",
        base: { entry: DEMO_ENTRY, files },
        head: { entry: DEMO_ENTRY, files: head },
        source: { kind: "records", records: examples.map((e) => ({ name: e.name, claim: e.claim, context: e.context })) },
      },
      compile,
      () => undefined,
    )) as ImpactReply;
    if (inline.kind !== "impact") throw new Error("expected an impact");
    expect(inline.changes.length).toBeGreaterThan(0);
    expect(inline.changes.every((c) => c.sides && c.name)).toBe(true);
    expect(inline.summary.claims).toBe(examples.length);

    // the same records in a file, with a blank line and a malformed record among them
    const lines = examples.map((e) => JSON.stringify({ claim: e.claim, context: e.context }));
    const text = [...lines.slice(0, 3), "", "{ broken", ...lines.slice(3)].join("\n") + "\n";
    const progress: ImpactProgress[] = [];
    const streamed = (await handleWorkbench(
      {
        id: 2,
        kind: "impact",
        base: { entry: DEMO_ENTRY, files },
        head: { entry: DEMO_ENTRY, files: head },
        source: { kind: "file", file: new Blob([text]), name: "claims.ndjson" },
      },
      compile,
      (p) => progress.push(p),
    )) as ImpactReply;
    if (streamed.kind !== "impact") throw new Error("expected an impact");
    expect(streamed.changes.map((c) => c.claimId)).toEqual(inline.changes.map((c) => c.claimId));
    expect(streamed.malformed.map((m) => m.line)).toEqual([5]);
    expect(streamed.summary.malformed).toBe(1);
    expect(streamed.summary.paid).toEqual(inline.summary.paid);
    expect(streamed.summary.byRule).toEqual(inline.summary.byRule);
    const last = progress.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(last.total).toBe(new TextEncoder().encode(text).length);
  });

  it("names the side whose rules do not compile", async () => {
    const broken = { ...files, [PLAN]: files[PLAN].replace("office_copay", "office copay") };
    const reply = await handleWorkbench(
      { id: 1, kind: "impact", base: { entry: DEMO_ENTRY, files }, head: { entry: DEMO_ENTRY, files: broken }, source: { kind: "records", records: [] } },
      compile,
      () => undefined,
    );
    expect((reply as ImpactReply).kind).toBe("rule-errors");
    expect((reply as Extract<ImpactReply, { kind: "rule-errors" }>).side).toBe("head");
  });
});

describe("the try-it expectation check", () => {
  it("lists what departs from the example's expectation", () => {
    const result = { status: "paid", totals: { billed: "120.00", allowed: "94.62", paid: "64.62", patientResponsibility: "30.00" } };
    const expected = { status: "paid", totals: { paid: "69.62", patientResponsibility: "25.00" } };
    expect(expectationDifferences(expected, result as never)).toEqual(["paid 69.62 → 64.62", "patient 25.00 → 30.00"]);
    expect(expectationDifferences({ status: "denied" }, result as never)).toEqual(["status denied → paid"]);
    expect(expectationDifferences(undefined, result as never)).toEqual([]);
  });
});
