#!/usr/bin/env python3
# Where a process's first compilePack spends its time, step by step (issue 15, item 5): copies
# the src/ of each tree given to a scratch folder, puts a timing mark at each step boundary of
# checkRuleset (loading and parsing the sources, each table's read and load, valuesets,
# parameters, plan, benefits, rules, the ruleset hash) and of compilePack, bundles each copy
# with esbuild, then runs the bundles in turn, a fresh process per run. A mark records
# performance.now() (wall of the main thread: run it on a quiet machine, or read the minima),
# so the steps add up to the compile. `--warm` parses the pack's .edict files once before the
# timed compile, so its "parse" row is a second parse and the rest is the compile after parsing.
# Prints per step the median and the minimum (ms) of each tree.
# `python3 bench/compile-steps.py [--runs 13] [--pack rules/demo-ppo] [--warm] [<tree> …]` (default: .)
# e.g. `python3 bench/compile-steps.py . /tmp/main-copy` (a tree is a folder holding src/).
# A step boundary that a change to src/ moved makes the script stop, naming the text it looked for.
import argparse, glob, json, os, shutil, statistics, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("trees", nargs="*", default=["."])
ap.add_argument("--runs", type=int, default=13)
ap.add_argument("--pack", default="rules/demo-ppo")
ap.add_argument("--warm", action="store_true")
ap.add_argument("--eager", action="store_true")
args = ap.parse_args()

here = os.getcwd()
scratch = os.path.join(here, ".scratch", "compile-steps")
M = "(globalThis as any).__mark"


def sub(path, old, new):
    text = open(path).read()
    if old not in text:
        sys.exit(f"compile-steps: {path} no longer holds {old!r}; move the mark")
    open(path, "w").write(text.replace(old, new, 1))


def instrument(src):
    packs, ruleset, compile_pack = f"{src}/check/packs.ts", f"{src}/check/ruleset.ts", f"{src}/engine/compile-pack.ts"
    sub(packs, "const listed = host.list(dir);", f'{M}("sources, other"); const listed = host.list(dir); {M}("list folders");')
    sub(packs, 'const read = host.read(path, "source");', f'{M}("sources, other"); const read = host.read(path, "source"); {M}("read sources");')
    sub(packs, "const parsed = parse(text, path);", f'{M}("sources, other"); const parsed = parse(text, path); {M}("parse");')
    sub(ruleset, "const sources = loadSources(entryDir, host, confinement);", f'{M}("start"); const sources = loadSources(entryDir, host, confinement); {M}("sources, other");')
    for comment, label in [
        ("  // ---- tables\n", "group declarations"),
        ("  // ---- valuesets\n", "tables, other"),
        ("  // ---- parameters, then", "valuesets"),
        ("  // ---- accumulators\n", "parameters"),
        ("  // ---- plan\n", "accumulators"),
        ("  // ---- precedence rules", "plan"),
        ("  // ---- benefits\n", "precedence"),
        ("  // ---- rules, then", "benefits"),
        ("  const sorted = sortDiagnostics(diagnostics);", "rules"),
    ]:
        sub(ruleset, comment, f'  {M}("{label}");\n{comment}')
    sub(ruleset, "      hash: rulesetHash(joinPath(\".\", entryDir), sources.texts, host.sha256?.bind(host)),", "      hash: __hash,")
    sub(
        ruleset,
        "  return {\n    diagnostics: sorted,\n    program: {",
        f'  {M}("sort diagnostics"); const __hash = rulesetHash(joinPath(".", entryDir), sources.texts, host.sha256?.bind(host)); {M}("ruleset hash");\n'
        "  return {\n    diagnostics: sorted,\n    program: {",
    )
    sub(ruleset, '  const text = host.read(path, "table");', f'  {M}("tables, other"); const text = host.read(path, "table"); {M}("read tables");')
    sub(ruleset, "  const loaded = loadTable(path, text, columns, d.span);", f'  {M}("tables, other"); const loaded = loadTable(path, text, columns, d.span); {M}("load tables");')
    sub(
        compile_pack,
        "return { ok: true, ruleset: makeRuleset(checked.program), diagnostics: checked.diagnostics };",
        f'{M}("check, rest"); const ruleset = makeRuleset(checked.program); {M}("makeRuleset"); return {{ ok: true, ruleset, diagnostics: checked.diagnostics }};',
    )


