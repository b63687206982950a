// The built package (dist/, made by tsup before the tests run) starts quickly: chevrotain's
// single-file build is bundled in (not its ~700-module graph), and the grammar self-checks that
// tests run (src/syntax/release.ts) are compiled out.
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RELEASE_BUILD } from "../src/syntax/release.js";

const NODE_BUILTINS = new Set(builtinModules);

describe("the built package", () => {
  for (const file of ["dist/index.js", "dist/index.cjs", "dist/node.js", "dist/cli.js"]) {
    it(`${file} bundles chevrotain and is a release build`, () => {
      const code = readFileSync(file, "utf8");
      expect(code).not.toMatch(/from\s*["']chevrotain["']|require\(["']chevrotain["']\)/);
      expect(code).not.toContain("__EDICT_RELEASE__");
    });
  }

  // what loads with a module: its static imports, followed through the chunks (not import())
  function staticImports(file: string, seen = new Set<string>()): Set<string> {
    const packages = new Set<string>();
    if (seen.has(file)) return packages;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(/^import\s+(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm)) {
      const target = m[1]!;
      if (target.startsWith("./")) for (const p of staticImports(join("dist", target), seen)) packages.add(p);
      else packages.add(target);
    }
    return packages;
  }

  for (const file of ["dist/index.js", "dist/node.js", "dist/cli.js"]) {
    it(`${file} loads no package at start-up but Node's own (zod bundled; NATS, the service and the ledger on demand)`, () => {
      const chunks = new Set<string>();
      const packages = [...staticImports(file, chunks)];
      expect(chunks.size, "the entry's chunks are followed").toBeGreaterThan(1);
      expect(packages.filter((p) => !p.startsWith("node:") && !NODE_BUILTINS.has(p))).toEqual([]);
    });
  }

  // the source files a module's start-up evaluates: the sources its chunks' source maps name
  function startupSources(file: string): string[] {
    const chunks = new Set<string>();
    staticImports(file, chunks);
    return [...chunks].flatMap((chunk) => (JSON.parse(readFileSync(`${chunk}.map`, "utf8")) as { sources: string[] }).sources);
  }

  it("dist/cli.js leaves src/interop/x12 (the guide maps, ~1 MB of text) to the commands that read X12", () => {
    const x12 = (sources: string[]) => sources.filter((s) => s.includes("src/interop/x12/"));
    // the library entry does load it, so the check below would see it if the CLI did
    expect(x12(startupSources("dist/index.js"))).not.toEqual([]);
    expect(x12(startupSources("dist/cli.js"))).toEqual([]);
  });

  it("tests run the grammar self-checks (sources are not a release build)", () => {
    expect(RELEASE_BUILD).toBe(false);
  });
});
