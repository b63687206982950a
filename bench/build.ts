// Builds the benchmark as the package is built (src/ bundled with chevrotain's single-file
// module, grammar self-checks compiled out, as tsup.config.ts does), so Edict and the
// hand-written baseline are both timed as built JavaScript, never through tsx.
// `npm run bench` runs this, then node .scratch/bench/run.mjs (`npm run bench:mce`: mce.mjs,
// `npm run bench:fhir`: fhir.mjs, `npm run bench:long`: long-claim.mjs).
import { createRequire } from "node:module";
import * as esbuild from "esbuild";
import { eagerCompilePlugin } from "../scripts/eager-compile-plugin.js";
import { jsonParsePlugin } from "../scripts/json-parse-plugin.js";

const chevrotain = createRequire(import.meta.url)
  .resolve("chevrotain")
  .replace(/lib[\\/]src[\\/]api\.js$/, "lib/chevrotain.mjs");

await esbuild.build({
  entryPoints: {
    run: "bench/run.ts",
    "bench-worker": "bench/bench-worker.ts",
    "load-probe": "bench/load-probe.ts",
    "reference-probe": "bench/reference-probe.ts",
    mce: "bench/mce.ts",
    fhir: "bench/fhir.ts",
    x12: "bench/x12.ts",
    service: "bench/service.ts",
    distributed: "bench/distributed.ts",
    "long-claim": "bench/long-claim.ts",
    "batch-engine": "bench/batch-engine.ts",
    "harness-diff": "bench/harness-diff.ts",
  },
  outdir: ".scratch/bench",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  alias: { chevrotain },
  define: { __EDICT_RELEASE__: "true" },
  plugins: [jsonParsePlugin, eagerCompilePlugin],
  sourcemap: true,
  logLevel: "warning",
  // some dependencies are CommonJS: give the bundle a require
  banner: { js: 'import { createRequire as __edictRequire } from "node:module"; const require = __edictRequire(import.meta.url);' },
});
