// The command line against hostile or unlucky use: damaged and signed artifacts, missing rules,
// bad JSON, a claim that cannot be decided in a batch, two runs on one output, a killed run's
// temporary files, rule files outside their pack.
import { describe, it, expect, beforeAll } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { hostname, tmpdir } from "node:os";
import { edict, generatedLines, writeLines } from "./batch-support.js";
import { edict as edictBinary } from "./installed.js";
import { tempDir } from "../support/temp.js";

const EXAMPLE = "examples/claims/01-office-visit-in-network";
const dir = tempDir("edict-hard-");
const art = join(dir, "demo.edict.bin");
const signed = join(dir, "demo-signed.edict.bin");
const keys = generateKeyPairSync("ed25519");
const stranger = generateKeyPairSync("ed25519");
const key = join(dir, "key.pem");
const pub = join(dir, "pub.pem");
const strangerPub = join(dir, "stranger.pem");

beforeAll(() => {
  writeFileSync(key, keys.privateKey.export({ format: "pem", type: "pkcs8" }));
  writeFileSync(pub, keys.publicKey.export({ format: "pem", type: "spki" }));
  writeFileSync(strangerPub, stranger.publicKey.export({ format: "pem", type: "spki" }));
  expect(edict(["build", "rules/demo-ppo", "-o", art]).code).toBe(0);
  const b = edict(["build", "rules/demo-ppo", "-o", signed, "--sign", key]);
  expect(b.code).toBe(0);
  expect(b.stdout).toMatch(/signed by key [0-9a-f]{32}/);
});

