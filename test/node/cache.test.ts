// The compiled-pack cache (src/node/cache.ts): a hit gives what a compile gives, byte for byte
// (results, explanations with file:line:col); any change to what the compile read
// or listed is a miss; a damaged or foreign entry is ignored and replaced; a folder that cannot
// be written means no cache, never an error. Every cache folder here is a temporary one.
import { describe, it, expect } from "vitest";
import { appendFileSync, cpSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadPack, type LoadOptions, type PackCache } from "../../src/node/index.js";
import { explain, formatDiagnostic, type CompileOutput } from "../../src/index.js";
import { tempDir } from "../support/temp.js";

const EXAMPLES = "examples/claims";

function ok(out: CompileOutput): Extract<CompileOutput, { ok: true }> {
  if (!out.ok) throw new Error(out.diagnostics.map(formatDiagnostic).join("\n"));
  return out;
}

/** a copy of the shipped packs in a new folder: returns its demo-ppo (which includes cms-edits) */
function copyPack(): string {
  const dir = join(tempDir("edict-cache-pack-"), "rules");
  cpSync("rules", dir, { recursive: true });
  return join(dir, "demo-ppo");
}

/** a cache in a new folder that records what each load did */
function newCache(dir = tempDir("edict-cache-")): PackCache & { events: string[] } {
  const events: string[] = [];
  return { dir, events, onEvent: (e) => events.push(e) };
}

const load = (pack: string, cache: PackCache, options: LoadOptions = {}) => ok(loadPack(pack, { ...options, cache }));

/** JSON with every object's keys sorted, without the artifact's `columnar` table marks */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (key, v) =>
    key === "columnar"
      ? undefined
      : v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
        : v,
  );

/** every example claim's result and explanation, as text */
function outcomes(out: Extract<CompileOutput, { ok: true }>): string[] {
  return readdirSync(EXAMPLES)
    .filter((name) => /^\d/.test(name))
    .sort()
    .map((name) => {
      const claim = JSON.parse(readFileSync(join(EXAMPLES, name, "claim.json"), "utf8"));
      const context = JSON.parse(readFileSync(join(EXAMPLES, name, "context.json"), "utf8"));
      const r = out.ruleset.adjudicate(claim, context, { trace: true });
      return r.ok ? `${JSON.stringify(r.result)}\n${explain(r.result)}` : JSON.stringify(r.issues);
    });
}