chevrotain = subprocess.run(
    ["node", "-e", 'console.log(require.resolve("chevrotain").replace(/lib[\\\\/]src[\\\\/]api\\.js$/, "lib/chevrotain.mjs"))'], capture_output=True, text=True, check=True
).stdout.strip()
bundles = []
for i, tree in enumerate(args.trees):
    work = os.path.join(scratch, str(i))
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(os.path.join(tree, "src"), os.path.join(work, "src"))
    instrument(os.path.join(work, "src"))
    if args.eager:
        plugin = os.path.join(here, "scripts", "eager-compile-plugin.ts")
        rewrite = f'import {{ readFileSync, writeFileSync }} from "node:fs"; import {{ EAGER_FILES, eagerFunctions }} from {json.dumps(plugin)}; for (const f of EAGER_FILES) writeFileSync(f, eagerFunctions(f, readFileSync(f, "utf8")));'
        subprocess.run(["npx", "tsx", "--eval", rewrite], cwd=work, check=True)
    entry = os.path.join(work, "entry.ts")
    open(entry, "w").write('export { compilePack } from "./src/engine/compile-pack.js";\nexport { fileSystemHost } from "./src/node/index.js";\nexport { parse } from "./src/syntax/index.js";\n')
    out = os.path.join(work, "steps.mjs")
    subprocess.run(
        ["npx", "esbuild", entry, "--bundle", "--platform=node", "--format=esm", "--target=node20", f"--alias:chevrotain={chevrotain}", "--define:__EDICT_RELEASE__=true", f"--outfile={out}", "--log-level=warning"],
        check=True,
    )
    bundles.append(out)

runner = os.path.join(scratch, "run.mjs")
open(runner, "w").write(
    """import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
const [bundle, pack, warm] = process.argv.slice(2);
const lib = await import(bundle);
const steps = {};
let last = 0, on = false;
globalThis.__mark = (label) => { if (!on) return; const t = performance.now(); steps[label] = (steps[label] ?? 0) + (t - last); last = t; };
performance.now();
if (warm === "warm") {
  // the pack's own .edict files and those of the packs beside it that it includes (rules/cms-edits for demo-ppo)
  const seen = new Set();
  const parseDir = (dir) => { if (seen.has(dir)) return; seen.add(dir);
    for (const f of readdirSync(dir)) if (f.endsWith(".edict")) { const text = readFileSync(join(dir, f), "utf8"); lib.parse(text, join(dir, f));
      for (const m of text.matchAll(/^include "(.*)"/gm)) parseDir(join(dir, m[1])); } };
  parseDir(pack);
}
on = true;
const t0 = performance.now(); last = t0;
const out = lib.compilePack(pack, lib.fileSystemHost, { allowPaths: [], packRoot: "." });
const total = performance.now() - t0;
on = false;
if (!out.ok) { console.error(`${pack} does not compile`); process.exit(1); }
console.log(JSON.stringify({ total, ...steps }));
"""
)

results = {b: [] for b in bundles}
for _ in range(args.runs):
    for b in bundles:
        r = subprocess.run(["node", runner, b, args.pack, "warm" if args.warm else "cold"], capture_output=True, text=True, check=True)
        results[b].append(json.loads(r.stdout))

load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"]
print(f"{args.pack}, {'after parsing once' if args.warm else 'cold'}, {args.runs} runs per tree in turn, wall ms of the main thread, median / min; load average now {' '.join(load)}")
labels = list(dict.fromkeys(k for b in bundles for r in results[b] for k in r))
print(f"{'step':22}" + "".join(f"{t[-28:]:>30}" for t in args.trees))
for label in labels:
    cells = []
    for b in bundles:
        v = sorted(r.get(label, 0.0) for r in results[b])
        cells.append(f"{statistics.median(v):8.2f} / {v[0]:6.2f}")
    print(f"{label:22}" + "".join(f"{c:>30}" for c in cells))
