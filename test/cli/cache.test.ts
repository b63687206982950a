// The CLI's compiled-pack cache: on by default for commands that load a pack folder (post, serve
// and worker included), in
// $EDICT_CACHE_DIR (else $XDG_CACHE_HOME/edict, else ~/.cache/edict); a hit prints exactly what
// a compile does; --no-cache writes nothing; a cache folder that cannot be written is silent.
// Every run here names its own temporary cache folder.
import { describe, it, expect } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { cacheDirectory } from "../../src/cli/support.js";
import { edict } from "./installed.js";
import { tempDir } from "../support/temp.js";

const CLAIM = "examples/claims/01-office-visit-in-network/claim.json";
const entries = (dir: string) => readdirSync(dir).filter((n) => n.endsWith(".pack"));

describe("edict's compiled-pack cache", () => {
  it("explain prints the same (file:line:col included) on a miss, a hit and with --no-cache", () => {
    const dir = join(tempDir("edict-cli-cache-"), "cache");
    const env = { EDICT_CACHE_DIR: dir };
    const miss = edict(["explain", "--rules", "rules/demo-ppo", CLAIM], env);
    expect(miss.code, miss.stderr).toBe(0);
    expect(entries(dir)).toHaveLength(1);
    const entry = join(dir, entries(dir)[0]);
    const stored = statSync(entry);
    const hit = edict(["explain", "--rules", "rules/demo-ppo", CLAIM], env);
    const plain = edict(["explain", "--no-cache", "--rules", "rules/demo-ppo", CLAIM], env);
    expect(miss.stdout).toMatch(/rules\/demo-ppo\/plan\.edict:\d+:\d+/);
    for (const r of [hit, plain]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(miss.stdout);
      expect(r.stderr).toBe(miss.stderr);
    }
    // the hits read the entry and left it as it was: a miss would have renamed a new file into place
    expect(statSync(entry).ino).toBe(stored.ino);
    expect(statSync(entry).mtimeMs).toBe(stored.mtimeMs);
  });

  it("check --format json and the artifact of build are the same on a hit as without the cache", () => {
    const base = tempDir("edict-cli-cache-");
    const env = { EDICT_CACHE_DIR: join(base, "cache") };
    const first = edict(["check", "--format", "json", "rules/demo-ppo"], env);
    const hit = edict(["check", "--format", "json", "rules/demo-ppo"], env);
    const plain = edict(["check", "--no-cache", "--format", "json", "rules/demo-ppo"], env);
    expect(first.code, first.stderr).toBe(0);
    expect(hit.stdout).toBe(first.stdout);
    expect(plain.stdout).toBe(first.stdout);
    const text = edict(["check", "rules/demo-ppo"], env);
    expect(text.stdout).toBe(edict(["check", "--no-cache", "rules/demo-ppo"], env).stdout);
    const cached = join(base, "cached.edictpack");
    const fresh = join(base, "fresh.edictpack");
    expect(edict(["build", "-o", cached, "rules/demo-ppo"], env).code).toBe(0);
    expect(edict(["build", "--no-cache", "-o", fresh, "rules/demo-ppo"], env).code).toBe(0);
    expect(readFileSync(cached).equals(readFileSync(fresh))).toBe(true);
  });

  it("post (as serve and worker) loads --rules through the cache: same answers on a miss, a hit and with --no-cache", () => {
    const dir = join(tempDir("edict-cli-cache-"), "cache");
    const env = { EDICT_CACHE_DIR: dir };
    const post = (...flags: string[]) =>
      edict(["post", ...flags, "--database", "memory", "--rules", "rules/demo-ppo", "examples/claims/01-office-visit-in-network"], env);
    const plain = post("--no-cache");
    expect(plain.code, plain.stderr).toBe(0);
    expect(existsSync(dir)).toBe(false);
    const miss = post();
    expect(entries(dir)).toHaveLength(1);
    const stored = statSync(join(dir, entries(dir)[0]));
    const hit = post();
    expect(statSync(join(dir, entries(dir)[0])).mtimeMs).toBe(stored.mtimeMs);
    expect(miss.stdout).toBe(plain.stdout);
    expect(hit.stdout).toBe(plain.stdout);
  });

  it("--no-cache writes nothing", () => {
    const dir = join(tempDir("edict-cli-cache-"), "cache");
    const r = edict(["adjudicate", "--no-cache", "--rules", "rules/demo-ppo", CLAIM], { EDICT_CACHE_DIR: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it("a cache folder that cannot be written changes nothing: same output, nothing on stderr", () => {
    const base = tempDir("edict-cli-cache-");
    writeFileSync(join(base, "a-file"), "");
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", CLAIM], { EDICT_CACHE_DIR: join(base, "a-file", "cache") });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(edict(["adjudicate", "--no-cache", "--rules", "rules/demo-ppo", CLAIM]).stdout);
  });

  it("lives in $EDICT_CACHE_DIR, else $XDG_CACHE_HOME/edict, else ~/.cache/edict", () => {
    expect(cacheDirectory({ EDICT_CACHE_DIR: "/var/cache/e", XDG_CACHE_HOME: "/x" })).toBe("/var/cache/e");
    expect(cacheDirectory({ XDG_CACHE_HOME: "/x" })).toBe("/x/edict");
    // an empty or relative XDG_CACHE_HOME is not a cache home (the XDG spec)
    expect(cacheDirectory({ XDG_CACHE_HOME: "relative" })).toBe(join(homedir(), ".cache", "edict"));
    expect(cacheDirectory({ EDICT_CACHE_DIR: "", XDG_CACHE_HOME: "" })).toBe(join(homedir(), ".cache", "edict"));
  });
});
