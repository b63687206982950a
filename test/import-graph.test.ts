// The folders of src/ form one pipeline: a folder may import only from folders before it in
// LAYERS. A back edge (say, the engine importing the CLI, or two folders importing each other)
// fails here with the file and the import that makes it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

/** earliest first; `index` is src/index.ts, the library's entry */
const LAYERS = [
  "common",
  "model",
  "syntax",
  "ir",
  "tables",
  "check",
  "runtime",
  "eval",
  "compile",
  "engine",
  "trace",
  "fixes",
  "testing",
  "estimate",
  "artifact",
  "interop",
  "batch",
  "index",
  "node",
  "ledger",
  "distributed",
  "service",
  "editor",
  "cli",
];

const SRC = resolve("src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mts|mjs)$/.test(name) ? [path] : [];
  });
}

/** the layer of a file under src/: its top folder, or "index" for src/index.ts */
function layerOf(path: string): string {
  const parts = relative(SRC, path).split(sep);
  return parts.length === 1 ? parts[0]!.replace(/\.[^.]+$/, "") : parts[0]!;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

function localImports(file: string): string[] {
  const code = readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "");
  const out: string[] = [];
  for (const m of code.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith(".")) out.push(resolve(dirname(file), spec));
  }
  return out;
}

describe("the import graph of src/ follows the pipeline", () => {
  const all = files(SRC);

  it("every folder of src/ has a place in the layer list", () => {
    const layers = new Set(all.map(layerOf));
    expect([...layers].filter((l) => !LAYERS.includes(l))).toEqual([]);
  });

  it("no folder imports from a folder after it", () => {
    const backEdges: string[] = [];
    for (const file of all) {
      const from = layerOf(file);
      for (const target of localImports(file)) {
        const to = layerOf(target);
        if (to !== from && LAYERS.indexOf(to) > LAYERS.indexOf(from))
          backEdges.push(`${relative(SRC, file)} (${from}) imports ${relative(SRC, target)} (${to})`);
      }
    }
    expect(backEdges).toEqual([]);
  });

  it("finds a back edge when there is one (the check itself can fail)", () => {
    const engine = join(SRC, "engine", "x.ts");
    expect(LAYERS.indexOf(layerOf(join(SRC, "cli", "main.ts"))) > LAYERS.indexOf(layerOf(engine))).toBe(true);
    expect(localImports(join(SRC, "index.ts")).some((t) => layerOf(t) === "engine")).toBe(true);
  });
});
