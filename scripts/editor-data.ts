// The demo page's data, gathered at build time: the files of the shipped packs (rules/demo-ppo,
// rules/cms-edits) and the example claims, served to the bundle as the module "virtual:edict-demo-data".
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Plugin } from "esbuild";

export const DEMO_PACKS = ["rules/demo-ppo", "rules/cms-edits"];
export const DEMO_ENTRY = "rules/demo-ppo";

export interface DemoExample {
  name: string;
  description?: string;
  claim: unknown;
  context: unknown;
  expected?: { status?: string; totals?: Record<string, string> };
}

export interface DemoData {
  entry: string;
  files: Record<string, string>;
  examples: DemoExample[];
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

/** every .edict and .csv file of the demo packs and the entry's tests/*.json (path → text, paths relative to the repository) */
export function demoFiles(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const pack of DEMO_PACKS) {
    for (const path of walk(join(root, pack))) {
      const rel = relative(root, path).split("\\").join("/");
      // sources and tables of every pack, and the entry pack's test cases (the editor runs those)
      if (/\.(edict|csv)$/.test(rel) || (pack === DEMO_ENTRY && rel.startsWith(`${pack}/tests/`) && rel.endsWith(".json")))
        files[rel] = readFileSync(path, "utf8");
    }
  }
  return files;
}

export function demoExamples(root: string): DemoExample[] {
  const dir = join(root, "examples/claims");
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, "claim.json")))
    .map((name) => {
      const at = (file: string) => join(dir, name, file);
      const expect = existsSync(at("expect.json")) ? (readJson(at("expect.json")) as { description?: string }) : {};
      const expected = existsSync(at("expected.json")) ? (readJson(at("expected.json")) as DemoExample["expected"]) : undefined;
      return {
        name,
        description: expect.description,
        claim: readJson(at("claim.json")),
        context: readJson(at("context.json")),
        expected: expected && { status: expected.status, totals: expected.totals },
      };
    });
}

export function demoData(root: string): DemoData {
  return { entry: DEMO_ENTRY, files: demoFiles(root), examples: demoExamples(root) };
}

/** esbuild plugin: `import data from "virtual:edict-demo-data"` */
export function demoDataPlugin(root: string): Plugin {
  return {
    name: "edict-demo-data",
    setup(build) {
      build.onResolve({ filter: /^virtual:edict-demo-data$/ }, (args) => ({ path: args.path, namespace: "edict-demo-data" }));
      build.onLoad({ filter: /.*/, namespace: "edict-demo-data" }, () => ({ contents: JSON.stringify(demoData(root)), loader: "json" }));
    },
  };
}