describe("artifacts on the command line", () => {
  it("`check` verifies an artifact: a damaged byte is exit 1 with the damaged section named", () => {
    expect(edict(["check", art]).code).toBe(0);
    const bytes = readFileSync(art);
    bytes[bytes.length - 5] ^= 0x80;
    const damaged = join(dir, "damaged.edict.bin");
    writeFileSync(damaged, bytes);
    const r = edict(["check", damaged]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the artifact is damaged: section "table [^"]+" does not match its SHA-256/);
    const a = edict(["adjudicate", "--rules", damaged, `${EXAMPLE}/claim.json`]);
    expect(a.code).toBe(1);
    expect(a.stdout).toBe("");
  });

  it("a signed artifact: its key id and signature are in every result's ruleset block", () => {
    const r = edict(["adjudicate", "--rules", signed, "--require-signature", pub, `${EXAMPLE}/claim.json`]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.ruleset).toMatchObject({ name: "demo-ppo", keyId: expect.stringMatching(/^[0-9a-f]{32}$/), signature: expect.any(String) });
    const unsigned = JSON.parse(edict(["adjudicate", "--rules", art, `${EXAMPLE}/claim.json`]).stdout);
    expect(unsigned.ruleset).not.toHaveProperty("keyId");
    expect({ ...result, ruleset: undefined }).toEqual({ ...unsigned, ruleset: undefined });
    expect(edict(["check", signed, "--require-signature", pub]).stdout).toContain(`signed by key ${result.ruleset.keyId}`);
  });

  it("--require-signature refuses another signer, unsigned rules and pack folders, on every command that loads rules", () => {
    const claims = join(dir, "two.ndjson");
    writeLines(claims, generatedLines(3, 2));
    const commands: string[][] = [
      ["check", signed],
      ["adjudicate", "--rules", signed, `${EXAMPLE}/claim.json`],
      ["explain", "--rules", signed, `${EXAMPLE}/claim.json`],
      ["adjudicate", "--rules", signed, claims],
      ["diff", "--base", signed, "--head", signed, claims],
      ["estimate", "--rules", signed, "--context", "examples/estimate/context.json", "examples/estimate/planned-services.json"],
      ["test", signed, "--tests", "rules/demo-ppo/tests"],
      ["export", "--format", "json-rules-engine", signed],
    ];
    for (const c of commands) {
      const r = edict([...c, "--require-signature", strangerPub]);
      expect(r.code, c.join(" ")).toBe(1);
      expect(r.stderr, c.join(" ")).toContain("not by the required key");
      expect(edict([...c, "--require-signature", pub]).code, c.join(" ")).not.toBe(1);
    }
    expect(edict(["check", art, "--require-signature", pub]).stderr).toContain("is not signed, and a signature is required");
    expect(edict(["check", "rules/demo-ppo", "--require-signature", pub]).stderr).toContain("carries no signature");
  });

  it("`edict test` runs a pack's tests against its artifact", () => {
    const r = edict(["test", art, "--tests", "rules/demo-ppo/tests"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/passed/);
    expect(edict(["test", art]).code).toBe(3);
  });
});

describe("files and input", () => {
  it("--rules naming a missing folder exits 4 (a file cannot be read), on every command", () => {
    for (const c of [
      ["adjudicate", "--rules", "no/such/pack", `${EXAMPLE}/claim.json`],
      ["check", "no/such/pack"],
      ["build", "no/such/pack", "-o", join(dir, "x.bin")],
      ["diff", "--base", "no/such/pack", "--head", "rules/demo-ppo", `${EXAMPLE}/claim.json`],
    ]) {
      const r = edict(c);
      expect(r.code, c.join(" ")).toBe(4);
      expect(r.stderr).toContain("no/such/pack");
    }
  });

  it("JSON errors give line and column; a byte-order mark is accepted; a key given twice is refused", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{\n  "id": "x",\n  "a": }');
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", `${EXAMPLE}/context.json`, bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad} is not valid JSON: line 3, column 8: expected a value`);
    const bom = join(dir, "bom.json");
    writeFileSync(bom, "\ufeff" + readFileSync(`${EXAMPLE}/claim.json`, "utf8"));
    const b = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", `${EXAMPLE}/context.json`, bom]);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(readFileSync(`${EXAMPLE}/expected.json`, "utf8"));
    const twice = join(dir, "twice.json");
    writeFileSync(twice, readFileSync(`${EXAMPLE}/claim.json`, "utf8").replace('"id": "C-2026-000101",', '"id": "C-2026-000101",\n  "id": "C-OTHER",'));
    const t = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", `${EXAMPLE}/context.json`, twice]);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('line 3, column 3: the key "id" appears twice');
  });

  it("context problems are named under context.; --limit changes a limit", () => {
    const ctx = join(dir, "ctx.json");
    writeFileSync(ctx, readFileSync(`${EXAMPLE}/context.json`, "utf8").replace('"asOf": "2026-02-17"', '"asOf": 5'));
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", ctx, `${EXAMPLE}/claim.json`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("  context.asOf: ");
    const l = edict(["adjudicate", "--rules", "rules/demo-ppo", "--limit", "idLength=5", `${EXAMPLE}/claim.json`]);
    expect(l.code).toBe(2);
    expect(l.stderr).toContain("  id: is 13 characters long; the limit is 5 (raise it with --limit idLength=…)");
    expect(edict(["check", "rules/demo-ppo", "--limit", "nonsense=1"]).code).toBe(3);
  });

  it("rule files outside the pack root are refused without echoing them; --allow-path admits a shared folder", () => {
    const root = tempDir("edict-hard-pack-");
    mkdirSync(join(root, "rules/p"), { recursive: true });
    mkdirSync(join(root, "shared"));
    writeFileSync(join(root, "shared/codes.csv"), "code\n99213\n");
    writeFileSync(join(root, "rules/p/a.edict"), 'pack "p" version "1"\ntable t from "/etc/passwd" { key code: procedure }\n');
    const r = edict(["check", join(root, "rules/p")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("table file /etc/passwd is outside the pack root");
    expect(r.stderr).not.toContain("root:x");
    writeFileSync(join(root, "rules/p/a.edict"), 'pack "p" version "1"\ntable t from "../../shared/codes.csv" { key code: procedure }\n');
    expect(edict(["check", join(root, "rules/p")]).code).toBe(1);
    expect(edict(["check", join(root, "rules/p"), "--allow-path", join(root, "shared")]).code).toBe(0);
  });
});

describe("batch runs that go wrong", () => {
  it("a claim whose money would overflow is an error record; the other 1,000 are adjudicated; --resume goes on", () => {
    const lines = generatedLines(5, 1000);
    const big = JSON.parse(lines[0]);
    big.claim.id = "C-HUGE";
    big.claim.lines = Array.from({ length: 1000 }, (_, i) => ({ ...big.claim.lines[0], lineNumber: i + 1, charge: "99999999999.99" }));
    lines.splice(500, 0, JSON.stringify(big));
    const input = join(dir, "huge.ndjson");
    writeLines(input, lines);
    const output = join(dir, "huge.out.ndjson");
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--output", output, input]);
    expect(r.code).toBe(2);
    const records = readFileSync(output, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(1001);
    const error = records.find((x) => x.error);
    expect(error.error).toEqual({ line: 501, claimId: "C-HUGE", issues: [{ path: "lines[1].charge", message: expect.stringContaining("largest total") }] });
    expect(records.filter((x) => !x.error)).toHaveLength(1000);
    const again = edict(["adjudicate", "--rules", "rules/demo-ppo", "--output", output, "--resume", input]);
    expect(again.code).toBe(2);
    expect(readFileSync(output, "utf8").trimEnd().split("\n")).toHaveLength(1001);
  });

  it("a second run on the same --output is refused while the first holds it; a stale lock is taken over", () => {
    const input = join(dir, "few.ndjson");
    writeLines(input, generatedLines(8, 20));
    const output = join(dir, "locked.ndjson");
    // a lock held by a live process (this one)
    writeFileSync(`${output}.lock`, `${process.pid} ${hostname()}\n`);
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--output", output, input]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${output} is being written by another edict run (process ${process.pid})`);
    expect(existsSync(output)).toBe(false);
    // a lock left by a process that is gone
    const gone = spawnSync("node", ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(`${output}.lock`, `${gone} ${hostname()}\n`);
    expect(edict(["adjudicate", "--rules", "rules/demo-ppo", "--output", output, input]).code).toBe(0);
    expect(existsSync(`${output}.lock`)).toBe(false);
  });

  it("two real processes on one output: the second is refused, the first finishes a whole file", async () => {
    const input = join(dir, "many.ndjson");
    writeLines(input, generatedLines(9, 3000));
    const output = join(dir, "race.ndjson");
    const first = spawn("node", ["bin/edict.js", "adjudicate", "--rules", "rules/demo-ppo", "--output", output, input], { stdio: "ignore" });
    const done = new Promise<number | null>((resolve) => first.on("exit", resolve));
    for (let i = 0; i < 400 && !existsSync(`${output}.lock`); i++) await new Promise((r) => setTimeout(r, 25));
    const second = edictBinary(["adjudicate", "--rules", "rules/demo-ppo", "--output", output, input]);
    expect(second.code).toBe(4);
    expect(second.stderr).toContain("is being written by another edict run");
    expect(await done).toBe(0);
    expect(readFileSync(output, "utf8").trimEnd().split("\n")).toHaveLength(3000);
    expect(existsSync(`${output}.lock`)).toBe(false);
  });

  it("a run killed with SIGKILL leaves no sort runs and no lock behind; stale runs are removed by the next run", async () => {
    const input = join(dir, "killed.ndjson");
    writeLines(input, generatedLines(10, 3000));
    const output = join(dir, "killed.out.ndjson");
    const runs = () => readdirSync(tmpdir()).filter((n) => n.startsWith("edict-batch-"));
    const before = new Set(runs());
    const child = spawn("node", ["bin/edict.js", "adjudicate", "--rules", "rules/demo-ppo", "--output", output, input], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    let mine: string[] = [];
    for (let i = 0; i < 400 && mine.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      mine = runs().filter((n) => !before.has(n) && n.startsWith(`edict-batch-${child.pid}-`));
    }
    expect(mine).toHaveLength(1);
    child.kill("SIGKILL");
    await exited;
    // the watchdog is a node process of its own that polls every 250 ms: on a loaded machine it can
    // take seconds to start, so give it up to 20 s
    for (let i = 0; i < 400 && (existsSync(join(tmpdir(), mine[0])) || existsSync(`${output}.lock`)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(tmpdir(), mine[0]))).toBe(false);
    expect(existsSync(`${output}.lock`)).toBe(false);
    // a folder left by a process that no longer runs (as after a power cut) goes at the next run
    const stale = join(tmpdir(), "edict-batch-4194305-abcdef");
    mkdirSync(stale);
    writeFileSync(join(stale, "run-0.tsv"), "x");
    const few = join(dir, "after.ndjson");
    writeLines(few, generatedLines(12, 3));
    expect(edict(["adjudicate", "--rules", "rules/demo-ppo", few]).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
  });
});