describe("the compiled-pack cache", () => {
  it("a hit gives the same ruleset, results and explanations (file:line:col) as a compile without the cache", () => {
    const pack = copyPack();
    const cache = newCache();
    const plain = ok(loadPack(pack));
    const miss = load(pack, cache);
    const hit = load(pack, cache);
    expect(cache.events).toEqual(["stored", "hit"]);
    expect(readdirSync(cache.dir).filter((n) => n.endsWith(".pack"))).toHaveLength(1);
    expect(hit.ruleset.hash).toBe(plain.ruleset.hash);
    // the same program, up to key order and the artifact's note that its tables are columnar
    expect(canonical(hit.ruleset.program)).toBe(canonical(plain.ruleset.program));
    const expected = outcomes(plain);
    expect(expected.some((o) => /plan\.edict:\d+:\d+/.test(o))).toBe(true);
    expect(outcomes(miss)).toEqual(expected);
    expect(outcomes(hit)).toEqual(expected);
  });

  it("editing a rule file is a miss, and the new load gives the edited pack", () => {
    const pack = copyPack();
    const cache = newCache();
    const before = load(pack, cache);
    appendFileSync(join(pack, "plan.edict"), "\n// a comment changes the file's bytes\n");
    const after = load(pack, cache);
    expect(cache.events).toEqual(["stored", "stored"]);
    expect(after.ruleset.hash).not.toBe(before.ruleset.hash);
    expect(after.ruleset.hash).toBe(ok(loadPack(pack)).ruleset.hash);
    load(pack, cache);
    expect(cache.events[2]).toBe("hit");
    // the edit replaced the pack's entry: the folder does not grow with every edit
    expect(readdirSync(cache.dir).filter((n) => n.endsWith(".pack"))).toHaveLength(1);
  });

  it("changing one table row is a miss: the new fee is used", () => {
    const pack = copyPack();
    const cache = newCache();
    const before = load(pack, cache);
    const fees = join(pack, "tables", "fees.csv");
    writeFileSync(fees, readFileSync(fees, "utf8").replace(/^99213,[0-9.]+$/m, "99213,100.00"));
    const after = load(pack, cache);
    expect(cache.events).toEqual(["stored", "stored"]);
    expect(before.ruleset.fee("99213")).not.toBe(10000);
    expect(after.ruleset.fee("99213")).toBe(10000);
  });

  it("adding a file to a folder the compile listed is a miss", () => {
    const pack = copyPack();
    const cache = newCache();
    load(pack, cache);
    load(pack, cache);
    writeFileSync(join(pack, "extra.edict"), "// nothing yet\n");
    const after = load(pack, cache);
    expect(cache.events).toEqual(["stored", "hit", "stored"]);
    expect(after.ruleset.hash).toBe(ok(loadPack(pack)).ruleset.hash);
  });

  it("a damaged entry is ignored (the pack compiles) and replaced", () => {
    const pack = copyPack();
    const cache = newCache();
    const plain = load(pack, cache);
    const [entry] = readdirSync(cache.dir).filter((n) => n.endsWith(".pack"));
    const path = join(cache.dir, entry);
    const bytes = readFileSync(path);
    for (const damage of [
      () => writeFileSync(path, bytes.subarray(0, bytes.length >> 1)), // cut short
      () => writeFileSync(path, Buffer.concat([bytes.subarray(0, bytes.length - 40), Buffer.from("x".repeat(40))])), // artifact bytes changed
      () => writeFileSync(path, "not an entry"),
    ]) {
      damage();
      const again = load(pack, cache);
      expect(again.ruleset.hash).toBe(plain.ruleset.hash);
      expect(cache.events.at(-1)).toBe("stored");
      expect(readFileSync(path).equals(bytes)).toBe(true);
    }
    load(pack, cache);
    expect(cache.events.at(-1)).toBe("hit");
  });

  it("another key's entry under this key's name is not used", () => {
    const a = copyPack();
    const b = copyPack();
    writeFileSync(join(b, "tables", "fees.csv"), readFileSync(join(b, "tables", "fees.csv"), "utf8").replace(/^99213,[0-9.]+$/m, "99213,1.00"));
    const cache = newCache();
    load(a, cache);
    const [entryA] = readdirSync(cache.dir);
    load(b, cache);
    const entryB = readdirSync(cache.dir).find((n) => n !== entryA)!;
    renameSync(join(cache.dir, entryA), join(cache.dir, entryB));
    const again = load(b, cache);
    expect(cache.events.at(-1)).toBe("stored");
    expect(again.ruleset.fee("99213")).toBe(100);
  });

  it("the same pack named relatively and absolutely has two entries (spans say the path as given)", () => {
    const cache = newCache();
    const relative = load("rules/demo-ppo", cache);
    const absolute = load(join(process.cwd(), "rules/demo-ppo"), cache);
    expect(cache.events).toEqual(["stored", "stored"]);
    expect(relative.ruleset.program.rules[0].span.file).toBe("rules/demo-ppo/plan.edict");
    expect(absolute.ruleset.program.rules[0].span.file).toBe(join(process.cwd(), "rules/demo-ppo/plan.edict"));
    load("rules/demo-ppo", cache);
    load(join(process.cwd(), "rules/demo-ppo"), cache);
    expect(cache.events.slice(2)).toEqual(["hit", "hit"]);
  });

  it("options that change the compile are part of the key: another limit is another entry", () => {
    const pack = copyPack();
    const cache = newCache();
    load(pack, cache);
    load(pack, cache, { limits: { tableBytes: 1_000_000 } });
    expect(cache.events).toEqual(["stored", "stored"]);
    // a limit the pack's table exceeds: the compile fails, and nothing is stored for it
    expect(loadPack(pack, { cache, limits: { tableBytes: 10 } }).ok).toBe(false);
    expect(cache.events.at(-1)).toBe("not-stored");
    expect(readdirSync(cache.dir).filter((n) => n.endsWith(".pack"))).toHaveLength(2);
  });

  it("a pack with errors is never stored", () => {
    const pack = copyPack();
    appendFileSync(join(pack, "plan.edict"), "\nrule broken {\n");
    const cache = newCache();
    expect(loadPack(pack, { cache }).ok).toBe(false);
    expect(cache.events).toEqual(["not-stored"]);
    expect(readdirSync(cache.dir)).toEqual([]);
  });

  it("a cache folder that cannot be made means no cache: the pack loads, nothing is thrown", () => {
    const pack = copyPack();
    const file = join(tempDir("edict-cache-"), "a-file");
    writeFileSync(file, "");
    const cache = newCache(join(file, "cache"));
    const out = load(pack, cache);
    expect(out.ruleset.hash).toBe(ok(loadPack(pack)).ruleset.hash);
    expect(cache.events).toEqual(["not-stored"]);
  });
});
