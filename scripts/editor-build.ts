// `npm run editor:build`: bundles the rule editor's demo page with esbuild into dist/editor/ —
// the page, the component (edict-editor.js, .css and .d.ts), the monaco and Edict workers — and
// reports sizes. `npm run build` (and so `npm install`) runs it after tsup, which cleans dist/.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { demoDataPlugin } from "./editor-data.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTDIR = join(ROOT, "dist/editor");

export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

export interface BuildReport {
  outdir: string;
  millis: number;
  files: FileSize[];
  /** what the demo page loads: html, js, css, font and the three workers */
  page: { bytes: number; gzip: number };
}

function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

/** the inputs whose change makes a build stale */
function inputs(root: string): string[] {
  return [
    ...["src", "editor", "rules", "examples/claims", "schemas"].flatMap((d) => allFiles(join(root, d))),
    ...readdirSync(join(root, "scripts"))
      .filter((n) => n.startsWith("editor-"))
      .map((n) => join(root, "scripts", n)),
    join(root, "node_modules/monaco-editor/package.json"),
  ];
}

/** true when dist/editor was built after every input last changed */
export function isBuildFresh(root = ROOT, outdir = OUTDIR): boolean {
  const stamp = join(outdir, "build.json");
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return inputs(root).every((f) => statSync(f).mtimeMs <= built);
}

/** the component's types, bundled into one self-contained edict-editor.d.ts (~10 s, so optional) */
async function buildTypes(root: string, outdir: string): Promise<void> {
  const { build } = await import("tsup");
  const entry = { "edict-editor": join(root, "src/editor/index.ts") };
  await build({ entry, dts: { only: true, entry }, outDir: outdir, format: ["esm"], clean: false, config: false, silent: true });
}

export async function buildEditor(options: { root?: string; outdir?: string; minify?: boolean; types?: boolean } = {}): Promise<BuildReport> {
  const root = options.root ?? ROOT;
  const outdir = options.outdir ?? OUTDIR;
  const started = performance.now();
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const common: esbuild.BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    minify: options.minify ?? true,
    target: "es2022",
    format: "esm",
    outdir,
    logLevel: "warning",
    legalComments: "linked",
    // chevrotain's grammar self-checks run in tests, not in the page (src/syntax/release.ts)
    define: { __EDICT_RELEASE__: "true" },
  };
  // the page and the component; shared code (monaco, the editor) goes to a common chunk
  const pageBuild = await esbuild.build({
    ...common,
    metafile: true,
    entryPoints: { demo: "editor/demo.ts", "edict-editor": "src/editor/index.ts" },
    splitting: true,
    chunkNames: "chunk-[hash]",
    assetNames: "[name]-[hash]",
    loader: { ".ttf": "file" },
    plugins: [demoDataPlugin(root)],
  });
  // the workers: each a self-contained module
  const monaco = "node_modules/monaco-editor/esm/vs";
  await esbuild.build({
    ...common,
    entryPoints: {
      "editor.worker": `${monaco}/editor/editor.worker.js`,
      "json.worker": `${monaco}/language/json/json.worker.js`,
      "edict.worker": "src/editor/worker.ts",
    },
  });
  // the chunks demo.js imports, preloaded from the page's <head> (else the browser finds them only
  // once demo.js has arrived and been parsed)
  const demoOut = Object.entries(pageBuild.metafile.outputs).find(([, o]) => o.entryPoint === "editor/demo.ts");
  const chunks = (demoOut?.[1].imports ?? []).filter((i) => i.kind === "import-statement").map((i) => relative(outdir, resolve(root, i.path)));
  const preload = chunks.map((c) => `<link rel="modulepreload" href="${c}" />`).join("\n    ");
  const html = readFileSync(join(root, "editor/index.html"), "utf8").replace("<!-- modulepreload -->", preload);
  writeFileSync(join(outdir, "index.html"), html);

  if (options.types) await buildTypes(root, outdir);

  const files = allFiles(outdir)
    .filter((f) => !f.endsWith(".LEGAL.txt"))
    .map((f) => {
      const data = readFileSync(f);
      return { file: relative(outdir, f), bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
    })
    .sort((a, b) => b.bytes - a.bytes);
  // the component entry (edict-editor.*) is for hosts, and chunk CSS repeats what demo.css holds
  const pageFiles = files.filter((f) => !f.file.startsWith("edict-editor.") && !/^chunk-.*\.css$/.test(f.file));
  const page = pageFiles.reduce((t, f) => ({ bytes: t.bytes + f.bytes, gzip: t.gzip + f.gzip }), { bytes: 0, gzip: 0 });
  const report: BuildReport = { outdir, millis: Math.round(performance.now() - started), files, page };
  writeFileSync(join(outdir, "build.json"), JSON.stringify({ ...report, outdir: relative(root, outdir) }, null, 2) + "\n");
  return report;
}

export function formatSizes(report: BuildReport): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const rows = report.files.map((f) => `  ${f.file.padEnd(34)} ${kb(f.bytes).padStart(12)} ${kb(f.gzip).padStart(12)} gzip`);
  return [
    ...rows,
    `  ${"page total (without edict-editor.*)".padEnd(34)} ${kb(report.page.bytes).padStart(12)} ${kb(report.page.gzip).padStart(12)} gzip`,
  ].join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await buildEditor({ types: true });
  console.log(`built ${relative(ROOT, report.outdir)}/ in ${report.millis} ms`);
  console.log(formatSizes(report));
}
